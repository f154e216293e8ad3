// The deadline of the request being served, carried through async calls so the
// database layer can refuse to start a statement once the request is out of
// time. This is the guard PGlite has: it runs on the server's own thread and
// cannot interrupt a statement, so the next one must not start.
import { AsyncLocalStorage } from 'node:async_hooks';
import { userError } from '../errors.js';

const deadlines = new AsyncLocalStorage<number>();

/** Runs `work` with a deadline `ms` from now; statements started after it fail with TIMEOUT. */
export function withDeadline<T>(ms: number, work: () => T): T {
  return deadlines.run(Date.now() + ms, work);
}

export function timeoutError(ms: number) {
  return userError('TIMEOUT', `The request ran out of time (limit ${ms} ms). Ask for less, or retry later.`, {
    http: { status: 503, headers: { 'Retry-After': '5' } },
  });
}

/** Throws TIMEOUT when the current request's deadline has passed; a no-op outside requests. */
export function checkDeadline(): void {
  const deadline = deadlines.getStore();
  if (deadline !== undefined && Date.now() > deadline) {
    throw timeoutError(0);
  }
}
