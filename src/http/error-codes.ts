// Every error a client sees carries extensions.code. graphql-js reports
// variables that do not fit their declared type without one; those are the
// client's input (BAD_USER_INPUT). Anything else without a code is ours.
import { isAsyncIterable } from '@envelop/core';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The same error with more extensions (a GraphQLError's own are read-only). */
function withExtensions(error: GraphQLError, extra: Record<string, unknown>): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, ...extra },
  });
}

function withCode(error: GraphQLError): GraphQLError {
  if (error.extensions?.code) return error;
  return withExtensions(error, { code: error.path ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT' });
}

function coded(result: ExecutionResult): ExecutionResult | null {
  if (!result.errors?.length || !result.errors.some((e) => !e.extensions?.code)) return null;
  return { ...result, errors: result.errors.map(withCode) };
}

/** Codes of requests that never ran, because the client sent no valid operation. */
const BAD_DOCUMENT = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);

interface HttpExtension {
  status?: number;
  headers?: Record<string, string>;
}

/** A request-level error with the code and status it should have, or the error itself. */
function withRequestStatus(error: GraphQLError): GraphQLError {
  const code = error.extensions?.code;
  const http = (error.extensions?.http ?? {}) as HttpExtension;
  let fixed: { code: unknown; http: HttpExtension } | undefined;
  if (http.status === 405) fixed = { code: 'METHOD_NOT_ALLOWED', http: { ...http, headers: { Allow: 'GET, POST', ...http.headers } } };
  // Yoga marks these 400 only for application/graphql-response+json clients ("spec"); JSON clients get 400 too.
  else if ((code === 'BAD_REQUEST' || (typeof code === 'string' && BAD_DOCUMENT.has(code))) && (!http.status || http.status === 400)) {
    fixed = { code, http: { status: 400, ...(http.headers ? { headers: http.headers } : {}) } };
  }
  if (!fixed) return error;
  return withExtensions(error, fixed);
}

function notAcceptable(fetchAPI: { Response: typeof Response }, accept: string | null): Response {
  const message =
    `The answer cannot be sent in a form the Accept header allows (${accept ?? 'none given'}): queries and mutations answer ` +
    'application/json or application/graphql-response+json; with @defer or @stream, multipart/mixed or text/event-stream; ' +
    'subscriptions text/event-stream.';
  return fetchAPI.Response.json({ errors: [{ message, extensions: { code: 'NOT_ACCEPTABLE' } }] }, { status: 406 });
}

export function errorCodesPlugin(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      const single = result as ExecutionResult;
      if (Array.isArray(result) || !single.errors?.length || single.data) return;
      setResult({ ...single, errors: single.errors.map((e) => (e instanceof GraphQLError ? withRequestStatus(e) : e)) });
    },
    onResponse({ request, response, fetchAPI, setResponse }) {
      if (response.status === 406 && !response.body) setResponse(notAcceptable(fetchAPI, request.headers.get('accept')));
    },
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
