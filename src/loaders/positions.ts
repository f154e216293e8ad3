// Batch functions for positions: an actor's stance claims on a topic, dated by
// the first statement in which that actor asserted them.
import { and, eq, inArray, isNotNull, type SQL } from 'drizzle-orm';
import { fuzzyDateOf, type FuzzyDate } from '../dates/fuzzy-date.js';
import type { Database } from '../db/client.js';
import { ASSERTING_ROLES, claimAppearances, claimTopics, type Stance, statementParticipants, statements } from '../db/schema.js';
import { groupByKey } from './rows-by-id.js';

export interface PositionRow {
  actorId: number;
  topicId: number;
  claimId: number;
  stance: Stance;
  date: FuzzyDate;
  /** Sort key: the dating statement's earliest day, precision rank and id. */
  key: [string, number, number];
}

/**
 * Every (actor, stance claim) pair matching `where`, dated by the actor's first
 * asserting statement, oldest first (then claim, then actor, for a stable order).
 */
async function positions(db: Database, where: SQL | undefined): Promise<PositionRow[]> {
  const rows = await db
    .selectDistinctOn([statementParticipants.actorId, claimTopics.claimId, claimTopics.topicId], {
      actorId: statementParticipants.actorId,
      topicId: claimTopics.topicId,
      claimId: claimTopics.claimId,
      stance: claimTopics.stance,
      statementId: statements.id,
      dateEdtf: statements.dateEdtf,
      dateEarliest: statements.dateEarliest,
      dateLatest: statements.dateLatest,
      datePrecision: statements.datePrecision,
      dateNote: statements.dateNote,
      dateRank: statements.dateRank,
    })
    .from(claimTopics)
    .innerJoin(claimAppearances, eq(claimAppearances.claimId, claimTopics.claimId))
    .innerJoin(statements, eq(statements.id, claimAppearances.statementId))
    .innerJoin(statementParticipants, eq(statementParticipants.statementId, statements.id))
    .where(and(isNotNull(claimTopics.stance), inArray(statementParticipants.role, [...ASSERTING_ROLES]), where))
    .orderBy(statementParticipants.actorId, claimTopics.claimId, claimTopics.topicId, statements.dateEarliest, statements.dateRank, statements.id);
  return rows
    .map((r) => ({
      actorId: r.actorId,
      topicId: r.topicId,
      claimId: r.claimId,
      stance: r.stance!,
      date: fuzzyDateOf(r, 'date')!,
      key: [r.dateEarliest!, r.dateRank!, r.statementId] as [string, number, number],
    }))
    .sort(
      (a, b) =>
        (a.key[0] < b.key[0] ? -1 : a.key[0] > b.key[0] ? 1 : 0) ||
        a.key[1] - b.key[1] ||
        a.key[2] - b.key[2] ||
        a.claimId - b.claimId ||
        a.actorId - b.actorId,
    );
}

/** Each actor's positions on one topic. */
export async function positionsByActor(db: Database, actorIds: readonly number[], topicId: number): Promise<PositionRow[][]> {
  const rows = await positions(db, and(eq(claimTopics.topicId, topicId), inArray(statementParticipants.actorId, [...actorIds])));
  return groupByKey(actorIds, rows, (r) => r.actorId);
}

/** Every actor's positions on each topic. */
export async function positionsByTopic(db: Database, topicIds: readonly number[]): Promise<PositionRow[][]> {
  const rows = await positions(db, inArray(claimTopics.topicId, [...topicIds]));
  return groupByKey(topicIds, rows, (r) => r.topicId);
}
