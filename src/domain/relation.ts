// Claim relations made through the API are editorial links: they carry a note
// saying why they hold and count for standing from the day they are made.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { claimRelations, claims, type ClaimRelationKind } from '../db/schema.js';
import type { ChangeLog } from './change-log.js';
import { refuse } from './errors.js';
import { parseInput, requiredText, TEXT_LIMITS } from './input.js';

export type RelationRecord = typeof claimRelations.$inferSelect;

const RelateShape = z.object({ note: requiredText(TEXT_LIMITS.note).nullish() });

async function claimExists(log: ChangeLog, id: number, field: string): Promise<void> {
  const [row] = await log.tx.select({ id: claims.id }).from(claims).where(eq(claims.id, id));
  if (!row) refuse('NOT_FOUND', `No claim has the ID given as ${field}.`, [field]);
}

export async function relateClaims(log: ChangeLog, from: number, to: number, kind: ClaimRelationKind, input: { note?: string | null }): Promise<RelationRecord> {
  const { note } = parseInput(RelateShape, input);
  await claimExists(log, from, 'from');
  await claimExists(log, to, 'to');
  if (from === to) refuse('INVALID_INPUT', 'A claim cannot be related to itself.', ['to']);
  if (!note) refuse('NOTE_REQUIRED', 'An editorial relation needs a note saying why it holds.', ['note']);
  const relation = await insertRelation(log, { fromClaimId: from, toClaimId: to, kind, note, statementId: null }, ['kind']);
  await raiseVersions(log, [from, to]);
  return relation;
}

/**
 * A relation changes both claims as readers see them (relations, rebuttals,
 * standing), so both get a new version: an edit made from what was read
 * before answers CONFLICT.
 */
async function raiseVersions(log: ChangeLog, claimIds: number[]): Promise<void> {
  for (const id of new Set(claimIds)) await log.update(claims, eq(claims.id, id), { version: sql`${claims.version} + 1` });
}

export interface RelationInput {
  fromClaimId: number;
  toClaimId: number;
  kind: ClaimRelationKind;
  statementId: number | null;
  note: string | null;
  /** yyyy-mm-dd; the database's today when left out. */
  createdOn?: string;
}

/** The claim_relations row of a relation; without createdOn the database's today applies. Shared with the seed loader. */
export function relationRow(r: RelationInput) {
  return { kind: r.kind, fromClaimId: r.fromClaimId, toClaimId: r.toClaimId, statementId: r.statementId, note: r.note, ...(r.createdOn !== undefined && { createdOn: r.createdOn }) };
}

/** Writes one relation between existing claims; DUPLICATE_RELATION (at `field`) when the same one exists. */
export async function insertRelation(log: ChangeLog, relation: RelationInput, field: string[]): Promise<RelationRecord> {
  const { fromClaimId, toClaimId, kind } = relation;
  const [existing] = await log.tx
    .select({ id: claimRelations.id })
    .from(claimRelations)
    .where(and(eq(claimRelations.fromClaimId, fromClaimId), eq(claimRelations.toClaimId, toClaimId), eq(claimRelations.kind, kind)));
  if (existing) refuse('DUPLICATE_RELATION', `The first claim ${kind} the second already.`, field);
  const [row] = await log.insert(claimRelations, relationRow(relation));
  return row as RelationRecord;
}

export async function unrelateClaims(log: ChangeLog, from: number, to: number, kind: ClaimRelationKind): Promise<void> {
  const deleted = await log.delete(
    claimRelations,
    and(eq(claimRelations.fromClaimId, from), eq(claimRelations.toClaimId, to), eq(claimRelations.kind, kind))!,
  );
  if (!deleted.length) refuse('NOT_FOUND', `No ${kind} relation leads from the first claim to the second.`, ['kind']);
  await raiseVersions(log, [from, to]);
}

/**
 * The day a relation counts from: a relation asserted in a statement, from
 * its statement's first possible day; an editorial one, from the day given.
 */
export function relationDay(statementEarliest: string | null, created: { earliest: string } | null | undefined): string | undefined {
  return statementEarliest ?? created?.earliest;
}
