// Batch functions for an event's lists: participants, children, excerpts.
import { and, asc, sql } from 'drizzle-orm';
import { idArrayPlaceholder, preparedOnce } from './prepared-statements.js';
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
  const statement = preparedOnce(db, `participants-by-event:${role ? 'role' : 'all'}`, () =>
    db
      .select()
      .from(eventParticipants)
      .where(
        and(
          sql`${eventParticipants.eventId} = ANY(${idArrayPlaceholder('ids')})`,
          role ? sql`${eventParticipants.role} = ${sql.placeholder('role')}` : undefined,
        ),
      )
      .orderBy(asc(eventParticipants.eventId), asc(eventParticipants.position), asc(eventParticipants.role))
      .prepare('participants-by-event'),
  );
  const rows = await statement.execute({ ids: [...eventIds], role });
  return groupByKey(eventIds, rows, (r) => r.eventId);
}

export async function childrenByEvent(db: Database, eventIds: readonly number[]) {
  const statement = preparedOnce(db, 'children-by-event', () =>
    db
      .select(rowColumns(events))
      .from(events)
      .where(sql`${events.parentId} = ANY(${idArrayPlaceholder('ids')})`)
      .orderBy(asc(events.startEarliest), asc(events.startRank), asc(events.id))
      .prepare('children-by-event'),
  );
  const rows = await statement.execute({ ids: [...eventIds] });
  return groupByKey(eventIds, rows, (r) => r.parentId!);
}

