// Actors: who says and does things. Aliases are the actor's own rows and are
// replaced as a list; an actor others still name cannot be deleted.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  actorAliases,
  actors,
  affiliations,
  claims,
  claimSubjects,
  eventParticipants,
  events,
  sources,
  statementParticipants,
  statements,
  type ActorKind,
} from '../db/schema.js';
import { fuzzyDateToColumns, type FuzzyDate } from '../dates/fuzzy-date.js';
import type { ChangeLog } from './change-log.js';
import { boundedList, optionalText, parseInput, requiredText, SLUG, TEXT_LIMITS } from './input.js';
import { syncLinks } from './links.js';
import { freeSlug, NAMED_REFERRERS, refuseIfReferenced, rowForWrite } from './records.js';

export type ActorRecord = typeof actors.$inferSelect;

/** An actor's other names, as sources write them; shared with the document format. */
export const ALIASES = boundedList(requiredText(TEXT_LIMITS.name))
  .refine((list) => new Set(list).size === list.length, 'an alias is listed twice');

const CreateActor = z.object({ slug: SLUG.nullish(), name: requiredText(TEXT_LIMITS.name), aliases: ALIASES.nullish(), description: optionalText(TEXT_LIMITS.description) });
const UpdateActor = z.object({ name: requiredText(TEXT_LIMITS.name).nullish(), aliases: ALIASES.nullish(), description: optionalText(TEXT_LIMITS.description) });

export interface ActorInput {
  slug?: string | null;
  name?: string | null;
  kind?: ActorKind | null;
  aliases?: string[] | null;
  description?: string | null;
}

export interface AffiliationInput {
  organizationId: number;
  role?: string | null;
  since?: FuzzyDate | null;
  until?: FuzzyDate | null;
}

/** The actors row of a validated actor: the one mapping the mutations, importDocument and the seed loader share. */
export function actorRow(a: { slug: string; name: string; kind: ActorKind; description?: string | null }) {
  return { slug: a.slug, name: a.name, kind: a.kind, description: a.description ?? null };
}

export function aliasRows(actorId: number, aliases: string[]) {
  return aliases.map((alias, position) => ({ actorId, alias, position }));
}

export function affiliationRow(memberId: number, a: AffiliationInput) {
  return { memberId, organizationId: a.organizationId, role: a.role ?? null, ...fuzzyDateToColumns('since', a.since ?? null), ...fuzzyDateToColumns('until', a.until ?? null) };
}

/** Makes an actor's affiliations (the roles it holds in organizations) exactly `list`. */
export async function writeAffiliations(log: ChangeLog, memberId: number, list: AffiliationInput[]): Promise<void> {
  await syncLinks(
    log,
    affiliations,
    eq(affiliations.memberId, memberId),
    list.map((a) => affiliationRow(memberId, a)),
  );
}

async function writeAliases(log: ChangeLog, actorId: number, aliases: string[]): Promise<void> {
  await syncLinks(log, actorAliases, eq(actorAliases.actorId, actorId), aliasRows(actorId, aliases));
}

export async function createActor(log: ChangeLog, input: ActorInput & { name: string; kind: ActorKind }): Promise<ActorRecord> {
  const data = parseInput(CreateActor, input);
  const slug = await freeSlug(log.tx, actors, data.slug, data.name, 'name');
  const [row] = await log.insert(actors, actorRow({ ...data, slug, kind: input.kind }));
  await writeAliases(log, row!.id as number, data.aliases ?? []);
  return row as ActorRecord;
}

export async function updateActor(log: ChangeLog, id: number, version: number | null | undefined, input: ActorInput): Promise<ActorRecord> {
  const current = await rowForWrite<ActorRecord>(log.tx, actors, id, version, 'actor');
  const data = parseInput(UpdateActor, input);
  const [row] = await log.update(actors, eq(actors.id, id), {
    ...(data.name != null && { name: data.name }),
    ...(input.kind != null && { kind: input.kind }),
    ...(data.description !== undefined && { description: data.description }),
    version: current.version + 1,
  });
  if (data.aliases != null) await writeAliases(log, id, data.aliases);
  return row as ActorRecord;
}

/** Deletes an actor nothing names; its aliases and its own affiliations go with it. */
export async function deleteActor(log: ChangeLog, id: number, version: number | null | undefined): Promise<void> {
  await rowForWrite<ActorRecord>(log.tx, actors, id, version, 'actor');
  const limit = NAMED_REFERRERS + 1;
  await refuseIfReferenced('actor', [
    { label: 'statement', names: () => log.tx.selectDistinct({ name: statements.slug }).from(statementParticipants).innerJoin(statements, eq(statements.id, statementParticipants.statementId)).where(eq(statementParticipants.actorId, id)).limit(limit) },
    { label: 'event', names: () => log.tx.selectDistinct({ name: events.slug }).from(eventParticipants).innerJoin(events, eq(events.id, eventParticipants.eventId)).where(eq(eventParticipants.actorId, id)).limit(limit) },
    { label: 'claim', names: () => log.tx.selectDistinct({ name: claims.slug }).from(claimSubjects).innerJoin(claims, eq(claims.id, claimSubjects.claimId)).where(eq(claimSubjects.actorId, id)).limit(limit) },
    { label: 'source', names: () => log.tx.select({ name: sources.slug }).from(sources).where(eq(sources.publisherId, id)).limit(limit) },
    { label: 'member of', names: () => log.tx.selectDistinct({ name: actors.slug }).from(affiliations).innerJoin(actors, eq(actors.id, affiliations.memberId)).where(eq(affiliations.organizationId, id)).limit(limit) },
  ]);
  await log.delete(actorAliases, eq(actorAliases.actorId, id));
  await log.delete(affiliations, eq(affiliations.memberId, id));
  await log.delete(actors, eq(actors.id, id));
}
