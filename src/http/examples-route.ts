// The reference front end (examples/timeline, built by Vite into its dist/ at
// `npm install`) at /examples/timeline/ (and /timeline, which leads there).
// Only files the build wrote are served, looked up by name in a listing of
// dist/, so no request path ever reaches the rest of the disk.
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

const DEFAULT_DIST = new URL('../../examples/timeline/dist/', import.meta.url);
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const PREFIX = '/examples/timeline';
const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>claimline timeline: not built</title>
<p>The reference front end is not built. Run <code>npm install</code> (it builds the page) or
<code>npm run build:timeline</code>, then reload.</p>`;

/** Relative paths of the built files, or undefined when there is no build. */
async function builtFiles(dist: URL): Promise<Set<string> | undefined> {
  try {
    const entries = await readdir(dist, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(fileURLToPath(dist), join(entry.parentPath, entry.name)).split(sep).join('/'));
    return files.includes('index.html') ? new Set(files) : undefined;
  } catch {
    return undefined;
  }
}

export function examplesRoutePlugin(dist: URL = DEFAULT_DIST): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== PREFIX && url.pathname !== '/timeline' && !url.pathname.startsWith(`${PREFIX}/`)) return;
      if (url.pathname === PREFIX || url.pathname === '/timeline') {
        endResponse(new fetchAPI.Response(null, { status: 308, headers: { location: `${PREFIX}/` } }));
        return;
      }
      const name = url.pathname.slice(PREFIX.length + 1) || 'index.html';
      const files = await builtFiles(dist);
      if (!files) {
        endResponse(new fetchAPI.Response(NOT_BUILT, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } }));
        return;
      }
      const type = TYPES[extname(name)];
      if (request.method !== 'GET' || !files.has(name) || !type) {
        endResponse(fetchAPI.Response.json({ errors: [{ message: `No such file: ${url.pathname}`, extensions: { code: 'NOT_FOUND' } }] }, { status: 404 }));
        return;
      }
      // Vite names assets by their content hash, so those may be kept for good; the page itself is revalidated.
      const cacheControl = name.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      endResponse(new fetchAPI.Response(await readFile(new URL(name, dist)), { headers: { 'content-type': type, 'cache-control': cacheControl } }));
    },
  };
}
