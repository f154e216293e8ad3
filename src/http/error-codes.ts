// Every error a client sees carries extensions.code. graphql-js reports
// variables that do not fit their declared type without one; those are the
// client's input (BAD_USER_INPUT). Anything else without a code is ours.
import { isAsyncIterable } from '@envelop/core';
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

function coded(result: ExecutionResult): ExecutionResult | null {
  if (!result.errors?.length || !result.errors.some((e) => !e.extensions?.code)) return null;
  return { ...result, errors: result.errors.map(withCode) };
}

export function errorCodesPlugin(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          const fixed = coded(result as ExecutionResult);
          if (fixed) setResult(fixed);
        },
      };
    },
    // A subscription refused before it starts answers one result; one that runs, a result per event.
    onSubscribe() {
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isAsyncIterable(result)) {
            const fixed = coded(result);
            if (fixed) setResult(fixed);
            return;
          }
          return {
            onNext({ result: next, setResult: setNext }) {
              const fixed = coded(next as ExecutionResult);
              if (fixed) setNext(fixed);
            },
          };
        },
      };
    },
  };
}
