// GET /export/<what>.<ndjson|csv|jsonld|json>?filters: the command line's
// export over HTTP, through the same formatters. Reads follow the server's read
// rule (READ_ACCESS). The request is checked and the first chunk made before
// the status is sent, so a bad filter is a JSON error with a code (400, or 404
// for an unknown export), never a truncated 200. The body is pulled: a batch is
// read from the database only when the client has taken the one before, and a
// client that goes away stops the reading.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ReadAccess } from '../config.js';
import type { DatabaseHandle } from '../db/client.js';
import { EXPORT_WHATS, type ExportFilterInput, type ExportWhat, FILTER_NAMES } from '../export/filters.js';
import type { Formatter } from '../export/format.js';
import { exportText, FORMATS } from '../export/formats.js';
import { unauthenticatedError } from '../auth-scopes.js';
import { viewerOf } from './authentication.js';

const BY_EXTENSION: Record<string, Formatter> = Object.fromEntries(Object.values(FORMATS).map((f) => [f.extension, f]));

/** Query parameter names: the filters' own, and the command line's dashed spellings. */
const PARAMETERS: Record<string, keyof ExportFilterInput> = {
  ...Object.fromEntries(FILTER_NAMES.map((name) => [name, name])),
  'event-kind': 'eventKind',
  'statement-kind': 'statementKind',
};
const LISTS = new Set<keyof ExportFilterInput>(['actor', 'topic', 'type', 'eventKind', 'statementKind']);

type Json = (body: unknown, init?: ResponseInit) => Response;

function errorResponse(json: Json, status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return json({ errors: [{ message, extensions: { code } }] }, { status, headers });
}

/** The filters of a query string; an unknown parameter is an error, not ignored. */
function filtersOf(params: URLSearchParams): ExportFilterInput | string {
  const filters: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const name = PARAMETERS[key];
    if (!name) return `Unknown parameter "${key}"; the filters are ${FILTER_NAMES.join(', ')}.`;
    const values = params.getAll(key);
    if (LISTS.has(name)) filters[name] = values.flatMap((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
    else if (values.length > 1) return `Give ${key} once.`;
    else filters[name] = values[0];
  }
  return filters as ExportFilterInput;
}

function statusOf(error: GraphQLError): number {
  const http = error.extensions.http as { status?: number } | undefined;
  return http?.status ?? 400;
}

export function exportRoutePlugin(options: { database: DatabaseHandle; readAccess: ReadAccess }): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith('/export/')) return;
      const json: Json = (body, init) => fetchAPI.Response.json(body, init);
      if (request.method !== 'GET') {
        endResponse(errorResponse(json, 405, 'METHOD_NOT_ALLOWED', 'Exports are read with GET.', { allow: 'GET' }));
        return;
      }
      const match = /^\/export\/([a-z]+)\.([a-z]+)$/.exec(url.pathname);
      const what = match?.[1] as ExportWhat | undefined;
      const format = match ? BY_EXTENSION[match[2]!] : undefined;
      if (!what || !(EXPORT_WHATS as readonly string[]).includes(what) || !format) {
        const message = `No such export. Use /export/<what>.<format> with what one of ${EXPORT_WHATS.join(', ')} and format one of ${Object.keys(BY_EXTENSION).join(', ')}.`;
        endResponse(errorResponse(json, 404, 'NOT_FOUND', message));
        return;
      }
      const filters = filtersOf(url.searchParams);
      if (typeof filters === 'string') {
        endResponse(errorResponse(json, 400, 'BAD_USER_INPUT', filters));
        return;
      }

      let text: AsyncGenerator<string>;
      let first: IteratorResult<string>;
      try {
        const viewer = await viewerOf(options.database.db, request);
        if (options.readAccess === 'key' && !viewer) throw unauthenticatedError('This needs an API key: send the header Authorization: Bearer <key>.');
        text = await exportText(options.database.db, what, format, filters);
        first = await text.next();
      } catch (error) {
        if (error instanceof GraphQLError) {
          const http = error.extensions.http as { headers?: Record<string, string> } | undefined;
          endResponse(errorResponse(json, statusOf(error), String(error.extensions.code ?? 'BAD_USER_INPUT'), error.message, http?.headers));
        } else {
          endResponse(errorResponse(json, 500, 'INTERNAL_SERVER_ERROR', 'The export failed before it started; nothing was sent.'));
        }
        return;
      }

      const encoder = new TextEncoder();
      let pending: IteratorResult<string> | null = first;
      const stop = () => void text.return(undefined).catch(() => {});
      request.signal?.addEventListener('abort', stop, { once: true });
      const body = new fetchAPI.ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = pending ?? (await text.next());
          pending = null;
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
        cancel: stop,
        // Read a batch only when the socket has taken the last one: no read-ahead queue.
      }, { highWaterMark: 0 });
      const name = `claimline-${what}.${format.extension}`;
      endResponse(
        new fetchAPI.Response(body, {
          status: 200,
          headers: {
            'content-type': format.contentType,
            'content-disposition': `attachment; filename="${name}"`,
            'cache-control': 'no-store',
          },
        }),
      );
    },
  };
}
