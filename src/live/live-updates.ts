// Live updates of one server: the database's change feed, the limits on open
// subscriptions, and the streams that turn committed Changes into a
// subscriber's events. Every subscription reads from the feed, which reads
// from the database: a write through any replica reaches subscribers on all.
import DataLoader from 'dataloader';
import { DEFAULT_LIVE_LIMITS, type LiveLimits } from '../config.js';
import type { DatabaseHandle } from '../db/client.js';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { userError } from '../errors.js';
import { MAX_INTEGER } from '../pagination/cursor.js';
import type { TimelineScope } from '../loaders/timeline.js';
import { changeFeedFor, latestChangeId, type ChangeFeed, type FeedChange } from './change-feed.js';
import { ChangeStream, OVERFLOW } from './change-stream.js';
import { stateBeforeLoader, timelineType, type BeforeAnswer, type BeforeQuestion, type ItemRef } from './state-before.js';
import { membershipLoader } from './membership.js';
import { itemRows, itemUpdates, type ItemUpdate, type MatchLookups } from './timeline-match.js';

/** What a subscription resolver needs from its request: the server's live updates and the SSE state. */
export interface LiveRequest {
  updates: LiveUpdates;
  /** The SSE Last-Event-ID the client resumes after, as sent. */
  lastEventId: string | null;
  /** The SSE id of the event being sent: the Change's id, on the last event a Change gives. */
  eventId: number | null;
}

/** Marks the end of a stream whose subscriber fell too far behind; its resolver answers SUBSCRIBER_TOO_SLOW. */
export const TOO_SLOW = { tooSlow: true } as const;
export type TooSlow = typeof TOO_SLOW;

/**
 * Subscribers woken by the same Change take turns, a few dozen per pass of the
 * event loop: a thousand subscribers would otherwise resolve and serialize
 * their events in one long stretch, holding up every request (and sockets'
 * writes) meanwhile.
 */
class Turns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly perPass: number) {}

  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.pass);
      }
    });
  }

  private readonly pass = () => {
    for (const resolve of this.waiting.splice(0, this.perPass)) resolve();
    if (this.waiting.length) setImmediate(this.pass);
    else this.scheduled = false;
  };
}

const EVENTS_PER_PASS = 25;

/** What one Change means for one filter is shared by every subscriber with that filter: its queries run once, not once each. */
const MATCH_MEMO_SIZE = 2_000;

export class LiveUpdates {
  readonly feed: ChangeFeed;
  private total = 0;
  private readonly perKey = new Map<string, number>();
  private readonly matches = new Map<string, Promise<ItemUpdate[]>>();
  private readonly turns = new Turns(EVENTS_PER_PASS);
  /** Subscribers woken by one Change ask together: a few statements per Change, however many filters. */
  private readonly lookups: MatchLookups;

  constructor(
    private readonly handle: DatabaseHandle,
    readonly limits: LiveLimits = DEFAULT_LIVE_LIMITS,
  ) {
    this.feed = changeFeedFor(handle);
    const stateBefore: DataLoader<BeforeQuestion, BeforeAnswer> = stateBeforeLoader(handle.db);
    const membership = membershipLoader(handle.db);
    const rows = new DataLoader((refs: readonly ItemRef[]) => itemRows(handle.db, refs), { cache: false });
    this.lookups = {
      timelineKey: (scope, item) => membership.load({ scope, type: timelineType(item), id: item.id }),
      row: (item) => rows.load({ type: item.type, id: item.id }),
      matchedBefore: (scope, changeId, items) => stateBefore.load({ changeId, scope, items }),
    };
  }

  get openSubscriptions(): number {
    return this.total;
  }

  /** Takes a subscription slot for `key` (null: no key) or refuses with TOO_MANY_SUBSCRIPTIONS; returns its release. */
  private take(key: string | null): () => void {
    const held = key == null ? 0 : (this.perKey.get(key) ?? 0);
    if (this.total >= this.limits.maxSubscriptions) {
      throw tooMany(`The server has ${this.limits.maxSubscriptions} subscriptions open, its limit; retry later or on another replica.`);
    }
    if (key != null && held >= this.limits.maxSubscriptionsPerKey) {
      throw tooMany(`The key "${key}" has ${this.limits.maxSubscriptionsPerKey} subscriptions open on this server, its limit; close one first.`);
    }
    this.total++;
    if (key != null) this.perKey.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      if (key == null) return;
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left > 0) this.perKey.set(key, left);
      else this.perKey.delete(key);
    };
  }

  /**
   * A subscriber's events: `toEvents` turns each Change into zero or more
   * (filtered out, or one per item); the SSE id is set on the last of them,
   * so a client cut off halfway through a Change's events gets them all again.
   */
  async subscribe<T>(live: LiveRequest, key: string | null, toEvents: (change: FeedChange) => Promise<T[]>, renewLoaders: () => void): Promise<AsyncIterableIterator<T | TooSlow>> {
    const after = parseLastEventId(live.lastEventId);
    const release = this.take(key);
    let stream: ChangeStream;
    try {
      await this.feed.ready();
      // Without a Last-Event-ID, the stream starts after the newest Change committed now, whether or not the feed has read it yet.
      const start = after ?? (await latestChangeId(this.handle.db));
      stream = new ChangeStream(this.handle.db, this.feed, start, this.limits.subscriberBuffer, release);
    } catch (error) {
      release();
      throw error;
    }
    let pending: { value: T; eventId: number | null }[] = [];
    const turns = this.turns;
    const iterator: AsyncIterableIterator<T | TooSlow> = {
      async next() {
        while (!pending.length) {
          const step = await stream.next();
          if (step.done) return step;
          if (step.value === OVERFLOW) {
            live.eventId = null;
            return { done: false, value: TOO_SLOW };
          }
          const { id } = step.value.change;
          const events = await toEvents(step.value);
          pending = events.map((value, i) => ({ value, eventId: i === events.length - 1 ? id : null }));
        }
        await turns.wait();
        const event = pending.shift();
        if (!event) return iterator.next();
        live.eventId = event.eventId;
        // Each event is resolved against the database as it is now, not as the last event found it.
        renewLoaders();
        return { done: false, value: event.value };
      },
      return: async () => {
        pending = [];
        await stream.return();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** The items of `change` a subscriber of a timeline filter (`filterKey` names it) is told about, shared across subscribers. */
  updatesFor(filterKey: string, scope: TimelineScope, change: FeedChange): Promise<ItemUpdate[]> {
    const key = `${change.change.id}|${filterKey}`;
    let found = this.matches.get(key);
    if (!found) {
      found = itemUpdates(this.handle.db, this.lookups, scope, change);
      this.matches.set(key, found);
      found.catch(() => this.matches.delete(key));
      if (this.matches.size > MATCH_MEMO_SIZE) this.matches.delete(this.matches.keys().next().value!);
    }
    return found;
  }
}

function tooMany(message: string) {
  return userError('TOO_MANY_SUBSCRIPTIONS', message, { http: { status: 429, headers: { 'Retry-After': '5' } } });
}

/** The Change a Last-Event-ID names: its global ID, as each event's id gives it (or the bare number). */
function parseLastEventId(raw: string | null): number | null {
  if (raw == null || raw.trim() === '') return null;
  const value = raw.trim();
  let id = value;
  if (!/^\d+$/.test(value)) {
    try {
      const decoded = decodeGlobalID(value);
      id = decoded.typename === 'Change' ? decoded.id : '';
    } catch {
      id = '';
    }
  }
  if (!/^\d{1,10}$/.test(id) || Number(id) > MAX_INTEGER) {
    throw userError('INVALID_LAST_EVENT_ID', `Last-Event-ID must be the ID of a Change, as an event's id gave it; got "${raw.slice(0, 60)}".`, {
      http: { status: 400 },
    });
  }
  return Number(id);
}
