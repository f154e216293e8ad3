// Batch functions for a statement's lists: participants, excerpts, events, responses.
import { createContextCache } from '@pothos/core';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  actors,
  events,
  type ParticipantRole,
  statementEvents,
  statementParticipants,
  statementResponses,
  statements,
} from '../db/schema.js';
import { idArrayPlaceholder, preparedOnce } from './prepared-statements.js';
import { groupByKey } from './rows-by-id.js';
import { jsonRow, jsonValue, rowColumns, rowFromJson } from '../db/row-columns.js';

export type ParticipantRow = typeof statementParticipants.$inferSelect;

export async function participantsByStatement(
  db: Database,
  statementIds: readonly number[],
  role: ParticipantRole | null | undefined,
): Promise<ParticipantRow[][]> {
  const statement = preparedOnce(db, `participants-by-statement:${role ? 'role' : 'all'}`, () =>
    db
      .select()
      .from(statementParticipants)
      .where(
        and(
          sql`${statementParticipants.statementId} = ANY(${idArrayPlaceholder('ids')})`,
          role ? sql`${statementParticipants.role} = ${sql.placeholder('role')}` : undefined,
        ),
      )
      .orderBy(asc(statementParticipants.statementId), asc(statementParticipants.position), asc(statementParticipants.role))
      .prepare('participants-by-statement'),
  );
  const rows = await statement.execute({ ids: [...statementIds], role });
  return groupByKey(statementIds, rows, (r) => r.statementId);
}

export type ActorReadRow = Omit<typeof actors.$inferSelect, 'search'>;
export type ParticipantWithActor = ParticipantRow & { actor: ActorReadRow };

/** Participants as participantsByStatement orders them, each with its actor's row, in one statement. */
export async function participantsWithActors(
  db: Database,
  statementIds: readonly number[],
  role: ParticipantRole | null | undefined,
): Promise<ParticipantWithActor[][]> {
  const statement = preparedOnce(db, `participants-with-actors:${role ? 'role' : 'all'}`, () =>
    db
      .select({ participant: statementParticipants, actor: rowColumns(actors) })
      .from(statementParticipants)
      .innerJoin(actors, eq(actors.id, statementParticipants.actorId))
      .where(
        and(
          sql`${statementParticipants.statementId} = ANY(${idArrayPlaceholder('ids')})`,
          role ? sql`${statementParticipants.role} = ${sql.placeholder('role')}` : undefined,
        ),
      )
      .orderBy(asc(statementParticipants.statementId), asc(statementParticipants.position), asc(statementParticipants.role))
      .prepare('participants-with-actors'),
  );
  const rows = await statement.execute({ ids: [...statementIds], role });
  return groupByKey(statementIds, rows, (r) => r.participant.statementId).map((list) => list.map((r) => ({ ...r.participant, actor: r.actor })));
}

/**
 * The participants of the statement whose id `statementId` gives, each with its
 * actor, in participantsWithActors' order, as one JSON value: a lookup of the
 * statement reads it beside the row when the client asks for participants.
 */
export function participantsJson(statementId: SQL): SQL {
  return sql`(SELECT coalesce(json_agg(json_build_array(${jsonRow(statementParticipants)}, ${jsonRow(actors)})
      ORDER BY ${statementParticipants.position}, ${statementParticipants.role}), '[]')
    FROM ${statementParticipants} JOIN ${actors} ON ${actors.id} = ${statementParticipants.actorId}
    WHERE ${statementParticipants.statementId} = ${statementId})`;
}

const prefetchedParticipants = createContextCache(() => new Map<number, ParticipantWithActor[]>());

/** Keeps a statement's participants read with its row (participantsJson) for this request, where participantsOf finds them. */
export function keepPrefetchedParticipants(ctx: object, statementId: number, json: unknown): void {
  const list = jsonValue<[Record<string, unknown>, Record<string, unknown>][]>(json).map(([participant, actor]) => ({
    ...(rowFromJson(statementParticipants, participant) as ParticipantRow),
    actor: rowFromJson(actors, actor) as ActorReadRow,
  }));
  prefetchedParticipants(ctx).set(statementId, list);
}

/** Each statement's participants: those its lookup brought along when all are there, else one statement for the batch. */
export async function participantsOf(
  ctx: { db: Database },
  statementIds: readonly number[],
  role: ParticipantRole | null | undefined,
): Promise<ParticipantWithActor[][]> {
  const kept = prefetchedParticipants(ctx);
  if (!statementIds.every((id) => kept.has(id))) return participantsWithActors(ctx.db, statementIds, role);
  return statementIds.map((id) => kept.get(id)!.filter((participant) => !role || participant.role === role));
}

export async function eventsByStatement(db: Database, statementIds: readonly number[]) {
  const statement = preparedOnce(db, 'events-by-statement', () =>
    db
      .select({ parent: statementEvents.statementId, event: rowColumns(events) })
      .from(statementEvents)
      .innerJoin(events, eq(events.id, statementEvents.eventId))
      .where(sql`${statementEvents.statementId} = ANY(${idArrayPlaceholder('ids')})`)
      .orderBy(asc(events.startEarliest), asc(events.startRank), asc(events.id))
      .prepare('events-by-statement'),
  );
  const rows = await statement.execute({ ids: [...statementIds] });
  return groupByKey(statementIds, rows, (r) => r.parent).map((list) => list.map((r) => r.event));
}

/** `respondsTo`: the statements each one answers; `responses`: the statements answering each one. Oldest first. */
export async function responseLinks(db: Database, direction: 'respondsTo' | 'responses', statementIds: readonly number[]) {
  const [own, other] =
    direction === 'respondsTo'
      ? [statementResponses.statementId, statementResponses.respondsToId]
      : [statementResponses.respondsToId, statementResponses.statementId];
  const statement = preparedOnce(db, `response-links:${direction}`, () =>
    db
      .select({ parent: own, statement: rowColumns(statements) })
      .from(statementResponses)
      .innerJoin(statements, eq(statements.id, other))
      .where(sql`${own} = ANY(${idArrayPlaceholder('ids')})`)
      .orderBy(asc(statements.dateEarliest), asc(statements.dateRank), asc(statements.id))
      .prepare('response-links'),
  );
  const rows = await statement.execute({ ids: [...statementIds] });
  return groupByKey(statementIds, rows, (r) => r.parent).map((list) => list.map((r) => r.statement));
}
