// The committed Changes of the database, as they commit, whichever process
// made them: one LISTEN per process, on the channel the ChangeLog notifies in
// each write's transaction. A notification only says "something committed";
// the feed then reads every Change after the last one it has seen, so a lost
// or merged notification (a reconnect, a burst) loses nothing, payload size is
// never a concern, and each Change is read once per process however many
// subscribers wait for it.
import { asc, gt, inArray, max, sql } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '../db/client.js';
import { changeEntries, changes, type ChangeOperation } from '../db/schema.js';
import { CHANGE_CHANNEL } from '../domain/change-log.js';

export type ChangeRow = typeof changes.$inferSelect;

/** What a Change did to one record; before/after only for events and statements (timeline filters read them). */
export interface FeedEntry {
  operation: ChangeOperation;
  tableName: string;
  nodeType: string;
  nodeId: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface FeedChange {
  change: ChangeRow;
  entries: FeedEntry[];
}

export type ChangeListener = (change: FeedChange) => void;

/** Tables whose rows' states a timeline filter reads: the items themselves and the links that place claims in them. */
const STATE_TABLES = ['events', 'statements', 'claim_appearances', 'claim_events'];

const BATCH = 100;
const RETRY_MS = 5_000;

/** Changes with ids in (after, upTo], oldest first, at most `limit`, with their entries. */
export async function readChanges(db: Database, after: number, limit = BATCH, upTo?: number): Promise<FeedChange[]> {
  const rows = await db
    .select()
    .from(changes)
    .where(upTo == null ? gt(changes.id, after) : sql`${changes.id} > ${after} AND ${changes.id} <= ${upTo}`)
    .orderBy(asc(changes.id))
    .limit(limit);
  if (!rows.length) return [];
  const withState = sql`${changeEntries.tableName} IN (${sql.join(
    STATE_TABLES.map((t) => sql`${t}`),
    sql`, `,
  )})`;
  const entries = await db
    .select({
      changeId: changeEntries.changeId,
      operation: changeEntries.operation,
      tableName: changeEntries.tableName,
      nodeType: changeEntries.nodeType,
      nodeId: changeEntries.nodeId,
      before: sql<Record<string, unknown> | null>`CASE WHEN ${withState} THEN ${changeEntries.before} END`,
      after: sql<Record<string, unknown> | null>`CASE WHEN ${withState} THEN ${changeEntries.after} END`,
    })
    .from(changeEntries)
    .where(inArray(changeEntries.changeId, rows.map((r) => r.id)))
    .orderBy(asc(changeEntries.changeId), asc(changeEntries.position));
  const byChange = new Map<number, FeedEntry[]>(rows.map((r) => [r.id, []]));
  for (const { changeId, ...entry } of entries) byChange.get(changeId)!.push(entry);
  return rows.map((change) => ({ change, entries: byChange.get(change.id)! }));
}

export async function latestChangeId(db: Database): Promise<number> {
  const [row] = await db.select({ last: max(changes.id) }).from(changes);
  return row?.last ?? 0;
}

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private started: Promise<void> | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  /** Id of the last Change handed to listeners. */
  private last = 0;
  private pumping: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(private readonly handle: DatabaseHandle) {}

  /** Id of the newest Change the feed has passed on; a subscriber opening now starts after it. */
  get position(): number {
    return this.last;
  }

  /**
   * Calls `listener` with every Change committed from now on, in commit order
   * (a response cache drops its entries there). Returns a function that stops it.
   */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    this.follow();
    return () => this.listeners.delete(listener);
  }

  /** Starts listening for the listeners, trying again every few seconds while the database cannot be reached. */
  private follow(): void {
    this.ready().catch((error: Error) => {
      console.error(`claimline: cannot listen for changes (${error.message}); trying again in ${RETRY_MS / 1000} s.`);
      setTimeout(() => {
        if (this.listeners.size && !this.closed) this.follow();
      }, RETRY_MS).unref();
    });
  }

  /** Resolves once the feed listens; a failed start is tried again by the next caller. */
  ready(): Promise<void> {
    if (!this.started) {
      this.started = this.start().catch((error) => {
        this.started = null;
        throw error;
      });
    }
    return this.started;
  }

  private async start(): Promise<void> {
    this.last = Math.max(this.last, await latestChangeId(this.handle.db));
    // Every (re)connection may have missed notifications: read what committed meanwhile.
    this.stopListening = await this.handle.listen(CHANGE_CHANNEL, () => this.pump(), () => this.pump());
  }

  /** Reads and passes on every Change after the last one seen; one read at a time, repeated while notifications came in. */
  private pump(): void {
    if (this.closed) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = (async () => {
      do {
        this.again = false;
        for (;;) {
          const batch = await readChanges(this.handle.db, this.last);
          for (const item of batch) {
            this.last = item.change.id;
            for (const listener of this.listeners) {
              try {
                listener(item);
              } catch (error) {
                console.error(`claimline: a change listener failed (${(error as Error).message}).`);
              }
            }
          }
          if (batch.length < BATCH) break;
        }
      } while (this.again && !this.closed);
    })()
      .catch((error: Error) => {
        // The next notification (or reconnect) reads from the same place again.
        console.error(`claimline: cannot read new changes (${error.message}).`);
      })
      .finally(() => {
        this.pumping = null;
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.stopListening?.().catch(() => {});
  }
}

const FEEDS = new WeakMap<DatabaseHandle, ChangeFeed>();

/** The one feed of a database handle: every server and cache on the handle shares its LISTEN. */
export function changeFeedFor(handle: DatabaseHandle): ChangeFeed {
  let feed = FEEDS.get(handle);
  if (!feed) {
    feed = new ChangeFeed(handle);
    FEEDS.set(handle, feed);
  }
  return feed;
}
