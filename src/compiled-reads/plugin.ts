// Runs a read compiled into one SQL statement (compile.ts) in place of
// field-by-field execution: the statement's one value is the answer's `data`.
// It takes the place of the execute function, so everything around execution
// is as for any operation: parsing and validation, the cost in nodes and its
// extensions.cost, the request's deadline, the response cache, error codes.
// Reads are for anyone who may read (READ_ACCESS): the fields compiled are
// all public. Where the statement fails (a timeout, a lost connection), the
// operation runs field by field after all, so the error reaches the client as
// that of a field, as it would have.
import type { Plugin } from 'graphql-yoga';
import { authScopesFor } from '../auth-scopes.js';
import type { Context } from '../context.js';
import { directDriverOf } from '../db/client.js';
import type { Logger } from '../http/logger.js';
import { compiledRead } from './compile.js';

export function compiledReadsPlugin(logger: Logger): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const ctx = args.contextValue as unknown as Context;
      const driver = directDriverOf(ctx.db);
      if (!driver || !authScopesFor(ctx).read) return;
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const read = compiledRead(args.document, args.operationName, variables);
      const params = read?.params(variables);
      if (!read || !params) return;
      setExecuteFn(async (executeArgs) => {
        let rows: unknown[][];
        try {
          driver.logQuery(read.text, params);
          rows = await driver.values(read.text, params);
        } catch (error) {
          logger.warn('a compiled read failed; answering field by field', { error: (error as Error).message });
          return executeFn(executeArgs);
        }
        const data = rows[0]![0];
        return { data: (typeof data === 'string' ? JSON.parse(data) : data) as Record<string, unknown> };
      });
    },
  };
}
