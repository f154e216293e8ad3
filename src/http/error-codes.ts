// Every error a client sees carries extensions.code. graphql-js reports
// variables that do not fit their declared type without one; those are the
// client's input (BAD_USER_INPUT). Anything else without a code is ours.
import { isAsyncIterable } from '@envelop/core';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  getOperationAST,
  GraphQLError,
  Kind,
  type SelectionSetNode,
} from 'graphql';
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

/** The field a response path points at, through aliases, inline fragments and fragment spreads. */
function fieldAt(document: DocumentNode, operationName: string | null | undefined, path: readonly (string | number)[]): FieldNode | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const find = (set: SelectionSetNode, key: string): FieldNode | undefined => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if ((selection.alias ?? selection.name).value === key) return selection;
        continue;
      }
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
      const found = inner && find(inner, key);
      if (found) return found;
    }
    return undefined;
  };
  let set: SelectionSetNode | undefined = getOperationAST(document, operationName)?.selectionSet;
  let field: FieldNode | undefined;
  for (const key of path) {
    if (typeof key === 'number') continue;
    field = set && find(set, key);
    if (!field) return undefined;
    set = field.selectionSet;
  }
  return field;
}

/**
 * Compiled execution (graphql-jit) reports a resolver's error as an error of
 * its own making: locations without the field nodes they come from, which
 * yoga drops when it writes the answer. It becomes graphql-js's error with
 * the field's node from the document, so an error reads the same however its
 * query ran.
 */
function located(result: ExecutionResult, args: ExecutionArgs): ExecutionResult | null {
  if (!result.errors?.some((e) => e.path && !e.nodes?.length)) return null;
  return {
    ...result,
    errors: result.errors.map((error) => {
      if (!error.path || error.nodes?.length) return error;
      const node = fieldAt(args.document, args.operationName, error.path);
      if (!node) return error;
      return new GraphQLError(error.message, {
        nodes: [node],
        path: error.path,
        originalError: error.originalError ?? error,
        extensions: error.extensions,
      });
    }),
  };
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
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) return;
          const withLocations = located(result, args) ?? result;
          const fixed = coded(withLocations) ?? (withLocations !== result ? withLocations : null);
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
