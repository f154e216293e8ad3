// GET /export/...: a filtered timeline streamed with its headers; bad requests
// answered with a JSON error and a code before any row; the read rule; and a
// client that disconnects mid-stream stops the reading (no more batch queries).
import { execFile } from 'node:child_process';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTimeline } from '../bench/generate.js';
import { createKey } from '../src/domain/keys.js';
import { createServer } from '../src/server.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { createTestDatabase, databaseLabel, type TestDatabase } from './helpers/database.js';

const ACTOR = `query { actor(slug: "anca") { id } }`;
const run = promisify(execFile);

/** A client in plain JS: time to the first chunk, then exit without reading on. */
const CLIENT = `
const started = Date.now();
const response = await fetch(process.argv[1]);
const first = await response.body.getReader().read();
console.log(JSON.stringify({ status: response.status, chunked: response.headers.get('transfer-encoding'), firstMs: Date.now() - started, bytes: first.value.length }));
process.exit(0);`;

/** 30,000 items: a first batch of 100, then 500 a batch (59 full, then 400). */
const WHOLE_EXPORT_BATCHES = 61;

describe(`HTTP exports (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);
  const get = (path: string, headers: Record<string, string> = {}) => api.server.fetch(`http://claimline.test${path}`, { headers });

  it('streams a filtered timeline as NDJSON with its content type and file name', async () => {
    const response = await get('/export/timeline.ndjson?actor=anca&from=2025-11&type=STATEMENT');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="claimline-timeline.ndjson"');
    const lines = (await response.text()).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.type).toBe('Statement');
      expect(line.date.latest >= '2025-11-01').toBe(true);
    }
    // The same actor by global ID gives the same rows.
    const { data } = (await api.exec(ACTOR)) as { data: { actor: { id: string } } };
    const byId = await (await get(`/export/timeline.ndjson?actor=${encodeURIComponent(data.actor.id)}&from=2025-11&type=STATEMENT`)).text();
    expect(byId.trimEnd().split('\n').map((l) => JSON.parse(l).id)).toEqual(lines.map((l) => l.id));
  });

  const refusals: [string, number, string][] = [
    ['/export/timeline.ndjson?from=yesterday', 400, 'INVALID_DATE'],
    ['/export/timeline.ndjson?from=2026&to=2025', 400, 'INVALID_DATE'],
    ['/export/timeline.csv?actor=no-such-actor', 400, 'NOT_FOUND'],
    [`/export/claims.ndjson?topic=${encodeURIComponent(Buffer.from('Topic:999999').toString('base64'))}`, 400, 'NOT_FOUND'],
    ['/export/claims.ndjson?actor=!!', 400, 'INVALID_ID'],
    ['/export/statements.ndjson?search=%20', 400, 'INVALID_SEARCH'],
    ['/export/timeline.ndjson?type=SPEECH', 400, 'BAD_USER_INPUT'],
    ['/export/sources.csv?from=2025', 400, 'BAD_USER_INPUT'],
    ['/export/claims.csv?colour=red', 400, 'BAD_USER_INPUT'],
    ['/export/claims.ndjson?actor=anca&actor=azerbaijan', 400, 'BAD_USER_INPUT'],
    ['/export/all.csv', 400, 'BAD_USER_INPUT'],
    ['/export/opinions.ndjson', 404, 'NOT_FOUND'],
    ['/export/claims.xml', 404, 'NOT_FOUND'],
  ];
  for (const [path, status, code] of refusals) {
    it(`answers ${path} with ${status} ${code} as JSON, before any row`, async () => {
      const response = await get(path);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await response.json();
      expect(body.errors[0].extensions.code).toBe(code);
      expect(body.errors[0].message).toBeTruthy();
    });
  }
});

describe(`HTTP exports under READ_ACCESS=key (${databaseLabel})`, () => {
  let database: TestDatabase;
  let key: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedCurated(database);
    key = await createKey(database.handle.db, 'export-reader', 'READER');
  });
  afterAll(() => database?.drop());

  it('needs a key as every read does; a bad key is 401', async () => {
    const server = createServer({ database: database.handle, readAccess: 'key' });
    const url = 'http://claimline.test/export/topics.ndjson';
    const anonymous = await server.fetch(url);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const wrong = await server.fetch(url, { headers: { authorization: 'Bearer cl_not-a-key' } });
    expect(wrong.status).toBe(401);
    const reader = await server.fetch(url, { headers: { authorization: `Bearer ${key}` } });
    expect(reader.status).toBe(200);
    expect((await reader.text()).trimEnd().split('\n').length).toBe(7);
  });
});

describe(`an export over a real socket (${databaseLabel})`, () => {
  let database: TestDatabase;
  let http: HttpServer;
  let base: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    // 30,000 timeline items: 61 batches (100, then 500 a batch), far more than a client that leaves after the first chunk needs.
    await generateTimeline(database.handle.db, { items: 30_000, actors: 50, topics: 5 });
    const yoga = createServer({ database: database.handle });
    http = createHttpServer(yoga);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
    await database?.drop();
  });

  it('sends chunked, starts within a second, and stops reading the database when the client disconnects', async () => {
    const pageQueries = () => database.queries.filter((q) => /UNION ALL/.test(q) && /LIMIT/.test(q)).length;
    // The client is its own process, as a real one is: it reads the first chunk, then goes away (the socket closes).
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CLIENT, `${base}/export/timeline.ndjson`]);
    const client = JSON.parse(stdout) as { status: number; chunked: string | null; firstMs: number; bytes: number };
    expect(client.status).toBe(200);
    expect(client.chunked).toBe('chunked');
    expect(client.bytes).toBeGreaterThan(0);
    expect(client.firstMs).toBeLessThan(1000);
    // Whatever batch was being read when the client left may finish; then nothing more.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const afterLeaving = pageQueries();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(pageQueries()).toBe(afterLeaving);
    expect(afterLeaving).toBeLessThan(WHOLE_EXPORT_BATCHES / 2);

    // A client that stays reads every batch, and the server took the next request at once.
    const before = pageQueries();
    const whole = await (await fetch(`${base}/export/timeline.ndjson`)).text();
    expect(whole.trimEnd().split('\n').length).toBe(30_000);
    expect(pageQueries() - before).toBe(WHOLE_EXPORT_BATCHES);
  }, 60_000);
});
