// A deadline on every GraphQL operation: the answer is TIMEOUT when it runs out,
// whatever the database is doing (even frozen), and the execution is aborted:
// graphql-js (mutations, subscriptions, @defer and @stream) resolves no
// further field, so no later wave of statements is sent. A query compiled by
// graphql-jit cannot be interrupted: on Postgres it runs on to its end in the
// background, every statement bounded by statement_timeout.
//
// On the embedded database (`guardStatements`) every statement also checks the
// deadline before it starts (see db/deadline.ts), since PGlite runs one
// statement at a time on the server's own thread and a late request's batch
// already queued would hold up everyone else's. That check carries the deadline
// through AsyncLocalStorage, which on Node 20 turns on promise hooks for the
// whole process, a cost every request pays (5-15% of the CPU of a short query
// in the comparison bench); a Postgres server bounds each statement with its
// own statement_timeout instead, so there it is left off.
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { timeoutError, withDeadline } from '../db/deadline.js';

export interface DeadlineOptions {
  /** Refuse every statement started after the deadline (the embedded database needs it). */
  guardStatements?: boolean;
}

export function requestDeadlinePlugin(ms: number, options: DeadlineOptions = {}): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => {
        const run = () => {
          const stop = new AbortController();
          const given = (args as ExecutionArgs & { signal?: AbortSignal }).signal;
          const signal = given ? AbortSignal.any([given, stop.signal]) : stop.signal;
          let timer: NodeJS.Timeout | undefined;
          const timedOut = new Promise<ExecutionResult>((resolve) => {
            timer = setTimeout(() => {
              const error = timeoutError(ms);
              resolve({ errors: [error] });
              stop.abort(error);
            }, ms);
          });
          const execution = Promise.resolve(executeFn({ ...args, signal } as typeof args)).finally(() => clearTimeout(timer));
          return Promise.race([execution, timedOut]);
        };
        return options.guardStatements ? withDeadline(ms, run) : run();
      });
    },
  };
}
