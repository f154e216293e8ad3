// Which timeline items a Change touched, and whether each matches a timeline
// filter: asked of the timeline query itself, restricted to the one item, so a
// subscription shows exactly what Query.timeline would, and the key it finds
// is the item's cursor there.
import { eq, getTableColumns } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { events, statements, type ChangeOperation } from '../db/schema.js';
import { keyValues, timelinePages, type TimelineScope } from '../loaders/timeline.js';
import { encodeCursor } from '../pagination/cursor.js';
import { CURSOR_KIND } from '../schema/timeline.js';
import type { FeedChange, FeedEntry } from './change-feed.js';

export type ItemType = 'Event' | 'Statement';

export interface TouchedItem {
  type: ItemType;
  id: number;
  operation: ChangeOperation;
  /** The item's row as the Change left it (after) or found it (before, for a delete). */
  state: Record<string, unknown> | null;
}

export interface ItemMatch {
  row: Record<string, unknown> | null;
  cursor: string | null;
}

const ITEM_TABLES: Record<string, ItemType> = { events: 'Event', statements: 'Statement' };

/**
 * Events and statements a Change created, updated or deleted, in the order it
 * first touched them: their own rows, rows that belong to them (participants,
 * excerpts), and the claims placed in a statement or about an event, which a
 * topic, actor or search filter reads.
 */
export function touchedItems(change: FeedChange): TouchedItem[] {
  const items = new Map<string, TouchedItem>();
  const touch = (type: ItemType, id: number, entry: FeedEntry | null) => {
    const key = `${type}:${id}`;
    const item = items.get(key) ?? { type, id, operation: 'UPDATE' as ChangeOperation, state: null };
    if (entry) {
      item.operation = entry.operation;
      item.state = entry.after ?? entry.before;
    }
    items.set(key, item);
  };
  for (const entry of change.entries) {
    const own = ITEM_TABLES[entry.tableName];
    if (own) touch(own, entry.nodeId, entry);
    else if (entry.nodeType === 'Event' || entry.nodeType === 'Statement') touch(entry.nodeType, entry.nodeId, null);
    else if (entry.tableName === 'claim_appearances') touch('Statement', Number((entry.after ?? entry.before)?.statementId), null);
    else if (entry.tableName === 'claim_events') touch('Event', Number((entry.after ?? entry.before)?.eventId), null);
  }
  return [...items.values()].filter((item) => Number.isInteger(item.id));
}

function day(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, 10) : null;
}

/**
 * A deleted item is gone from the database, so the query cannot be asked; its
 * last state decides type, kind and dates. Actor, topic and search conditions
 * read rows deleted with it, so a delete passes them: a front end drops an
 * item it does not show at no cost.
 */
function deletedMatches(scope: TimelineScope, item: TouchedItem): boolean {
  const state = item.state ?? {};
  const kind = state.kind as never;
  const event = item.type === 'Event';
  if (event && scope.eventKinds && !scope.eventKinds.includes(kind)) return false;
  if (!event && scope.statementKinds && !scope.statementKinds.includes(kind)) return false;
  const earliest = day(event ? state.startEarliest : state.dateEarliest);
  const latest = day(event ? (state.endLatest ?? state.startLatest) : state.dateLatest);
  if (scope.to && earliest && earliest > scope.to) return false;
  if (scope.from && latest && latest < scope.from) return false;
  return true;
}

/** The item and its cursor when it matches the scope, null when it does not. */
export async function matchItem(db: Database, scope: TimelineScope, item: TouchedItem): Promise<ItemMatch | null> {
  if (!scope.types.includes(item.type === 'Event' ? 'EVENT' : 'STATEMENT')) return null;
  if (item.operation === 'DELETE') return deletedMatches(scope, item) ? { row: null, cursor: null } : null;
  const type = item.type === 'Event' ? 0 : 1;
  const plan = { size: 1, backward: false, after: null, before: null };
  const [page] = await timelinePages(db, { ...scope, only: { type, id: item.id } }, plan, false, null);
  const key = page?.rows[0];
  const table = item.type === 'Event' ? events : statements;
  // The search vector is large and no field shows it.
  const { search: _search, ...columns } = getTableColumns(table);
  const [row] = await db.select(columns).from(table).where(eq(table.id, item.id));
  if (key && row) return { row, cursor: encodeCursor(CURSOR_KIND, keyValues(key)) };
  // Deleted since (a later Change did it): judged as a delete is, and sent without the item.
  if (!row) return deletedMatches(scope, item) ? { row: null, cursor: null } : null;
  return null;
}
