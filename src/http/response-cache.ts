// Caching of public reads, in two layers.
//
// HTTP: a GET query answered 200 without an API key carries
// `Cache-Control: public, max-age=0, must-revalidate` and an ETag computed from
// the body, so a browser or CDN keeps it and revalidates with If-None-Match,
// answered 304 while the body is unchanged. The ETag is the body's hash, not
// the operation's, so it changes exactly when the data does. Anything sent with
// an Authorization header is `private, no-store` and never cached anywhere:
// what a key may read is not public.
//
// Memory: @graphql-yoga/plugin-response-cache answers repeated public reads
// (GET or POST, same document and variables) without running them. Every
// committed write empties it: a mutation through this server at once, and every
// Change in the database's feed (LISTEN/NOTIFY), so writes by other processes
// (npm run seed, other replicas, the import CLI) empty it too.
import { createHash } from 'node:crypto';
import { createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { DatabaseHandle } from '../db/client.js';
import { changeFeedFor } from '../live/change-feed.js';

export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, must-revalidate';
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

/** Bodies worth an ETag: plain JSON answers, not event streams or incremental (multipart) ones. */
const JSON_BODY = /^application\/(graphql-response\+)?json/;

function hasKey(request: Request): boolean {
  return request.headers.has('authorization');
}

/** Cache-Control and ETag on public GET answers; 304 for a matching If-None-Match. */
export function httpCachingPlugin(): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (hasKey(request)) {
        response.headers.set('Cache-Control', PRIVATE_CACHE_CONTROL);
        return;
      }
      if (request.method !== 'GET' || response.status !== 200 || !JSON_BODY.test(response.headers.get('content-type') ?? '')) return;
      // An operation's answer, not the GraphiQL page, /health or an export (which streams).
      const url = new URL(request.url);
      if (url.pathname !== '/graphql' || !['query', 'documentId', 'extensions'].some((name) => url.searchParams.has(name))) return;
      const body = await response.clone().text();
      // An answer with errors (a bad cursor, an outage) is not worth keeping.
      if (body.includes('"errors":')) {
        response.headers.set('Cache-Control', 'no-store');
        return;
      }
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
      response.headers.set('ETag', etag);
      response.headers.set('Cache-Control', PUBLIC_CACHE_CONTROL);
      response.headers.append('Vary', 'Authorization');
      const wanted = request.headers.get('if-none-match');
      if (wanted && wanted.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
        const headers = new fetchAPI.Headers(response.headers);
        headers.delete('content-type');
        headers.delete('content-length');
        setResponse(new fetchAPI.Response(null, { status: 304, headers }));
      }
    },
  };
}

export interface ResponseCache {
  plugins: Plugin[];
  /** Drops every cached answer. */
  invalidateAll(): void;
  /** Stops following the database's changes. */
  close(): void;
}

export interface ResponseCacheOptions {
  /** How long an answer may be served from memory at most, in ms; writes empty the cache sooner. */
  ttlMs: number;
  /** Most answers kept. */
  maxEntries?: number;
}

export function createResponseCache(database: DatabaseHandle, options: ResponseCacheOptions): ResponseCache {
  const fresh = () => createInMemoryCache({ max: options.maxEntries ?? 1_000 });
  let cache = fresh();
  let generation = 0;
  /** The generation in which each missed key's execution began. */
  const missedIn = new Map<string, number>();
  // Swapping the store, not walking it: a flush costs nothing however full it is.
  const invalidateAll = () => {
    cache = fresh();
    generation += 1;
  };
  const stopFollowing = changeFeedFor(database).onChange(invalidateAll);
  const flushAfterMutations: Plugin = {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      return { onExecuteDone: () => invalidateAll() };
    },
  };
  const responseCache = useResponseCache({
    session: () => null,
    enabled: (request) => !hasKey(request),
    ttl: options.ttlMs,
    // Our own ETags (httpCachingPlugin) are hashes of the body; the plugin's would name the operation, not the data.
    shouldCacheResult: ({ result }) => !result.errors?.length,
    cache: {
      get: async (id) => {
        const hit = await cache.get(id);
        if (!hit) {
          // Reads that failed never store; forget them rather than grow without bound.
          if (missedIn.size > 10_000) missedIn.clear();
          missedIn.set(id, generation);
        }
        return hit;
      },
      // A read that began before a write and ended after it would store what the write changed: drop it.
      set: (id, data, entities, ttl) => {
        const began = missedIn.get(id);
        missedIn.delete(id);
        if (began !== generation) return;
        return cache.set(id, data, entities, ttl);
      },
      invalidate: (entities) => cache.invalidate(entities),
    },
  });
  return { plugins: [responseCache as Plugin, flushAfterMutations], invalidateAll, close: stopFollowing };
}
