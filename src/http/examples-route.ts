// The reference front end (examples/timeline) at /examples/timeline/ (and
// /timeline, which leads there): a fixed list of files read from the
// repository, nothing else from the disk.
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'graphql-yoga';

const ROOT = new URL('../../examples/timeline/', import.meta.url);
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'timeline.graphql': 'text/plain; charset=utf-8',
};
const PREFIX = '/examples/timeline';

export function examplesRoutePlugin(): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== PREFIX && url.pathname !== '/timeline' && !url.pathname.startsWith(`${PREFIX}/`)) return;
      if (url.pathname === PREFIX || url.pathname === '/timeline') {
        endResponse(new fetchAPI.Response(null, { status: 308, headers: { location: `${PREFIX}/` } }));
        return;
      }
      const name = url.pathname.slice(PREFIX.length + 1) || 'index.html';
      const type = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
      if (request.method !== 'GET' || !type) {
        endResponse(fetchAPI.Response.json({ errors: [{ message: `No such file: ${url.pathname}`, extensions: { code: 'NOT_FOUND' } }] }, { status: 404 }));
        return;
      }
      endResponse(new fetchAPI.Response(await readFile(new URL(name, ROOT)), { headers: { 'content-type': type, 'cache-control': 'no-cache' } }));
    },
  };
}
