// Which timeline items a Change touched, and whether each is (or was, before
// the Change) in a filter's timeline: asked of the timeline query itself,
// restricted to the one item, so a subscription shows exactly what
// Query.timeline would, and the key it finds is the item's cursor there.
import { inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { rowColumns } from '../db/row-columns.js';
import { claimAppearances, claimEvents, events, statements, type ChangeOperation } from '../db/schema.js';
import { keyValues, type TimelineKey, type TimelineScope } from '../loaders/timeline.js';
import { encodeCursor } from '../pagination/cursor.js';
import { CURSOR_KIND } from '../schema/timeline.js';
import type { FeedChange, FeedEntry } from './change-feed.js';
import { itemKey, type BeforeAnswer, type ItemRef } from './state-before.js';

export type ItemType = ItemRef['type'];

export interface TouchedItem {
  type: ItemType;
  id: number;
  operation: ChangeOperation;
  /** The item's row as the Change left it (after) or found it (before, for a delete); null when only rows linked to it changed. */
  state: Record<string, unknown> | null;
  /** The item's row before the Change, when the Change updated or deleted it. */
  before: Record<string, unknown> | null;
}

/** One item of a Change as a subscriber of one filter sees it; absent when it neither is nor was in the filter's timeline. */
export interface ItemUpdate {
  type: ItemType;
  id: number;
  operation: ChangeOperation;
  /** The item as it is now; null once deleted. */
  row: Record<string, unknown> | null;
  /** Its cursor in the filter's timeline; null when it is not (or no longer) there. */
  cursor: string | null;
  /** Whether the item, as it is now, is in the filter's timeline. */
  matchesFilter: boolean;
}

const ITEM_TABLES: Record<string, ItemType> = { events: 'Event', statements: 'Statement' };

/**
 * Events and statements a Change created, updated or deleted, in the order it
 * first touched them: their own rows, rows that belong to them (participants,
 * excerpts), the claims placed in a statement or about an event, and the
 * statements and events a changed claim (its text, topics, subjects) is in,
 * which a topic, actor or search filter reads.
 */
export async function touchedItems(db: Database, change: FeedChange): Promise<TouchedItem[]> {
  const items = new Map<string, TouchedItem>();
  const touch = (type: ItemType, id: number, entry: FeedEntry | null) => {
    const key = itemKey({ type, id });
    const item = items.get(key) ?? { type, id, operation: 'UPDATE' as ChangeOperation, state: null, before: null };
    if (entry) {
      item.operation = entry.operation;
      item.state = entry.after ?? entry.before;
      item.before = entry.before;
    }
    items.set(key, item);
  };
  const claimIds = new Set<number>();
  for (const entry of change.entries) {
    const own = ITEM_TABLES[entry.tableName];
    if (own) touch(own, entry.nodeId, entry);
    else if (entry.nodeType === 'Event' || entry.nodeType === 'Statement') touch(entry.nodeType, entry.nodeId, null);
    else if (entry.tableName === 'claim_appearances') touch('Statement', Number((entry.after ?? entry.before)?.statementId), null);
    else if (entry.tableName === 'claim_events') touch('Event', Number((entry.after ?? entry.before)?.eventId), null);
    if (entry.nodeType === 'Claim' && Number.isInteger(entry.nodeId)) claimIds.add(entry.nodeId);
  }
  if (claimIds.size) {
    const ids = [...claimIds];
    const [inStatements, aboutEvents] = await Promise.all([
      db.selectDistinct({ id: claimAppearances.statementId }).from(claimAppearances).where(inArray(claimAppearances.claimId, ids)).orderBy(claimAppearances.statementId),
      db.selectDistinct({ id: claimEvents.eventId }).from(claimEvents).where(inArray(claimEvents.claimId, ids)).orderBy(claimEvents.eventId),
    ]);
    for (const { id } of inStatements) touch('Statement', id, null);
    for (const { id } of aboutEvents) touch('Event', id, null);
  }
  return [...items.values()].filter((item) => Number.isInteger(item.id));
}

function day(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, 10) : null;
}

/** Whether a row's own fields (kind, dates) pass the filter; actor, topic and search conditions are not judged here. */
function rowMatches(scope: TimelineScope, type: ItemType, state: Record<string, unknown>): boolean {
  const kind = state.kind as never;
  const event = type === 'Event';
  if (event && scope.eventKinds && !scope.eventKinds.includes(kind)) return false;
  if (!event && scope.statementKinds && !scope.statementKinds.includes(kind)) return false;
  const earliest = day(event ? state.startEarliest : state.dateEarliest);
  const latest = day(event ? (state.endLatest ?? state.startLatest) : state.dateLatest);
  if (scope.to && earliest && earliest > scope.to) return false;
  if (scope.from && latest && latest < scope.from) return false;
  return true;
}

/** Whether the filter reads rows other than the item's own (participants, claims, topics, search text). */
function readsLinkedRows(scope: TimelineScope): boolean {
  return Boolean(scope.actorIds || scope.topicIds || scope.search);
}

/** What matching needs from the database, batched across the subscribers a Change wakes (see LiveUpdates). */
export interface MatchLookups {
  /** The item's key in the scope's timeline now, or null when it is not in it. */
  timelineKey(scope: TimelineScope, item: ItemRef): Promise<TimelineKey | null>;
  /** The item's row as it is now, or null when it is gone. */
  row(item: ItemRef): Promise<Record<string, unknown> | null>;
  /** Which of the items were in the scope's timeline before the change. */
  matchedBefore(scope: TimelineScope, changeId: number, items: ItemRef[]): Promise<BeforeAnswer>;
}

/** Event and statement rows by id, the search vector left out (it is large and no field shows it). */
export async function itemRows(db: Database, refs: readonly ItemRef[]): Promise<(Record<string, unknown> | null)[]> {
  const found = new Map<string, Record<string, unknown>>();
  for (const [type, table] of [
    ['Event', events],
    ['Statement', statements],
  ] as const) {
    const ids = [...new Set(refs.filter((ref) => ref.type === type).map((ref) => ref.id))];
    if (!ids.length) continue;
    for (const row of await db.select(rowColumns(table)).from(table).where(inArray(table.id, ids))) found.set(itemKey({ type, id: row.id }), row);
  }
  return refs.map((ref) => found.get(itemKey(ref)) ?? null);
}

/** The item as it is now and its cursor when it matches the scope now. */
async function matchNow(lookups: MatchLookups, scope: TimelineScope, item: TouchedItem): Promise<{ row: Record<string, unknown> | null; cursor: string | null }> {
  // The row is read after the key: an item deleted in between is then judged as gone, never as present but outside the filter.
  const key = await lookups.timelineKey(scope, item);
  const row = await lookups.row(item);
  return { row, cursor: key && row ? encodeCursor(CURSOR_KIND, keyValues(key)) : null };
}

/**
 * What a subscriber of `scope` is told about each item a Change touched: an
 * item in the filter's timeline now comes with its cursor; one that was in it
 * before the Change and is not now (deleted, or edited out of it) comes with
 * matchesFilter false, so a view drops it; any other is not sent. Items are
 * judged against the database as it is when the event is sent.
 */
export async function itemUpdates(db: Database, lookups: MatchLookups, scope: TimelineScope, change: FeedChange): Promise<ItemUpdate[]> {
  const wanted = (item: TouchedItem) => scope.types.includes(item.type === 'Event' ? 'EVENT' : 'STATEMENT');
  const items = (await touchedItems(db, change)).filter(wanted);
  const now = await Promise.all(items.map((item) => (item.operation === 'DELETE' ? { row: null, cursor: null } : matchNow(lookups, scope, item))));
  // Which of the rest were in the timeline before: from their own rows when the filter reads nothing else, else asked of the database.
  const ask = items.filter((item, i) => {
    const { row, cursor } = now[i]!;
    return !cursor && readsLinkedRows(scope) && (item.operation === 'DELETE' || (row != null && item.operation === 'UPDATE'));
  });
  const before = ask.length ? await lookups.matchedBefore(scope, change.change.id, ask) : new Set<string>();
  const wasIn = (item: TouchedItem, row: Record<string, unknown> | null): boolean => {
    if (item.operation === 'CREATE' && row) return false;
    if (!readsLinkedRows(scope) || (item.operation !== 'DELETE' && !row)) {
      const state = row ? item.before : item.state;
      return state != null && rowMatches(scope, item.type, state);
    }
    return before == null || before.has(itemKey(item));
  };
  return items.flatMap((item, i): ItemUpdate[] => {
    const { row, cursor } = now[i]!;
    if (cursor) return [{ type: item.type, id: item.id, operation: item.operation, row, cursor, matchesFilter: true }];
    if (!wasIn(item, row)) return [];
    return [{ type: item.type, id: item.id, operation: item.operation, row, cursor: null, matchesFilter: false }];
  });
}
