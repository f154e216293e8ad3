// Every request is bounded: list sizes, body size, nesting, text Postgres
// cannot store, time; an unreachable database is an outage (503), not a bug;
// browsers cannot be made to run operations from forms; load is shed, not fatal.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import { DEFAULT_LIMITS, loadConfig, ConfigError } from '../src/config.js';
import { checkDeadline, withDeadline } from '../src/db/deadline.js';
import { classifyDatabaseError } from '../src/db/errors.js';
import { openDatabase } from '../src/db/client.js';
import { admit, Admission } from '../src/http/admission.js';
import { createServer, type Server } from '../src/server.js';
import { useTestApi } from './helpers/api.js';
import { downDatabase, frozenDatabase, type BrokenDatabase } from './helpers/broken-database.js';
import { databaseLabel, serverUrl } from './helpers/database.js';
import { insertDebate } from './helpers/factories.js';
import { errorCodes, expectNoErrors, type GraphQLResponse } from './helpers/graphql.js';

const NODES = /* GraphQL */ `
  query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }
`;
const NODES_FANOUT = /* GraphQL */ `
  query NodesFanOut($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Actor { statements(first: 100) { edges { node { claims(first: 100) { edges { node { text } } } } } } } }
  }
`;
const TIMELINE_BY_ACTORS = /* GraphQL */ `
  query TimelineByActors($actors: [ID!]) { timeline(filter: { actors: $actors }) { totalCount } }
`;
const ACTOR_BY_SLUG = /* GraphQL */ `
  query ActorBySlug($slug: String!) { actor(slug: $slug) { name } }
`;
const SEARCH = /* GraphQL */ `
  query Search($query: String!) { search(query: $query) { totalCount } }
`;
const STATEMENTS_AFTER = /* GraphQL */ `
  query StatementsAfter($after: String) { statements(after: $after) { totalCount } }
`;
const TIMELINE_FROM = /* GraphQL */ `
  query TimelineFrom($from: String) { timeline(filter: { from: $from }) { totalCount } }
`;
const ACTORS_FIRST = /* GraphQL */ `
  query ActorsFirst($first: Int) { actors(first: $first) { totalCount } }
`;
const TYPENAME_ALIASES = `query { ${Array.from({ length: 30 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
const INTROSPECTION = /* GraphQL */ `
  query { __schema { queryType { name } } }
`;
const MUTATION = 'mutation { __typename }';

const ids = (n: number) => Array.from({ length: n }, (_, i) => encodeGlobalID('Actor', i + 1));

interface Answer {
  status: number;
  headers: Headers;
  body: GraphQLResponse;
}

async function post(server: Server, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await server.fetch('http://claimline.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse };
}

describe(`limits and timeouts (${databaseLabel})`, () => {
  const api = useTestApi((database) => insertDebate(database.handle.db, 'limits', 3));
  const call = (query: string, variables?: Record<string, unknown>) => post(api.server, { query, variables });

  it('refuses a list of more than 100 items with INPUT_TOO_LARGE, in variables or inline', async () => {
    expectNoErrors((await call(NODES, { ids: ids(100) })).body);
    const inVariables = await call(NODES, { ids: ids(101) });
    expect(errorCodes(inVariables.body)).toEqual(['INPUT_TOO_LARGE']);
    expect(inVariables.body.errors?.[0]?.message).toMatch(/list of 101 items; at most 100/);
    const inline = await call(`query { nodes(ids: [${ids(101).map((id) => JSON.stringify(id)).join(',')}]) { id } }`);
    expect(errorCodes(inline.body)).toEqual(['INPUT_TOO_LARGE']);
  });

  it('refuses 100,000 IDs at once, before any work, without blocking the server', async () => {
    api.database.queries.length = 0;
    const started = Date.now();
    const answer = await call(NODES, { ids: ids(100_000) });
    expect(errorCodes(answer.body)).toEqual(['INPUT_TOO_LARGE']);
    const actors = await call(TIMELINE_BY_ACTORS, { actors: ids(70_000) });
    expect(errorCodes(actors.body)).toEqual(['INPUT_TOO_LARGE']);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(api.database.queries).toHaveLength(0);
  });

  it('answers a body over MAX_BODY_BYTES with 413, with or without a Content-Length', async () => {
    const million = await post(api.server, { query: NODES, variables: { ids: ids(1_000_000) } });
    expect(million.status).toBe(413);
    expect(errorCodes(million.body)).toEqual(['REQUEST_ENTITY_TOO_LARGE']);
    const small = createServer({ database: api.database.handle, limits: { ...DEFAULT_LIMITS, maxBodyBytes: 2048 } });
    const body = JSON.stringify({ query: SEARCH, variables: { query: 'x'.repeat(4096) } });
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body));
        controller.close();
      },
    });
    const response = await small.fetch('http://claimline.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('prices nodes(ids:) by the number of IDs given in variables', async () => {
    expect(errorCodes((await call(NODES_FANOUT, { ids: ids(100) })).body)).toEqual(['QUERY_TOO_COSTLY']);
    expectNoErrors((await call(NODES_FANOUT, { ids: ids(1) })).body);
  });

  it('refuses text Postgres cannot store (NUL) in arguments, variables, search and cursors with a code', async () => {
    const nul = 'anca\u0000';
    expect(errorCodes((await call(ACTOR_BY_SLUG, { slug: nul })).body)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes((await call(SEARCH, { query: nul })).body)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes((await call(STATEMENTS_AFTER, { after: nul })).body)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes((await call('query { actor(slug: "an\\u0000ca") { name } }')).body)).toEqual(['BAD_USER_INPUT']);
    const cursorWithNul = Buffer.from(JSON.stringify(['search', 'a\u0000', 1])).toString('base64url');
    expect(errorCodes((await call(STATEMENTS_AFTER, { after: cursorWithNul })).body)).toEqual(['INVALID_CURSOR']);
  });

  it('refuses dates Postgres cannot hold with INVALID_DATE', async () => {
    for (const from of ['0000', '0000-01-01', '000X', '300000', '-0001']) {
      expect(errorCodes((await call(TIMELINE_FROM, { from })).body), from).toEqual(['INVALID_DATE']);
    }
  });

  it('answers variables of the wrong type with a code, never an internal error', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [ACTORS_FIRST, { first: 'ten' }, 'BAD_USER_INPUT'],
      [ACTORS_FIRST, { first: 1e12 }, 'BAD_USER_INPUT'],
      [NODES, { ids: [{ nested: true }] }, 'BAD_USER_INPUT'],
      [ACTOR_BY_SLUG, {}, 'BAD_USER_INPUT'],
      [TIMELINE_FROM, { from: 2025 }, 'BAD_USER_INPUT'],
      // A single value where a list is declared is a one-item list (GraphQL's input coercion).
      [NODES, { ids: 'not-a-list' }, 'INVALID_ID'],
    ];
    for (const [query, variables, code] of cases) {
      const answer = await call(query, variables);
      expect(answer.status, JSON.stringify(variables)).toBeLessThan(500);
      expect(errorCodes(answer.body), JSON.stringify(variables)).toEqual([code]);
    }
  });

  it('refuses deep nesting before the parser recurses: literals and variables', async () => {
    const deepLiteral = `query { nodes(ids: ${'['.repeat(2000)}"x"${']'.repeat(2000)}) { id } }`;
    const literal = await call(deepLiteral);
    expect(literal.status).toBe(200);
    expect(errorCodes(literal.body)).toEqual(['INPUT_TOO_LARGE']);
    const deepJson = `${'['.repeat(100_000)}"x"${']'.repeat(100_000)}`;
    const variables = await post(api.server, `{"query":${JSON.stringify(NODES)},"variables":{"ids":${deepJson}}}`);
    expect(errorCodes(variables.body)).toEqual(['INPUT_TOO_LARGE']);
  });

  it('counts __typename aliases in the alias limit', async () => {
    expect(errorCodes((await call(TYPENAME_ALIASES)).body)).toContain('TOO_MANY_ALIASES');
  });

  it('checks the deadline before every statement, so a late request sends no more SQL', async () => {
    const db = api.database.handle.db;
    await expect(withDeadline(-1, async () => await db.execute(sql`select 1`))).rejects.toSatisfy((error: unknown) =>
      JSON.stringify((error as { extensions?: unknown }).extensions ?? '').includes('TIMEOUT') ||
      String((error as Error).message).includes('ran out of time'),
    );
    await expect(withDeadline(10_000, async () => await db.execute(sql`select 1`))).resolves.toBeDefined();
    expect(() => checkDeadline()).not.toThrow();
  });

  it('answers /ready with 503 and operations with 503 SERVICE_UNAVAILABLE while the database is down', async () => {
    const down = await downDatabase();
    try {
      const server = createServer({ database: down.handle });
      const answer = await post(server, { query: ACTORS_FIRST });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(errorCodes(answer.body)).toEqual(['SERVICE_UNAVAILABLE']);
      expect((await server.fetch('http://claimline.test/ready')).status).toBe(503);
    } finally {
      await down.close();
    }
  });

  describe('with the database frozen', () => {
    let frozen: BrokenDatabase;
    beforeAll(async () => {
      frozen = await frozenDatabase();
    });
    afterAll(() => frozen.close());

    it('answers every request with TIMEOUT within the deadline', async () => {
      const server = createServer({ database: frozen.handle, limits: { ...DEFAULT_LIMITS, requestDeadlineMs: 300 } });
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 5 }, () => post(server, { query: ACTORS_FIRST })));
      expect(Date.now() - started).toBeLessThan(2_000);
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(errorCodes(answer.body)).toEqual(['TIMEOUT']);
      }
    });
  });

  it.runIf(serverUrl)('cancels a statement past STATEMENT_TIMEOUT_MS on a Postgres server and keeps the connection usable', async () => {
    const url = new URL(serverUrl!);
    const handle = await openDatabase({ url: url.toString(), statementTimeoutMs: 50, maxConnections: 1 });
    try {
      const error = await handle.db.execute(sql`select pg_sleep(2)`).catch((e: unknown) => e);
      expect(classifyDatabaseError(error)).toBe('timeout');
      await handle.ping();
    } finally {
      await handle.close();
    }
  });

  it('runs no operation from a body a plain HTML form can send', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
      const response = await api.server.fetch('http://claimline.test/graphql', {
        method: 'POST',
        headers: { 'content-type': type },
        body: 'query=%7B__typename%7D',
      });
      expect(response.status, type).toBe(415);
      expect(errorCodes((await response.json()) as GraphQLResponse)).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
    }
  });

  it('runs queries over GET but never mutations', async () => {
    const query = await api.server.fetch(`http://claimline.test/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(query.status).toBe(200);
    const mutation = await api.server.fetch(`http://claimline.test/graphql?query=${encodeURIComponent(MUTATION)}`);
    expect(mutation.status).toBe(405);
  });

  it('sends nosniff everywhere, a CSP on GraphiQL, and CORS without credentials', async () => {
    const answer = await call(ACTORS_FIRST);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await api.server.fetch('http://claimline.test/graphql', { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    const preflight = await api.server.fetch('http://claimline.test/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-credentials')).not.toBe('true');
  });

  it('turns GraphiQL and introspection off when asked', async () => {
    const closed = createServer({ database: api.database.handle, graphiql: false, introspection: false });
    const page = await closed.fetch('http://claimline.test/graphql', { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    const introspection = await post(closed, { query: INTROSPECTION });
    expect(new Set(errorCodes(introspection.body))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(introspection.body.errors?.[0]?.message).toMatch(/introspection/);
    expectNoErrors((await call(INTROSPECTION)).body);
  });

  it('sheds load with 503 OVERLOADED while overloaded, and keeps /health answering', async () => {
    let reason: string | null = 'the event loop lags 2000 ms';
    const server = createServer({ database: api.database.handle, loadMonitor: { overloadReason: () => reason, stop: () => {} } });
    const shed = await post(server, { query: ACTORS_FIRST });
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('2');
    expect(errorCodes(shed.body)).toEqual(['OVERLOADED']);
    expect((await server.fetch('http://claimline.test/health')).status).toBe(200);
    reason = null;
    expectNoErrors((await post(server, { query: ACTORS_FIRST })).body);
  });

  it('admits requests in order up to the limits and answers the rest 503 OVERLOADED at once', async () => {
    const admission = new Admission({ maxActive: 1, maxQueued: 1, maxWaitMs: 5_000 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = async (_req: IncomingMessage, res: ServerResponse) => {
      await held;
      res.end('done');
    };
    const http = createHttpServer(admit(admission, slow));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    try {
      const first = fetch(`${base}/graphql`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = fetch(`${base}/graphql`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(admission.load).toEqual({ active: 1, queued: 1 });
      const third = await fetch(`${base}/graphql`);
      expect(third.status).toBe(503);
      expect(third.headers.get('retry-after')).toBe('2');
      expect(errorCodes((await third.json()) as GraphQLResponse)).toEqual(['OVERLOADED']);
      release();
      expect(await (await first).text()).toBe('done');
      expect(await (await second).text()).toBe('done');
      expect(admission.load).toEqual({ active: 0, queued: 0 });
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('frees the place of a queued request whose client gave up, and refuses one that waited too long', async () => {
    const admission = new Admission({ maxActive: 1, maxQueued: 5, maxWaitMs: 100 });
    expect(await admission.enter()).toBe(true);
    const gone = new AbortController();
    const abandoned = admission.enter(gone.signal);
    const patient = admission.enter();
    expect(admission.load.queued).toBe(2);
    gone.abort();
    expect(await abandoned).toBe(false);
    expect(admission.load.queued).toBe(1);
    expect(await patient).toBe(false); // waited past maxWaitMs
    admission.leave();
    expect(admission.load).toEqual({ active: 0, queued: 0 });
  });

  it('reads every limit from the environment, refusing bad values by name', () => {
    const config = loadConfig({ MAX_BODY_BYTES: '1048576', REQUEST_DEADLINE_MS: '2000', GRAPHIQL: 'false', INTROSPECTION: 'no' });
    expect(config.limits.maxBodyBytes).toBe(1_048_576);
    expect(config.limits.requestDeadlineMs).toBe(2_000);
    expect(config.graphiql).toBe(false);
    expect(config.introspection).toBe(false);
    expect(loadConfig({}).limits).toEqual(DEFAULT_LIMITS);
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(ConfigError);
    expect(() => loadConfig({ MAX_BODY_BYTES: '-1' })).toThrow(/MAX_BODY_BYTES/);
    expect(() => loadConfig({ SHED_HEAP_RATIO: '3' })).toThrow(/SHED_HEAP_RATIO/);
    expect(loadConfig({ MAX_ACTIVE_REQUESTS: '4' }).limits.maxActiveRequests).toBe(4);
    expect(() => loadConfig({ MAX_ACTIVE_REQUESTS: '0' })).toThrow(/MAX_ACTIVE_REQUESTS/);
  });
});
