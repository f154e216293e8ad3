// Every error a client sees carries extensions.code. graphql-js reports
// variables that do not fit their declared type without one; those are the
// client's input (BAD_USER_INPUT). Anything else without a code is ours.
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function withCode(error: GraphQLError): GraphQLError {
  if (error.extensions?.code) return error;
  const code = error.path ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT';
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

export function errorCodesPlugin(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          const single = result as ExecutionResult;
          if (!single.errors?.length || !single.errors.some((e) => !e.extensions?.code)) return;
          setResult({ ...single, errors: single.errors.map(withCode) });
        },
      };
    },
  };
}
