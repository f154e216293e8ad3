// Bad input gets a clear error with a code; abusive operations are refused;
// responses carry no stack traces unless asked for; health endpoints answer.
import { describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { insertDebate } from './helpers/factories.js';
import { errorCodes, execFor, expectNoErrors, serverFor, type Exec } from './helpers/graphql.js';
import { createServer } from '../src/server.js';

const NODE = /* GraphQL */ `
  query Node($id: ID!) { node(id: $id) { id ... on Actor { slug } } }
`;
const NODES = /* GraphQL */ `
  query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Statement { slug } } }
`;
const STATEMENTS_BY_PARTICIPANT = /* GraphQL */ `
  query ByParticipant($id: ID!) { statements(filter: { participant: $id }) { edges { node { slug } } } }
`;
const STATEMENTS_FROM = /* GraphQL */ `
  query From($from: String) { statements(filter: { from: $from }) { totalCount } }
`;
const STATEMENTS_PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String, $last: Int, $before: String) {
    statements(first: $first, after: $after, last: $last, before: $before) {
      edges { cursor } pageInfo { hasNextPage hasPreviousPage }
    }
  }
`;
const TIMELINE_PAGE = /* GraphQL */ `
  query Timeline($after: String) { timeline(after: $after) { edges { cursor } } }
`;
const ACTOR_BY_SLUG = /* GraphQL */ `
  query { actor(slug: "nope-not-here") { id } }
`;
const ACTOR_IDS = /* GraphQL */ `
  query { actors(first: 2) { edges { node { id slug } } } statements(first: 1) { edges { node { id slug } } } }
`;
/** Deeper than any useful traversal: nests claim relations far past the limit. */
const TOO_DEEP = /* GraphQL */ `
  query {
    claims(first: 1) { edges { node { rebuttals { rebuttals { rebuttals { rebuttals { rebuttals { rebuttals {
      rebuttals { rebuttals { rebuttals { rebuttals { rebuttals { rebuttals { rebuttals { rebuttals { text }
    } } } } } } } } } } } } } } } }
  }
`;
const ALIAS_FLOOD = `query { ${Array.from({ length: 60 }, (_, i) => `a${i}: actors(first: 1) { totalCount }`).join(' ')} }`;
/** A million claims in one request: 100 actors x 100 statements x 100 claims. */
const FAN_OUT = /* GraphQL */ `
  query { actors(first: 100) { edges { node { statements(first: 100) { edges { node { claims(first: 100) { edges { node { text } } } } } } } } } }
`;
/** 2,020 nodes: refused by a fields-times-pages price, allowed by GitHub's node count. */
const SIGNATORY_PAGES = /* GraphQL */ `
  query { statements(first: 20) { edges { node { title signatories(first: 100) { edges { node { name slug kind } } } } } } }
`;
const COUNT_FLOOD = `query { ${Array.from({ length: 20 }, (_, i) => `t${i}: timeline(first: 100) { totalCount buckets(granularity: DAY) { count } }`).join(' ')} }`;
/** The deepest useful walk: signatory -> statement -> claim -> rebuttal -> its statement, excerpts and source. */
const DEEP_USEFUL = /* GraphQL */ `
  query {
    actors(first: 2) { edges { node { name
      statements(first: 5) { edges { node { title date { display }
        claims(first: 10) { edges { node { text
          incomingRelations { kind statement { title } from { text claimants { name }
            appearances { statement { title date { display } } excerpts { quote source { title } } } } }
        } } }
      } } }
    } } }
  }
`;

describe(`errors and limits (${databaseLabel})`, () => {
  const api = useTestApi((database) => insertDebate(database.handle.db, 'err', 3));
  const exec: Exec = (query, variables) => api.exec(query, variables);

  it('resolves global IDs with node and nodes, null for an ID with no row', async () => {
    const ids = expectNoErrors(await exec(ACTOR_IDS));
    const actor = ids.actors.edges[0].node;
    expect(expectNoErrors(await exec(NODE, { id: actor.id })).node).toEqual({ id: actor.id, slug: actor.slug });
    const statement = ids.statements.edges[0].node;
    const missing = encodeGlobalID('Statement', 999999);
    expect(expectNoErrors(await exec(NODES, { ids: [statement.id, missing] })).nodes).toEqual([statement, null]);
    expect(expectNoErrors(await exec(ACTOR_BY_SLUG)).actor).toBeNull();
  });

  it('refuses a malformed ID with INVALID_ID', async () => {
    for (const id of ['not-an-id', '', encodeGlobalID('Actor', 'abc'), encodeGlobalID('Foo', 1), encodeGlobalID('Actor', 3000000000)]) {
      const result = await exec(NODE, { id });
      expect(errorCodes(result)).toEqual(['INVALID_ID']);
      expect(result.errors?.[0]?.message).toMatch(/is not a valid ID/);
    }
  });

  it('refuses an ID of the wrong type where a type is required', async () => {
    const ids = expectNoErrors(await exec(ACTOR_IDS));
    const result = await exec(STATEMENTS_BY_PARTICIPANT, { id: ids.statements.edges[0].node.id });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toMatch(/is not of type: Actor/);
    expect(expectNoErrors(await exec(STATEMENTS_BY_PARTICIPANT, { id: ids.actors.edges[0].node.id })).statements.edges).toHaveLength(2);
  });

  it('refuses a filter ID that names nothing with NOT_FOUND, not an empty page', async () => {
    const nobody = encodeGlobalID('Actor', 999999);
    const statements = await exec(STATEMENTS_BY_PARTICIPANT, { id: nobody });
    expect(errorCodes(statements)).toEqual(['NOT_FOUND']);
    expect(statements.errors?.[0]?.message).toBe(`filter.participant: nothing has the ID ${nobody}.`);
    const claims = await exec(`query($id: ID!) { claims(filter: { subject: $id }) { totalCount } }`, { id: nobody });
    expect(errorCodes(claims)).toEqual(['NOT_FOUND']);
    const events = await exec(`query($id: ID!) { events(filter: { participant: $id }) { totalCount } }`, { id: nobody });
    expect(errorCodes(events)).toEqual(['NOT_FOUND']);
  });

  it('refuses crafted cursors before they reach SQL', async () => {
    const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const crafted = [
      ['statements', 'not-a-date', 1, 2],
      ['statements', '2025-02-30', 1, 2],
      ['statements', '2025-01-01', 1, 99999999999],
      ['statements', '2025-01-01', '1', 2],
      ['statements', '2025-01-01', 1],
    ];
    for (const values of crafted) {
      expect(errorCodes(await exec(STATEMENTS_PAGE, { after: cursor(values) })), JSON.stringify(values)).toEqual(['INVALID_CURSOR']);
    }
    expect(errorCodes(await exec(TIMELINE_PAGE, { after: cursor(['timeline', '2025-13-45', 3, 0, 1]) }))).toEqual(['INVALID_CURSOR']);
    expect(errorCodes(await exec(TIMELINE_PAGE, { after: cursor(['timeline', '2025-01-01', 999, 0, 1]) }))).toEqual(['INVALID_CURSOR']);
  });

  it('reports pages beyond the edges of a page, also for first: 0 and cursors on the far side', async () => {
    const zero = expectNoErrors(await exec(STATEMENTS_PAGE, { first: 0 })).statements;
    expect(zero.edges).toEqual([]);
    expect(zero.pageInfo.hasNextPage).toBe(true);
    const all = expectNoErrors(await exec(STATEMENTS_PAGE, { first: 6 })).statements.edges;
    const tail = expectNoErrors(await exec(STATEMENTS_PAGE, { last: 10, after: all[1].cursor })).statements;
    expect(tail.edges.map((e: any) => e.cursor)).toEqual(all.slice(2).map((e: any) => e.cursor));
    expect(tail.pageInfo.hasPreviousPage).toBe(true);
    const head = expectNoErrors(await exec(STATEMENTS_PAGE, { first: 10, before: all[3].cursor })).statements;
    expect(head.edges).toHaveLength(3);
    expect(head.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses an invalid date with INVALID_DATE', async () => {
    const result = await exec(STATEMENTS_FROM, { from: '2025-13' });
    expect(errorCodes(result)).toEqual(['INVALID_DATE']);
    expect(result.errors?.[0]?.message).toMatch(/not a valid EDTF date/);
    expect(expectNoErrors(await exec(STATEMENTS_FROM, { from: '2024-01-05' })).statements.totalCount).toBe(2);
  });

  it('lets the deepest useful traversal through', async () => {
    expectNoErrors(await exec(DEEP_USEFUL), DEEP_USEFUL);
  });

  it('refuses a too-deep query and an alias flood before running them', async () => {
    const deep = await exec(TOO_DEEP);
    expect(errorCodes(deep)).toEqual(['QUERY_TOO_DEEP']);
    expect(deep.errors?.[0]?.message).toMatch(/depth limit/i);
    const flood = await exec(ALIAS_FLOOD);
    expect(errorCodes(flood)).toContain('TOO_MANY_ALIASES');
    expect(flood.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it('prices a query by the pages it asks for: huge fan-outs and piles of counts are refused', async () => {
    const fanOut = await exec(FAN_OUT);
    expect(errorCodes(fanOut)).toEqual(['QUERY_TOO_COSTLY']);
    expect(fanOut.errors?.[0]?.message).toMatch(/over the limit of 500000/);
    expect(fanOut.data ?? null).toBeNull();
    expect(errorCodes(await exec(COUNT_FLOOD))).toEqual(['QUERY_TOO_COSTLY']);
    expectNoErrors(await exec(FAN_OUT.replaceAll('first: 100', 'first: 10')));
  });

  it('counts nodes as GitHub does: 20 statements x 100 signatories pass, and every answer tells its cost', async () => {
    const wide = await exec(SIGNATORY_PAGES);
    expectNoErrors(wide);
    // 20 statements + 20 x 100 signatories.
    expect(wide.extensions?.cost).toEqual({ requestedQueryCost: 2020, maximumAvailable: 500000 });
    const fanOut = await exec(FAN_OUT);
    // 100 actors + 100 x 100 statements + 100 x 100 x 100 claims.
    expect(fanOut.errors?.[0]?.extensions?.cost).toEqual({ requestedQueryCost: 1010100, maximumAvailable: 500000 });
    expect((await exec(FAN_OUT.replaceAll('first: 100', 'first: 10'))).extensions?.cost).toEqual({ requestedQueryCost: 1110, maximumAvailable: 500000 });
  });

  it('masks unexpected errors by default: no stack, no SQL', async () => {
    const broken = serverFor({ ...api.database, handle: { ...api.database.handle, db: undefined as never } });
    const result = await execFor(broken)(ACTOR_IDS);
    expect(result.errors?.[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(result)).not.toMatch(/stack|select|at /i);
  });

  it('answers /health and /ready, and allows cross-origin reads', async () => {
    const health = await api.server.fetch('http://claimline.test/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await api.server.fetch('http://claimline.test/ready');
    expect(await ready.json()).toEqual({ status: 'ready', database: api.database.handle.driver });
    const preflight = await api.server.fetch('http://claimline.test/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('limits cross-origin reads to the configured origins', async () => {
    const restricted = createServer({ database: api.database.handle, corsOrigins: ['https://allowed.example'] });
    const preflight = (origin: string) =>
      restricted.fetch('http://claimline.test/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    expect((await preflight('https://allowed.example')).headers.get('access-control-allow-origin')).toBe('https://allowed.example');
    expect((await preflight('https://other.example')).headers.get('access-control-allow-origin')).not.toBe('https://other.example');
  });
});
