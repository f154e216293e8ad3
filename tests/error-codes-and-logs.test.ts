// Every refusal has extensions.code and a fitting HTTP status; every request
// is logged as one JSON line with its ID, operation, status and duration, and
// the ID comes back in X-Request-ID; a client's mistake is never logged as a
// server error with a stack.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/http/logger.js';
import { createServer } from '../src/server.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const ACTORS = 'query FirstActors { actors(first: 2) { edges { node { id name } } } }';
const STATEMENT_IDS = 'query StatementIds { statements(first: 1) { edges { node { id } } } }';
const BY_PARTICIPANT = 'query ByParticipant($id: ID!) { statements(filter: { participant: $id }) { totalCount } }';

interface LogLine {
  level: string;
  msg: string;
  requestId?: string;
  operationName?: string | null;
  status?: number;
  durationMs?: number;
  error?: { stack?: string };
}

describe(`error codes and request logs (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);

  function loggedServer(level: 'debug' | 'info' | 'warn' = 'info') {
    const lines: LogLine[] = [];
    const server = createServer({ database: api.database.handle, logger: createLogger(level, (line) => lines.push(JSON.parse(line))) });
    return { server, lines };
  }

  async function send(init: RequestInit & { path?: string }, server = api.server) {
    const response = await server.fetch(`http://claimline.test${init.path ?? '/graphql'}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  }
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    send({ method: 'POST', headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) });
  const codes = (body: any) => (body?.errors ?? []).map((e: any) => e.extensions?.code);

  it.each([
    ['a field the schema lacks', { query: '{ nope }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['a document that does not parse', { query: '{ actors( ' }, 400, 'GRAPHQL_PARSE_FAILED'],
    ['an operation name the document lacks', { query: ACTORS, operationName: 'Other' }, 400, 'OPERATION_RESOLUTION_FAILURE'],
    ['two operations and no name', { query: `${ACTORS} query Two { actors { totalCount } }` }, 400, 'OPERATION_RESOLUTION_FAILURE'],
    ['no query at all', {}, 400, 'BAD_REQUEST'],
  ])('refuses %s with a code and a 4xx', async (_name, body, status, code) => {
    const answer = await post(body);
    expect(answer.status).toBe(status);
    expect(codes(answer.body)).toEqual([code]);
  });

  it('refuses validation errors over GET with 400 too', async () => {
    const answer = await send({ path: `/graphql?query=${encodeURIComponent('{ nope }')}` });
    expect(answer.status).toBe(400);
    expect(codes(answer.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('answers other methods 405 METHOD_NOT_ALLOWED with Allow', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const answer = await send({ method, headers: JSON_TYPE, body: method === 'DELETE' ? undefined : JSON.stringify({ query: ACTORS }) });
      expect(answer.status, method).toBe(405);
      expect(codes(answer.body), method).toEqual(['METHOD_NOT_ALLOWED']);
      expect(answer.headers.get('allow'), method).toMatch(/GET, POST/);
    }
  });

  it('answers a subscription asked for as JSON, or an Accept nothing fits, 406 NOT_ACCEPTABLE', async () => {
    const subscription = await post({ query: 'subscription { changes { id } }' }, { accept: 'application/json' });
    expect(subscription.status).toBe(406);
    expect(codes(subscription.body)).toEqual(['NOT_ACCEPTABLE']);
    expect(subscription.body.errors[0].message).toMatch(/text\/event-stream/);
    const xml = await post({ query: ACTORS }, { accept: 'application/xml' });
    expect(xml.status).toBe(406);
    expect(codes(xml.body)).toEqual(['NOT_ACCEPTABLE']);
  });

  it('answers a body that is not JSON 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const answer = await send({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: ACTORS }) });
    expect(answer.status).toBe(415);
    expect(codes(answer.body)).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
  });

  it('logs one JSON line per request with its ID, operation, status and duration, and returns the ID', async () => {
    const { server, lines } = loggedServer();
    const ok = await send({ method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ query: ACTORS }) }, server);
    const refused = await send({ method: 'PUT' }, server);
    expect(lines.map((l) => [l.msg, l.level, l.operationName, l.status])).toEqual([
      ['request', 'info', 'FirstActors', 200],
      ['request', 'info', null, 405],
    ]);
    expect(lines[0]!.requestId).toBe(ok.headers.get('x-request-id'));
    expect(lines[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[1]!.requestId).toBe(refused.headers.get('x-request-id'));
    expect(lines[0]!.requestId).not.toBe(lines[1]!.requestId);
    expect(lines[0]!.durationMs).toBeGreaterThan(0);
  });

  it('lets a page on another origin read the request ID', async () => {
    const answer = await send({ path: `/graphql?query=${encodeURIComponent(ACTORS)}`, headers: { origin: 'https://example.org', accept: 'application/json' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-expose-headers')).toMatch(/X-Request-ID/);
    expect(answer.headers.get('x-request-id')).toBeTruthy();
  });

  it("keeps a client's sane X-Request-ID and replaces one that is not", async () => {
    const { server, lines } = loggedServer();
    const kept = await send({ method: 'POST', headers: { ...JSON_TYPE, 'x-request-id': 'proxy-1234.abc' }, body: JSON.stringify({ query: ACTORS }) }, server);
    expect(kept.headers.get('x-request-id')).toBe('proxy-1234.abc');
    expect(lines[0]!.requestId).toBe('proxy-1234.abc');
    const replaced = await send({ method: 'POST', headers: { ...JSON_TYPE, 'x-request-id': 'a b\tc' }, body: JSON.stringify({ query: ACTORS }) }, server);
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("does not log a client's mistakes as server errors: bad IDs, wrong-type IDs, bad cursors, bad documents", async () => {
    const { server, lines } = loggedServer('debug');
    const exec = (body: unknown) => send({ method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) }, server);
    const statementId = (await exec({ query: STATEMENT_IDS })).body.data.statements.edges[0].node.id;
    const answers = await Promise.all([
      exec({ query: '{ node(id: "not-an-id") { id } }' }),
      exec({ query: BY_PARTICIPANT, variables: { id: statementId } }),
      exec({ query: '{ actors(after: "nope") { totalCount } }' }),
      exec({ query: '{ nope }' }),
      exec({ query: BY_PARTICIPANT, variables: { id: 42 } }),
    ]);
    expect(answers.map((a) => codes(a.body)[0])).toEqual(['INVALID_ID', 'BAD_USER_INPUT', 'INVALID_CURSOR', 'GRAPHQL_VALIDATION_FAILED', 'INVALID_ID']);
    expect(lines.filter((l) => l.level === 'error' || l.error)).toEqual([]);
    expect(lines.filter((l) => l.msg === 'request')).toHaveLength(6);
  });

  it('reads LOG_LEVEL, info by default, and refuses an unknown level', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'WARN' }).logLevel).toBe('warn');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of debug, info, warn, error, silent/);
  });

  it('writes nothing below the level asked for', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (line) => lines.push(line));
    logger.info('request', { status: 200 });
    logger.warn('slow', {});
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['slow']);
  });
});
