// One log line per request: its ID, method, path, operation name, HTTP status
// and duration. The ID comes from the client's X-Request-ID when it is a sane
// token (so a proxy's ID follows the request through), otherwise a fresh UUID,
// and is sent back in X-Request-ID so a user can quote it in a report.
import { randomUUID } from 'node:crypto';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from './logger.js';

export const REQUEST_ID_HEADER = 'X-Request-ID';
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface RequestInfo {
  id: string;
  started: number;
  operationName?: string | null;
}

const requests = new WeakMap<Request, RequestInfo>();

/** The ID of a request being served, for other log lines about it. */
export function requestIdOf(request: Request): string | undefined {
  return requests.get(request)?.id;
}

/** The path of an absolute URL, without parsing all of it (this runs for every request). */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  if (start < 0) return '/';
  const query = url.indexOf('?', start);
  return url.slice(start, query < 0 ? undefined : query);
}

export function requestLogPlugin(logger: Logger): Plugin {
  return {
    onRequest({ request }) {
      const given = request.headers.get(REQUEST_ID_HEADER);
      requests.set(request, { id: given && CLIENT_ID.test(given) ? given : randomUUID(), started: performance.now() });
    },
    onParams({ request, params }) {
      const info = requests.get(request);
      if (!info) return;
      // Without an operationName the document's single named operation is the one run.
      info.operationName = params.operationName ?? /^\s*(?:#[^\n]*\n\s*)*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(params.query ?? '')?.[1] ?? null;
    },
    onExecute({ args }) {
      // A persisted operation's name is known only once its document is looked up.
      const info = requests.get((args.contextValue as { request?: Request }).request!);
      if (info && !info.operationName) info.operationName = getOperationAST(args.document, args.operationName)?.name?.value ?? null;
    },
    onSubscribe({ args }) {
      const info = requests.get((args.contextValue as { request?: Request }).request!);
      if (info && !info.operationName) info.operationName = getOperationAST(args.document, args.operationName)?.name?.value ?? null;
    },
    onResponse({ request, response }) {
      const info = requests.get(request);
      if (!info) return;
      response.headers.set(REQUEST_ID_HEADER, info.id);
      const status = response.status;
      const fields = {
        requestId: info.id,
        method: request.method,
        path: pathOf(request.url),
        operationName: info.operationName ?? null,
        status,
        durationMs: Math.round((performance.now() - info.started) * 10) / 10,
      };
      if (status >= 500) logger.error('request', fields);
      else logger.info('request', fields);
    },
  };
}
