// Batch functions for an event's lists: participants, children, excerpts.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { eventParticipants, type EventRole, events } from '../db/schema.js';
import { groupByKey } from './rows-by-id.js';
import { rowColumns } from '../db/row-columns.js';

export type EventParticipantRow = typeof eventParticipants.$inferSelect;

export async function participantsByEvent(
  db: Database,
  eventIds: readonly number[],
  role: EventRole | null | undefined,
): Promise<EventParticipantRow[][]> {
  const rows = await db
    .select()
    .from(eventParticipants)
    .where(and(inArray(eventParticipants.eventId, [...eventIds]), role ? eq(eventParticipants.role, role) : undefined))
    .orderBy(asc(eventParticipants.eventId), asc(eventParticipants.position), asc(eventParticipants.role));
  return groupByKey(eventIds, rows, (r) => r.eventId);
}

export async function childrenByEvent(db: Database, eventIds: readonly number[]) {
  const rows = await db
    .select(rowColumns(events))
    .from(events)
    .where(inArray(events.parentId, [...eventIds]))
    .orderBy(asc(events.startEarliest), asc(events.startRank), asc(events.id));
  return groupByKey(eventIds, rows, (r) => r.parentId!);
}

