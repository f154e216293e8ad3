// Admission control in front of the server: at most `maxActive` requests run
// at once and the rest wait in order, up to `maxQueued` of them and for at
// most `maxWaitMs`; beyond that the answer is 503 OVERLOADED at once. Without
// it, a burst makes every request slower until clients give up on all of
// them (worst on PGlite, which runs one statement at a time): with it, the
// requests let in are answered in time and the rest are told to come back.
// Event streams (subscriptions) hold a place only until their headers are sent.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface AdmissionLimits {
  maxActive: number;
  maxQueued: number;
  maxWaitMs: number;
}

export class Admission {
  private active = 0;
  private readonly waiting: { admit: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(private readonly limits: AdmissionLimits) {}

  /**
   * Resolves true when the request may run (call leave() when it ends), false
   * when it must be refused. `abandoned` fires when the client gives up while
   * waiting: its place is freed, so nobody serves a request no one will read.
   */
  enter(abandoned?: AbortSignal): Promise<boolean> {
    if (this.tryEnter()) return Promise.resolve(true);
    if (this.waiting.length >= this.limits.maxQueued) return Promise.resolve(false);
    return new Promise((resolve) => {
      const drop = () => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        clearTimeout(entry.timer);
        resolve(false);
      };
      const entry = {
        admit: () => {
          clearTimeout(entry.timer);
          abandoned?.removeEventListener('abort', drop);
          this.active++;
          resolve(true);
        },
        timer: setTimeout(drop, this.limits.maxWaitMs),
      };
      abandoned?.addEventListener('abort', drop, { once: true });
      this.waiting.push(entry);
    });
  }

  /** Takes a place at once when one is free (call leave() when the request ends); false when it would have to wait. */
  tryEnter(): boolean {
    if (this.active >= this.limits.maxActive) return false;
    this.active++;
    return true;
  }

  leave(): void {
    this.active--;
    this.waiting.shift()?.admit();
  }

  get load() {
    return { active: this.active, queued: this.waiting.length };
  }
}

const PASS_THROUGH = new Set(['/health', '/ready']);

/** Wraps a Node request handler; health checks pass without waiting. */
export function admit(admission: Admission, handler: (req: IncomingMessage, res: ServerResponse) => unknown) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (PASS_THROUGH.has((req.url ?? '').split('?')[0]!)) return handler(req, res);
    // Only a request that has to wait needs to hear that its client left: an
    // AbortController aborted on every response's close would build an
    // AbortError (a DOMException with its stack) per request for nothing.
    let admitted: boolean;
    let gone: AbortController | undefined;
    if (admission.tryEnter()) admitted = true;
    else {
      gone = new AbortController();
      const abandon = () => gone!.abort();
      res.once('close', abandon);
      admitted = await admission.enter(gone.signal);
      res.off('close', abandon);
    }
    if (!admitted) {
      if (gone?.signal.aborted) return;
      const body = JSON.stringify({
        errors: [{ message: 'The server is overloaded (too many requests at once); retry shortly.', extensions: { code: 'OVERLOADED' } }],
      });
      res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '2', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    let left = false;
    const leave = () => {
      if (!left) {
        left = true;
        admission.leave();
      }
    };
    res.on('close', leave);
    res.on('finish', leave);
    // A subscription's event stream stays open for hours: it holds a slot while it
    // starts (checks, first reads) and gives it back once its headers are out. Open
    // streams are bounded by the subscription limits instead (MAX_SUBSCRIPTIONS).
    if ((req.headers.accept ?? '').includes('text/event-stream')) {
      const writeHead = res.writeHead;
      res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
        leave();
        return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
      } as typeof res.writeHead;
    }
    return handler(req, res);
  };
}
