// One subscriber's Changes, in commit order: first those it missed (after the
// SSE Last-Event-ID it came back with), read from the audit trail in batches,
// then the live ones from the feed. Live Changes wait in a bounded buffer while
// the subscriber is slow; when it is full the stream gives up on this
// subscriber (the server's memory does not grow with its backlog) and ends
// with OVERFLOW, and the client resumes with its Last-Event-ID.
import type { Database } from '../db/client.js';
import { readChanges, type ChangeFeed, type FeedChange } from './change-feed.js';

export const OVERFLOW = Symbol('overflow');
export type StreamItem = FeedChange | typeof OVERFLOW;

const REPLAY_BATCH = 100;

export class ChangeStream implements AsyncIterableIterator<StreamItem> {
  private readonly buffer: FeedChange[] = [];
  private replay: FeedChange[] = [];
  /** Replaying the audit trail up to this id; null once caught up with the feed. */
  private replayUpTo: number | null;
  /** Id of the last Change passed on. */
  private cursor: number;
  private overflowed = false;
  private ended = false;
  private wake: (() => void) | null = null;
  private readonly unsubscribe: () => void;

  /** Starts after Change `after` (the Last-Event-ID, or the newest committed one). Call once the feed is ready. */
  constructor(
    private readonly db: Database,
    feed: ChangeFeed,
    after: number,
    private readonly maxBuffer: number,
    private readonly onEnd: () => void,
  ) {
    this.cursor = after;
    // What the feed passed on before this stream listened comes from the audit trail.
    this.replayUpTo = after < feed.position ? feed.position : null;
    this.unsubscribe = feed.onChange((change) => this.push(change));
  }

  private push(change: FeedChange): void {
    if (this.ended || this.overflowed || change.change.id <= this.cursor) return;
    if (this.buffer.length >= this.maxBuffer) {
      this.overflowed = true;
      this.buffer.length = 0;
      this.unsubscribe();
    } else {
      this.buffer.push(change);
    }
    this.wake?.();
  }

  async next(): Promise<IteratorResult<StreamItem>> {
    for (;;) {
      if (this.ended) return { done: true, value: undefined };
      if (this.overflowed) {
        this.end();
        return { done: false, value: OVERFLOW };
      }
      if (this.replayUpTo != null) {
        if (!this.replay.length) this.replay = await readChanges(this.db, this.cursor, REPLAY_BATCH, this.replayUpTo);
        const missed = this.replay.shift();
        if (!missed) {
          this.replayUpTo = null;
          continue;
        }
        this.cursor = missed.change.id;
        return { done: false, value: missed };
      }
      const live = this.buffer.shift();
      if (live) {
        if (live.change.id <= this.cursor) continue;
        this.cursor = live.change.id;
        return { done: false, value: live };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.buffer.length = 0;
    this.replay = [];
    this.unsubscribe();
    this.wake?.();
    this.onEnd();
  }

  async return(): Promise<IteratorResult<StreamItem>> {
    this.end();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
