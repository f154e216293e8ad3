// Statements: who said something, when, in which words. Participants,
// excerpts, events and responses are the statement's own rows; a list given
// on update replaces the old one. A statement claims appear in cannot be deleted.
import { eq, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import {
  actors,
  claimAppearances,
  claimRelations,
  claims,
  events,
  statementEvents,
  statementExcerpts,
  statementParticipants,
  statementResponses,
  statements,
  type ParticipantRole,
  type StatementKind,
} from '../db/schema.js';
import type { ChangeLog } from './change-log.js';
import { dateColumns } from './dates.js';
import { refuse } from './errors.js';
import { anchorExcerpts, type ExcerptInput } from './excerpts.js';
import { optionalText, parseInput, requiredText, SLUG, TEXT_LIMITS } from './input.js';
import { freeSlug, NAMED_REFERRERS, refuseIfReferenced, rowForWrite } from './records.js';

export type StatementRecord = typeof statements.$inferSelect;

/** Items in any one list of a statement's input. */
export const MAX_STATEMENT_LINKS = 100;

const Texts = z.object({
  slug: SLUG.nullish(),
  title: requiredText(TEXT_LIMITS.name).nullish(),
  date: z.string().max(100).nullish(),
  dateNote: optionalText(TEXT_LIMITS.note),
  summary: optionalText(TEXT_LIMITS.description),
  participants: z.array(z.unknown()).max(MAX_STATEMENT_LINKS).nullish(),
  excerpts: z.array(z.unknown()).max(MAX_STATEMENT_LINKS).nullish(),
  events: z.array(z.unknown()).max(MAX_STATEMENT_LINKS).nullish(),
  respondsTo: z.array(z.unknown()).max(MAX_STATEMENT_LINKS).nullish(),
});

export interface StatementInput {
  slug?: string | null;
  title?: string | null;
  kind?: StatementKind | null;
  date?: string | null;
  dateNote?: string | null;
  summary?: string | null;
  participants?: { actorId: number; role: ParticipantRole }[] | null;
  excerpts?: ExcerptInput[] | null;
  eventIds?: number[] | null;
  respondsToIds?: number[] | null;
}

async function existing(log: ChangeLog, table: typeof actors | typeof events | typeof statements, ids: number[], field: string, what: string): Promise<void> {
  if (!ids.length) return;
  const found = new Set((await log.tx.select({ id: table.id }).from(table).where(inArray(table.id, ids))).map((r) => r.id));
  ids.forEach((id, i) => {
    if (!found.has(id)) refuse('NOT_FOUND', `No ${what} has this ID.`, [field, String(i)]);
  });
}

function noRepeats<T>(items: T[], key: (item: T) => string, field: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(key(item))) refuse('INVALID_INPUT', 'Listed twice.', [field, String(i)]);
    seen.add(key(item));
  });
}

/** Writes the link rows of the lists given, replacing what was there. */
async function writeLinks(log: ChangeLog, statementId: number, input: StatementInput, replacing: boolean): Promise<void> {
  if (input.participants != null) {
    noRepeats(input.participants, (p) => `${p.actorId}|${p.role}`, 'participants');
    await existing(log, actors, input.participants.map((p) => p.actorId), 'participants', 'actor');
    if (replacing) await log.delete(statementParticipants, eq(statementParticipants.statementId, statementId));
    await log.insert(statementParticipants, input.participants.map((p, position) => ({ statementId, actorId: p.actorId, role: p.role, position })));
  }
  if (input.excerpts != null) {
    const excerptIds = [...new Set(await anchorExcerpts(log, input.excerpts, ['excerpts']))];
    if (replacing) await log.delete(statementExcerpts, eq(statementExcerpts.statementId, statementId));
    await log.insert(statementExcerpts, excerptIds.map((excerptId) => ({ statementId, excerptId })));
  }
  if (input.eventIds != null) {
    noRepeats(input.eventIds, String, 'events');
    await existing(log, events, input.eventIds, 'events', 'event');
    if (replacing) await log.delete(statementEvents, eq(statementEvents.statementId, statementId));
    await log.insert(statementEvents, input.eventIds.map((eventId) => ({ statementId, eventId })));
  }
  if (input.respondsToIds != null) {
    noRepeats(input.respondsToIds, String, 'respondsTo');
    await existing(log, statements, input.respondsToIds, 'respondsTo', 'statement');
    input.respondsToIds.forEach((id, i) => {
      if (id === statementId) refuse('INVALID_INPUT', 'A statement cannot respond to itself.', ['respondsTo', String(i)]);
    });
    if (replacing) await log.delete(statementResponses, eq(statementResponses.statementId, statementId));
    await log.insert(statementResponses, input.respondsToIds.map((respondsToId) => ({ statementId, respondsToId })));
  }
}

export async function createStatement(log: ChangeLog, input: StatementInput & { title: string; kind: StatementKind; date: string }): Promise<StatementRecord> {
  const data = parseInput(Texts, input);
  const slug = await freeSlug(log.tx, statements, data.slug, input.title, 'title');
  const [row] = await log.insert(statements, {
    slug,
    title: data.title!,
    kind: input.kind,
    ...dateColumns('date', input.date, data.dateNote, ['date']),
    summary: data.summary ?? null,
  });
  await writeLinks(log, row!.id as number, input, false);
  return row as StatementRecord;
}

export async function updateStatement(log: ChangeLog, id: number, version: number | null | undefined, input: StatementInput): Promise<StatementRecord> {
  const current = await rowForWrite<StatementRecord>(log.tx, statements, id, version, 'statement');
  const data = parseInput(Texts, input);
  const dateGiven = input.date != null || input.dateNote !== undefined;
  const [row] = await log.update(statements, eq(statements.id, id), {
    ...(data.title != null && { title: data.title }),
    ...(input.kind != null && { kind: input.kind }),
    ...(dateGiven && dateColumns('date', input.date ?? current.dateEdtf, input.dateNote !== undefined ? data.dateNote : current.dateNote, ['date'])),
    ...(data.summary !== undefined && { summary: data.summary }),
    version: current.version + 1,
  });
  await writeLinks(log, id, input, true);
  return row as StatementRecord;
}

/** Deletes a statement no claim appears in and nothing answers; its own rows go with it. */
export async function deleteStatement(log: ChangeLog, id: number, version: number | null | undefined): Promise<void> {
  await rowForWrite<StatementRecord>(log.tx, statements, id, version, 'statement');
  const limit = NAMED_REFERRERS + 1;
  await refuseIfReferenced('statement', [
    { label: 'claim', names: () => log.tx.selectDistinct({ name: claims.slug }).from(claimAppearances).innerJoin(claims, eq(claims.id, claimAppearances.claimId)).where(eq(claimAppearances.statementId, id)).limit(limit) },
    { label: 'relation asserted by claim', names: () => log.tx.selectDistinct({ name: claims.slug }).from(claimRelations).innerJoin(claims, eq(claims.id, claimRelations.fromClaimId)).where(eq(claimRelations.statementId, id)).limit(limit) },
    { label: 'response', names: () => log.tx.select({ name: statements.slug }).from(statementResponses).innerJoin(statements, eq(statements.id, statementResponses.statementId)).where(eq(statementResponses.respondsToId, id)).limit(limit) },
  ]);
  await log.delete(statementParticipants, eq(statementParticipants.statementId, id));
  await log.delete(statementExcerpts, eq(statementExcerpts.statementId, id));
  await log.delete(statementEvents, eq(statementEvents.statementId, id));
  await log.delete(statementResponses, or(eq(statementResponses.statementId, id))!);
  await log.delete(statements, eq(statements.id, id));
}
