// Caching of public reads: GET answers carry Cache-Control and a body ETag
// (If-None-Match gives 304); repeated public reads are served from memory
// without SQL; any committed write empties the memory cache, whether it came
// through this server or another one on the same database; nothing read with
// an API key is ever cached.
import { describe, expect, it } from 'vitest';
import { createKey } from '../src/domain/keys.js';
import { createServer } from '../src/server.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { dataFor } from './helpers/graphql.js';

const ACTOR = 'query Actor($slug: String!) { actor(slug: $slug) { id name version } }';
const ACTORS = 'query Actors { actors(first: 3) { edges { node { name } } } }';
const UPDATE_ACTOR = 'mutation Rename($input: UpdateActorInput!) { updateActor(input: $input) { actor { name } userErrors { code } } }';

describe(`caching (${databaseLabel})`, () => {
  let editorKey = '';
  let readerKey = '';
  const api = useTestApi(async (database) => {
    await seedCurated(database);
    editorKey = await createKey(database.handle.db, 'cache-editor', 'EDITOR');
    readerKey = await createKey(database.handle.db, 'cache-reader', 'READER');
  });
  const cachedServer = () => createServer({ database: api.database.handle, responseCache: { ttlMs: 60_000 } });

  const get = (server: ReturnType<typeof createServer>, query: string, variables?: unknown, headers: Record<string, string> = {}) => {
    const params = new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}) });
    return server.fetch(`http://claimline.test/graphql?${params}`, { headers: { accept: 'application/json', ...headers } });
  };
  const post = async (server: ReturnType<typeof createServer>, query: string, variables?: unknown, key?: string) => {
    const response = await server.fetch('http://claimline.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as any;
  };
  const sqlFor = async (run: () => Promise<unknown>) => {
    api.database.queries.length = 0;
    await run();
    return api.database.queries.length;
  };
  const rename = (server: ReturnType<typeof createServer>, id: string, name: string) =>
    dataFor(server, editorKey)(UPDATE_ACTOR, { input: { id, name } });

  it('answers a public GET with Cache-Control and an ETag, and If-None-Match with 304', async () => {
    const first = await get(api.server, ACTORS);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await get(api.server, ACTORS)).headers.get('etag')).toBe(etag);
    const again = await get(api.server, ACTORS, undefined, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const other = await get(api.server, ACTOR, { slug: 'anca' });
    expect(other.headers.get('etag')).not.toBe(etag);
    expect((await get(api.server, ACTORS, undefined, { 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('changes the ETag when the data changes', async () => {
    const before = await get(api.server, ACTOR, { slug: 'cmep' });
    const { actor } = ((await before.json()) as any).data;
    await rename(api.server, actor.id, `${actor.name} (etag)`);
    const after = await get(api.server, ACTOR, { slug: 'cmep' }, { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(((await after.json()) as any).data.actor.name).toBe(`${actor.name} (etag)`);
    await rename(api.server, actor.id, actor.name);
  });

  it('never caches what was read with a key: private, no-store, no ETag, and no memory cache', async () => {
    const keyed = await get(api.server, ACTORS, undefined, { authorization: `Bearer ${readerKey}` });
    expect(keyed.status).toBe(200);
    expect(keyed.headers.get('cache-control')).toBe('private, no-store');
    expect(keyed.headers.get('etag')).toBeNull();
    const server = cachedServer();
    await post(server, ACTORS, undefined, readerKey);
    expect(await sqlFor(() => post(server, ACTORS, undefined, readerKey))).toBeGreaterThan(0);
  });

  it('serves a repeated public read from memory, with no SQL', async () => {
    const server = cachedServer();
    const first = await post(server, ACTOR, { slug: 'anca' });
    let repeat: any;
    expect(await sqlFor(async () => (repeat = await post(server, ACTOR, { slug: 'anca' })))).toBe(0);
    expect(repeat).toEqual(first);
    expect(await sqlFor(() => post(server, ACTOR, { slug: 'cmep' }))).toBeGreaterThan(0);
    expect(await sqlFor(async () => get(server, ACTOR, { slug: 'anca' }))).toBe(0);
  });

  it('is emptied by a mutation through the server', async () => {
    const server = cachedServer();
    const { actor } = (await post(server, ACTOR, { slug: 'anca' })).data;
    await rename(server, actor.id, 'ANCA (renamed)');
    expect((await post(server, ACTOR, { slug: 'anca' })).data.actor.name).toBe('ANCA (renamed)');
    await rename(server, actor.id, actor.name);
    expect((await post(server, ACTOR, { slug: 'anca' })).data.actor.name).toBe(actor.name);
  });

  it('is emptied by a write through another server on the same database (the change feed)', async () => {
    const server = cachedServer();
    const replica = createServer({ database: api.database.handle });
    const { actor } = (await post(server, ACTOR, { slug: 'anca' })).data;
    // Let the feed start listening before the other server writes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await post(server, ACTOR, { slug: 'anca' })).data.actor.name).toBe(actor.name);
    await rename(replica, actor.id, 'ANCA (elsewhere)');
    await expect.poll(async () => (await post(server, ACTOR, { slug: 'anca' })).data.actor.name, { timeout: 5_000 }).toBe('ANCA (elsewhere)');
    await rename(replica, actor.id, actor.name);
    await expect.poll(async () => (await post(server, ACTOR, { slug: 'anca' })).data.actor.name, { timeout: 5_000 }).toBe(actor.name);
  });
});
