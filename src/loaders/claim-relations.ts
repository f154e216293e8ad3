// Batch functions for a claim's lists: appearances, claimants, subjects, events,
// topics and relations to other claims.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { valueList } from '../db/rows.js';
import {
  actors,
  binaryOrder,
  ASSERTING_ROLES,
  CHALLENGING_RELATIONS,
  claimAppearances,
  claimEvents,
  claims,
  claimRelations,
  claimSubjects,
  claimTopics,
  type ClaimRelationKind,
  events,
  statements,
} from '../db/schema.js';
import { idArrayPlaceholder, preparedOnce } from './prepared-statements.js';
import { groupByKey } from './rows-by-id.js';
import { jsonRow, jsonValue, rowColumns, rowFromJson } from '../db/row-columns.js';
import { createContextCache } from '@pothos/core';

export type AppearanceRow = typeof claimAppearances.$inferSelect;
export type ClaimTopicRow = typeof claimTopics.$inferSelect;
export type ClaimRelationRow = typeof claimRelations.$inferSelect;
export type StatementRowForDate = Omit<typeof statements.$inferSelect, 'search'>;

/** The statement of each claim's earliest appearance; its date is the claim's date. */
export async function firstStatementByClaim(db: Database, claimIds: readonly number[]): Promise<(StatementRowForDate | null)[]> {
  const statement = preparedOnce(db, 'first-statement-by-claim', () =>
    db
      .selectDistinctOn([claimAppearances.claimId], { claimId: claimAppearances.claimId, statement: rowColumns(statements) })
      .from(claimAppearances)
      .innerJoin(statements, eq(statements.id, claimAppearances.statementId))
      .where(sql`${claimAppearances.claimId} = ANY(${idArrayPlaceholder('ids')})`)
      .orderBy(claimAppearances.claimId, statements.dateEarliest, statements.dateRank, statements.id)
      .prepare('first-statement-by-claim'),
  );
  const rows = await statement.execute({ ids: [...claimIds] });
  const byClaim = new Map(rows.map((r) => [r.claimId, r.statement]));
  return claimIds.map((id) => byClaim.get(id) ?? null);
}

/** Appearances oldest statement first. */
export async function appearancesByClaim(db: Database, claimIds: readonly number[]): Promise<AppearanceRow[][]> {
  const statement = preparedOnce(db, 'appearances-by-claim', () =>
    db
      .select({ appearance: claimAppearances })
      .from(claimAppearances)
      .innerJoin(statements, eq(statements.id, claimAppearances.statementId))
      .where(sql`${claimAppearances.claimId} = ANY(${idArrayPlaceholder('ids')})`)
      .orderBy(asc(statements.dateEarliest), asc(statements.dateRank), asc(statements.id))
      .prepare('appearances-by-claim'),
  );
  const rows = await statement.execute({ ids: [...claimIds] });
  return groupByKey(claimIds, rows, (r) => r.appearance.claimId).map((list) => list.map((r) => r.appearance));
}

/** Actors that asserted each claim (author, signatory or speaker of a statement it appears in), earliest first, as rows. */
export async function claimantsByClaim(db: Database, claimIds: readonly number[]) {
  const statement = preparedOnce(db, 'claimants-by-claim', () =>
    db
      .select({ claimId: sql<number>`c.claim_id`, actor: rowColumns(actors) })
      .from(
        sql`(SELECT ca.claim_id, sp.actor_id, min(s.date_earliest) AS first_day, min(sp.position) AS position
          FROM claim_appearances ca
          JOIN statements s ON s.id = ca.statement_id
          JOIN statement_participants sp ON sp.statement_id = ca.statement_id
          WHERE ca.claim_id = ANY(${idArrayPlaceholder('ids')})
            AND sp.role IN (${valueList(ASSERTING_ROLES)})
          GROUP BY ca.claim_id, sp.actor_id) c`,
      )
      .innerJoin(actors, sql`${actors.id} = c.actor_id`)
      .orderBy(sql`c.claim_id`, sql`c.first_day`, sql`c.position`, sql`c.actor_id`)
      .prepare('claimants-by-claim'),
  );
  const rows = await statement.execute({ ids: [...claimIds] });
  return groupByKey(claimIds, rows, (r) => Number(r.claimId)).map((list) => list.map((r) => r.actor));
}

export async function subjectsByClaim(db: Database, claimIds: readonly number[]) {
  const statement = preparedOnce(db, 'subjects-by-claim', () =>
    db
      .select({ parent: claimSubjects.claimId, actor: rowColumns(actors) })
      .from(claimSubjects)
      .innerJoin(actors, eq(actors.id, claimSubjects.actorId))
      .where(sql`${claimSubjects.claimId} = ANY(${idArrayPlaceholder('ids')})`)
      .orderBy(binaryOrder(actors.name), asc(actors.id))
      .prepare('subjects-by-claim'),
  );
  const rows = await statement.execute({ ids: [...claimIds] });
  return groupByKey(claimIds, rows, (r) => r.parent).map((list) => list.map((r) => r.actor));
}

export async function eventsByClaim(db: Database, claimIds: readonly number[]) {
  const statement = preparedOnce(db, 'events-by-claim', () =>
    db
      .select({ parent: claimEvents.claimId, event: rowColumns(events) })
      .from(claimEvents)
      .innerJoin(events, eq(events.id, claimEvents.eventId))
      .where(sql`${claimEvents.claimId} = ANY(${idArrayPlaceholder('ids')})`)
      .orderBy(asc(events.startEarliest), asc(events.startRank), asc(events.id))
      .prepare('events-by-claim'),
  );
  const rows = await statement.execute({ ids: [...claimIds] });
  return groupByKey(claimIds, rows, (r) => r.parent).map((list) => list.map((r) => r.event));
}

export async function topicsByClaim(db: Database, claimIds: readonly number[]): Promise<ClaimTopicRow[][]> {
  const statement = preparedOnce(db, 'topics-by-claim', () =>
    db
      .select()
      .from(claimTopics)
      .where(sql`${claimTopics.claimId} = ANY(${idArrayPlaceholder('ids')})`)
      .orderBy(asc(claimTopics.topicId))
      .prepare('topics-by-claim'),
  );
  const rows = await statement.execute({ ids: [...claimIds] });
  return groupByKey(claimIds, rows, (r) => r.claimId);
}

export type ClaimReadRow = Omit<typeof claims.$inferSelect, 'search'>;
/** A relation with the row of the claim at its other end (`to` for outgoing, `from` for incoming). */
export type ClaimRelationWithClaim = ClaimRelationRow & { fromClaim?: ClaimReadRow; toClaim?: ClaimReadRow };

/** The relation's own end and the other end, by direction. */
function ends(direction: 'outgoing' | 'incoming') {
  return direction === 'outgoing' ? ([claimRelations.fromClaimId, claimRelations.toClaimId] as const) : ([claimRelations.toClaimId, claimRelations.fromClaimId] as const);
}

function withOtherClaim(direction: 'outgoing' | 'incoming', relation: ClaimRelationRow, claim: ClaimReadRow): ClaimRelationWithClaim {
  return { ...relation, [direction === 'outgoing' ? 'toClaim' : 'fromClaim']: claim };
}

/**
 * `outgoing`: relations from each claim; `incoming`: relations pointing at it.
 * Oldest relation first. The claim at the other end comes in the same
 * statement, since a client listing relations nearly always reads it.
 */
export async function relationsByClaim(
  db: Database,
  direction: 'outgoing' | 'incoming',
  kind: ClaimRelationKind | null | undefined,
  claimIds: readonly number[],
): Promise<ClaimRelationWithClaim[][]> {
  const [own, other] = ends(direction);
  const statement = preparedOnce(db, `relations:${direction}:${kind ? 'kind' : 'all'}`, () =>
    db
      .select({ relation: claimRelations, claim: rowColumns(claims) })
      .from(claimRelations)
      .innerJoin(claims, eq(claims.id, other))
      .where(and(sql`${own} = ANY(${idArrayPlaceholder('ids')})`, kind ? sql`${claimRelations.kind} = ${sql.placeholder('kind')}` : undefined))
      .orderBy(asc(claimRelations.createdOn), asc(claimRelations.id))
      .prepare('relations'),
  );
  const rows = await statement.execute({ ids: [...claimIds], kind });
  const withClaim = rows.map((r) => withOtherClaim(direction, r.relation, r.claim));
  return groupByKey(claimIds, withClaim, (r) => (direction === 'outgoing' ? r.fromClaimId : r.toClaimId));
}

/**
 * Every relation of the claim whose id `claimId` gives, with the claim at the
 * other end, as one JSON value: a claims page selects it beside each claim
 * when the client asks for relations, so they come in the page's statement.
 */
export function relationsJson(direction: 'outgoing' | 'incoming', claimId: SQL): SQL {
  const [own, other] = ends(direction);
  return sql`(SELECT coalesce(json_agg(json_build_array(${jsonRow(claimRelations)}, ${jsonRow(claims)}) ORDER BY ${claimRelations.createdOn}, ${claimRelations.id}), '[]')
    FROM ${claimRelations} JOIN ${claims} ON ${claims.id} = ${other} WHERE ${own} = ${claimId})`;
}

const prefetched = createContextCache(() => ({ outgoing: new Map<number, ClaimRelationWithClaim[]>(), incoming: new Map<number, ClaimRelationWithClaim[]>() }));

/** Keeps a claim's relations read with its page (relationsJson) for this request, where relationsOf finds them. */
export function keepPrefetchedRelations(ctx: object, direction: 'outgoing' | 'incoming', claimId: number, json: unknown): void {
  const list = (json as [Record<string, unknown>, Record<string, unknown>][]).map(([relation, claim]) =>
    withOtherClaim(direction, rowFromJson(claimRelations, relation) as ClaimRelationRow, rowFromJson(claims, claim) as ClaimReadRow),
  );
  prefetched(ctx)[direction].set(claimId, list);
}

/** Each claim's relations: those its page brought along when all are there, else one statement for the batch. */
export async function relationsOf(
  ctx: { db: Database },
  direction: 'outgoing' | 'incoming',
  kind: ClaimRelationKind | null | undefined,
  claimIds: readonly number[],
): Promise<ClaimRelationWithClaim[][]> {
  const kept = prefetched(ctx)[direction];
  if (!claimIds.every((id) => kept.has(id))) return relationsByClaim(ctx.db, direction, kind, claimIds);
  return claimIds.map((id) => kept.get(id)!.filter((relation) => !kind || relation.kind === kind));
}

/**
 * The claims that rebut, undercut or contradict the claim whose id `claimId`
 * gives, as one JSON array of their rows, oldest first (each claim dated by its
 * first appearance; one without appearances is left out), for a statement that
 * reads them beside other values.
 */
export function rebuttalsJson(claimId: SQL): SQL {
  return sql`(SELECT coalesce(json_agg(${jsonRow(claims)} ORDER BY ${REBUTTAL_ORDER}), '[]')
    FROM (${rebuttalsByFirstDay(claimId)}) firsts JOIN ${claims} ON ${claims.id} = firsts.claim_id)`;
}

/**
 * The claims that rebut, undercut or contradict the claim whose id `claimId`
 * gives, each once (claim_id) with its first appearance's day and rank
 * (date_earliest, date_rank); a claim without appearances is left out. Name it
 * firsts and order by REBUTTAL_ORDER: oldest first.
 */
export function rebuttalsByFirstDay(claimId: SQL): SQL {
  return sql`SELECT DISTINCT ON (r.from_claim_id) r.from_claim_id AS claim_id, s.date_earliest, s.date_rank
    FROM claim_relations r
    JOIN claim_appearances ca ON ca.claim_id = r.from_claim_id
    JOIN statements s ON s.id = ca.statement_id
    WHERE r.to_claim_id = ${claimId} AND r.kind IN (${valueList(CHALLENGING_RELATIONS)})
    ORDER BY r.from_claim_id, s.date_earliest, s.date_rank`;
}

export const REBUTTAL_ORDER = sql.raw('firsts.date_earliest, firsts.date_rank, firsts.claim_id');

/** The rows of a rebuttalsJson value. */
export function rebuttalsFromJson(json: unknown): ClaimReadRow[] {
  return jsonValue<Record<string, unknown>[]>(json).map((row) => rowFromJson(claims, row) as ClaimReadRow);
}
