// A deadline on every GraphQL operation: the answer is TIMEOUT when it runs out,
// whatever the database is doing (even frozen), and statements the operation
// would still start are refused (see db/deadline.ts).
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { timeoutError, withDeadline } from '../db/deadline.js';

export function requestDeadlinePlugin(ms: number): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) =>
        withDeadline(ms, () => {
          let timer: NodeJS.Timeout | undefined;
          const timedOut = new Promise<ExecutionResult>((resolve) => {
            timer = setTimeout(() => resolve({ errors: [timeoutError(ms)] }), ms);
          });
          const run = Promise.resolve(executeFn(args)).finally(() => clearTimeout(timer));
          return Promise.race([run, timedOut]);
        }),
      );
    },
  };
}
