// Persisted operations: a trusted document runs by its SHA-256 hash, sent as
// Apollo's extensions.persistedQuery or as documentId, over POST and GET;
// PERSISTED_ONLY refuses every other document with a code; the store accepts
// only documents that fit the schema, and the repository's store is valid.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/http/logger.js';
import { addDocument, hashDocument, PersistedOperationError, readStore } from '../src/persisted/store.js';
import { schema } from '../src/schema/index.js';
import { createServer } from '../src/server.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';

const TRUSTED = 'query TrustedActor($slug: String!) { actor(slug: $slug) { name } }';
const HASH = hashDocument(TRUSTED);
const OTHER = 'query Other { actors(first: 1) { totalCount } }';

describe(`persisted operations (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);
  const store = { [HASH]: TRUSTED };
  const serverWith = (persistedOnly: boolean, lines?: string[]) =>
    createServer({
      database: api.database.handle,
      persistedOperations: store,
      persistedOnly,
      ...(lines ? { logger: createLogger('info', (line) => lines.push(line)) } : {}),
    });

  async function post(server: ReturnType<typeof createServer>, body: unknown) {
    const response = await server.fetch('http://claimline.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await response.json()) as any;
    // Only what the operation answered: other extensions (the cost report) are not this test's.
    return { status: response.status, body: json.data ? { data: json.data } : json };
  }
  async function get(server: ReturnType<typeof createServer>, params: Record<string, string>) {
    const response = await server.fetch(`http://claimline.test/graphql?${new URLSearchParams(params)}`, { headers: { accept: 'application/json' } });
    const json = (await response.json()) as any;
    return { status: response.status, etag: response.headers.get('etag'), body: json.data ? { data: json.data } : json };
  }
  const apollo = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
  const ANCA = { data: { actor: { name: 'Armenian National Committee of America' } } };

  it.each([false, true])('runs a trusted document by Apollo hash and by documentId, over POST and GET (PERSISTED_ONLY=%s)', async (only) => {
    const server = serverWith(only);
    const variables = { slug: 'anca' };
    expect(await post(server, { extensions: apollo(HASH), variables })).toEqual({ status: 200, body: ANCA });
    expect(await post(server, { documentId: HASH, variables })).toEqual({ status: 200, body: ANCA });
    expect(await post(server, { documentId: `sha256:${HASH}`, variables })).toEqual({ status: 200, body: ANCA });
    const byGet = await get(server, { documentId: HASH, variables: JSON.stringify(variables) });
    expect([byGet.status, byGet.body]).toEqual([200, ANCA]);
    expect(byGet.etag).toBeTruthy();
    const apolloGet = await get(server, { extensions: JSON.stringify(apollo(HASH)), variables: JSON.stringify(variables) });
    expect([apolloGet.status, apolloGet.body]).toEqual([200, ANCA]);
  });

  it('answers an unknown hash PERSISTED_QUERY_NOT_FOUND, with the message Apollo clients look for', async () => {
    for (const body of [{ extensions: apollo('0'.repeat(64)) }, { documentId: 'f'.repeat(64) }]) {
      const answer = await post(serverWith(false), body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: any) => [e.message, e.extensions.code])).toEqual([['PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND']]);
    }
  });

  it('runs any document without PERSISTED_ONLY, and refuses it with PERSISTED_OPERATIONS_ONLY (403) with it', async () => {
    expect((await post(serverWith(false), { query: OTHER })).body.data.actors.totalCount).toBeGreaterThan(0);
    const refused = await post(serverWith(true), { query: OTHER });
    expect(refused.status).toBe(403);
    expect(refused.body.errors.map((e: any) => e.extensions.code)).toEqual(['PERSISTED_OPERATIONS_ONLY']);
    expect(refused.body.data).toBeUndefined();
    const byGet = await get(serverWith(true), { query: OTHER });
    expect(byGet.status).toBe(403);
  });

  it('logs a persisted operation by its name', async () => {
    const lines: string[] = [];
    await post(serverWith(true, lines), { documentId: HASH, variables: { slug: 'anca' } });
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'request', operationName: 'TrustedActor', status: 200 });
  });

  it('takes into the store only documents that fit the schema, and reads back only untampered entries', () => {
    const added = addDocument({}, TRUSTED, schema);
    expect(added).toEqual({ hash: HASH, added: true, operations: ['TrustedActor'] });
    expect(() => addDocument({}, '{ nope }', schema)).toThrow(/does not fit the schema/);
    expect(() => addDocument({}, 'query {', schema)).toThrow(PersistedOperationError);
    const dir = mkdtempSync(join(tmpdir(), 'claimline-persisted-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ [HASH]: TRUSTED }));
    expect(readStore(join(dir, 'ok.json'))).toEqual({ [HASH]: TRUSTED });
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ [HASH]: OTHER }));
    expect(() => readStore(join(dir, 'bad.json'))).toThrow(/not the SHA-256 of its document/);
  });

  it("keeps the repository's store valid against today's schema", () => {
    const store = readStore();
    expect(Object.keys(store).length).toBeGreaterThan(0);
    for (const text of Object.values(store)) expect(() => addDocument({}, text, schema)).not.toThrow();
  });
});
