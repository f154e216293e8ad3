// Claims: create, update, delete. A claim appears in at least one statement,
// each appearance anchored by excerpts; it may be about actors and events and
// take a stance on topics. Its place among a statement's claims is derived by
// the same rule as the seed loader's (positions.ts): source order.
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  actors,
  appearanceExcerpts,
  claimAppearances,
  claimEvents,
  claimRelations,
  claims,
  claimSubjects,
  claimTopics,
  events,
  excerpts,
  statements,
  topics,
  type ClaimKind,
  type Stance,
} from '../db/schema.js';
import type { ChangeLog } from './change-log.js';
import { excerptIds, type ExcerptInput } from './excerpts.js';
import { placeIndex, type SpanStart } from './positions.js';
import { boundedList, parseInput, requiredText, SLUG, TEXT_LIMITS } from './input.js';
import { refuseRepeats, refuseUnknown, syncLinks } from './links.js';
import { freeSlug, NAMED_REFERRERS, refuseIfReferenced, rowForWrite } from './records.js';

export type ClaimRecord = typeof claims.$inferSelect;

export interface AppearanceInput {
  statementId: number;
  excerpts: ExcerptInput[];
}

export interface TopicStanceInput {
  topicId: number;
  stance?: Stance | null;
}

/** Global IDs already decoded by the caller; lists left out (undefined) keep their rows on update. */
export interface ClaimInput {
  slug?: string | null;
  text?: string | null;
  kind?: ClaimKind | null;
  appearances?: AppearanceInput[] | null;
  subjectIds?: number[] | null;
  eventIds?: number[] | null;
  topics?: TopicStanceInput[] | null;
}

/** The claims row of a validated claim, shared with the seed loader. */
export function claimRow(c: { slug: string; text: string; kind: ClaimKind }) {
  return { slug: c.slug, text: c.text, kind: c.kind };
}

/** A claim's topic rows: the stance it takes on each, none when unsaid. */
export function claimTopicRows(claimId: number, list: TopicStanceInput[]) {
  return list.map((t) => ({ claimId, topicId: t.topicId, stance: t.stance ?? null }));
}

/** A claim's appearance in a statement, at its place among the statement's claims (positions.ts). */
export function appearanceRow(claimId: number, statementId: number, position: number) {
  return { claimId, statementId, position };
}

const Appearances = boundedList(z.object({ excerpts: boundedList(z.unknown()).min(1, 'an appearance needs at least one excerpt') }).loose()).min(
  1,
  'a claim appears in at least one statement',
);
const ClaimLists = {
  appearances: Appearances.nullish(),
  subjectIds: boundedList(z.unknown()).nullish(),
  eventIds: boundedList(z.unknown()).nullish(),
  topics: boundedList(z.unknown()).nullish(),
};
const CreateClaim = z.object({ ...ClaimLists, slug: SLUG.nullish(), text: requiredText(TEXT_LIMITS.claimText), appearances: Appearances });
const UpdateClaim = z.object({ ...ClaimLists, text: requiredText(TEXT_LIMITS.claimText).nullish() });

/** Maps the domain's list names back to the input's, so a userError names the field the caller sent. */
function inputPaths<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const refused = error as { userErrors?: { field: string[] | null }[] };
    for (const e of refused.userErrors ?? []) {
      if (e.field?.[0] === 'subjectIds') e.field[0] = 'subjects';
      if (e.field?.[0] === 'eventIds') e.field[0] = 'events';
    }
    throw error;
  }
}

/** Where each excerpt begins, by source, for the placing rule of positions.ts. */
async function spanStarts(log: ChangeLog, excerptIds: number[]): Promise<SpanStart[]> {
  if (!excerptIds.length) return [];
  const rows = await log.tx.select({ id: excerpts.id, source: excerpts.sourceId, start: excerpts.start }).from(excerpts).where(inArray(excerpts.id, excerptIds));
  const byId = new Map(rows.map((row) => [row.id, { source: row.source, start: row.start }]));
  return excerptIds.map((id) => byId.get(id)!);
}

/**
 * The position of a new appearance in a statement, by the one placing rule
 * (placeIndex); the appearances after it move down only as far as they must,
 * so the existing order is kept as it is.
 */
async function placeInStatement(log: ChangeLog, statementId: number, own: SpanStart[]): Promise<number> {
  const rows = await log.tx
    .select({ id: claimAppearances.id, position: claimAppearances.position })
    .from(claimAppearances)
    .where(eq(claimAppearances.statementId, statementId))
    .orderBy(asc(claimAppearances.position), asc(claimAppearances.claimId));
  const spans = rows.length
    ? await log.tx
        .select({ appearanceId: appearanceExcerpts.appearanceId, source: excerpts.sourceId, start: excerpts.start })
        .from(appearanceExcerpts)
        .innerJoin(excerpts, eq(excerpts.id, appearanceExcerpts.excerptId))
        .where(inArray(appearanceExcerpts.appearanceId, rows.map((row) => row.id)))
    : [];
  const k = placeIndex(rows.map((row) => spans.filter((s) => s.appearanceId === row.id)), own);
  const position = k === 0 ? 0 : rows[k - 1]!.position + 1;
  let next = position + 1;
  for (const row of rows.slice(k)) {
    if (row.position >= next) break;
    await log.update(claimAppearances, eq(claimAppearances.id, row.id), { position: next });
    next += 1;
  }
  return position;
}

async function writeAppearances(log: ChangeLog, claimId: number, appearances: AppearanceInput[]): Promise<void> {
  refuseRepeats(appearances, (a) => String(a.statementId), (i) => ['appearances', String(i), 'statement'], () => 'The statement');
  await refuseUnknown(log, statements, appearances.map((a) => a.statementId), 'statement', (i) => ['appearances', String(i), 'statement']);
  const anchored: { statementId: number; excerptIds: number[] }[] = [];
  for (const [i, appearance] of appearances.entries()) {
    anchored.push({ statementId: appearance.statementId, excerptIds: await excerptIds(log, appearance.excerpts, ['appearances', String(i), 'excerpts']) });
  }
  const old = await log.tx.select().from(claimAppearances).where(eq(claimAppearances.claimId, claimId));
  const kept = new Set(anchored.map((a) => a.statementId));
  const gone = old.filter((row) => !kept.has(row.statementId)).map((row) => row.id);
  if (gone.length) {
    // Excerpt links first, each recorded: the database's cascade would remove them unrecorded.
    await log.delete(appearanceExcerpts, inArray(appearanceExcerpts.appearanceId, gone));
    await log.delete(claimAppearances, inArray(claimAppearances.id, gone));
  }
  const oldByStatement = new Map(old.map((row) => [row.statementId, row]));
  for (const appearance of anchored) {
    let appearanceId = oldByStatement.get(appearance.statementId)?.id;
    if (appearanceId === undefined) {
      const position = await placeInStatement(log, appearance.statementId, await spanStarts(log, appearance.excerptIds));
      const [row] = await log.insert(claimAppearances, appearanceRow(claimId, appearance.statementId, position));
      appearanceId = row!.id as number;
    }
    const id = appearanceId;
    await syncLinks(log, appearanceExcerpts, eq(appearanceExcerpts.appearanceId, id), appearance.excerptIds.map((excerptId) => ({ appearanceId: id, excerptId })));
  }
}

async function writeLinks(log: ChangeLog, claimId: number, input: ClaimInput): Promise<void> {
  if (input.appearances) await writeAppearances(log, claimId, input.appearances);
  if (input.subjectIds) {
    const ids = input.subjectIds;
    refuseRepeats(ids, String, (i) => ['subjects', String(i)], () => 'The actor');
    await refuseUnknown(log, actors, ids, 'actor', (i) => ['subjects', String(i)]);
    await syncLinks(log, claimSubjects, eq(claimSubjects.claimId, claimId), ids.map((actorId) => ({ claimId, actorId })));
  }
  if (input.eventIds) {
    const ids = input.eventIds;
    refuseRepeats(ids, String, (i) => ['events', String(i)], () => 'The event');
    await refuseUnknown(log, events, ids, 'event', (i) => ['events', String(i)]);
    await syncLinks(log, claimEvents, eq(claimEvents.claimId, claimId), ids.map((eventId) => ({ claimId, eventId })));
  }
  if (input.topics) {
    const list = input.topics;
    refuseRepeats(list, (t) => String(t.topicId), (i) => ['topics', String(i), 'topic'], () => 'The topic');
    await refuseUnknown(log, topics, list.map((t) => t.topicId), 'topic', (i) => ['topics', String(i), 'topic']);
    await syncLinks(log, claimTopics, eq(claimTopics.claimId, claimId), claimTopicRows(claimId, list));
  }
}

export async function createClaim(log: ChangeLog, input: ClaimInput & { text: string; kind: ClaimKind; appearances: AppearanceInput[] }): Promise<ClaimRecord> {
  const data = inputPaths(() => parseInput(CreateClaim, input));
  const slug = await freeSlug(log.tx, claims, data.slug, data.text, 'text');
  const [row] = await log.insert(claims, claimRow({ slug, text: data.text, kind: input.kind }));
  const claim = row as ClaimRecord;
  await writeLinks(log, claim.id, input);
  return claim;
}

export async function updateClaim(log: ChangeLog, id: number, version: number | null | undefined, input: ClaimInput): Promise<ClaimRecord> {
  const current = await rowForWrite<ClaimRecord>(log.tx, claims, id, version, 'claim');
  const data = inputPaths(() => parseInput(UpdateClaim, input));
  const set = {
    ...(data.text != null && { text: data.text }),
    ...(input.kind != null && { kind: input.kind }),
    version: current.version + 1,
  };
  const [row] = await log.update(claims, eq(claims.id, id), set);
  await writeLinks(log, id, input);
  return row as ClaimRecord;
}

/**
 * Refused (IN_USE) while relations from other claims point to it. Its own
 * appearances with their excerpt links, subjects, events, topics and the
 * relations it makes to other claims are deleted with it.
 */
export async function deleteClaim(log: ChangeLog, id: number, version: number | null | undefined): Promise<void> {
  await rowForWrite<ClaimRecord>(log.tx, claims, id, version, 'claim');
  await refuseIfReferenced('claim', [
    {
      label: 'a relation from claim',
      names: () =>
        log.tx
          .select({ name: sql<string>`${claims.slug} || ' (' || ${claimRelations.kind} || ')'` })
          .from(claimRelations)
          .innerJoin(claims, eq(claims.id, claimRelations.fromClaimId))
          .where(eq(claimRelations.toClaimId, id))
          .limit(NAMED_REFERRERS + 1),
    },
  ]);
  // Link rows first, each recorded: the database's cascade would remove them unrecorded.
  const appearanceIds = (await log.tx.select({ id: claimAppearances.id }).from(claimAppearances).where(eq(claimAppearances.claimId, id))).map((row) => row.id);
  if (appearanceIds.length) await log.delete(appearanceExcerpts, inArray(appearanceExcerpts.appearanceId, appearanceIds));
  await log.delete(claimAppearances, eq(claimAppearances.claimId, id));
  await log.delete(claimSubjects, eq(claimSubjects.claimId, id));
  await log.delete(claimEvents, eq(claimEvents.claimId, id));
  await log.delete(claimTopics, eq(claimTopics.claimId, id));
  await log.delete(claimRelations, eq(claimRelations.fromClaimId, id));
  await log.delete(claims, eq(claims.id, id));
}
