// search(query) over the six searchable types, and the `search` fields of the
// list filters, on the seed data: ranking, aliases, phrases, prefixes, paging,
// refused queries, and the GIN indexes behind them.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../src/db/rows.js';
import { rankedMatches, type SearchableEntity, searchQuery } from '../src/schema/search-filter.js';
import { seedDatabase } from '../src/seed/index.js';
import { createTestDatabase, databaseLabel, type TestDatabase } from './helpers/database.js';
import { errorCodes, type Exec, execFor, expectNoErrors, serverFor } from './helpers/graphql.js';

const SEARCH = `query Search($query: String!, $first: Int, $after: String) {
  search(query: $query, first: $first, after: $after) {
    totalCount
    edges {
      cursor
      rank
      node {
        __typename
        ... on Actor { slug name }
        ... on Statement { slug title }
        ... on Claim { slug text }
        ... on Event { slug title }
        ... on Source { slug title }
        ... on Topic { slug name }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

// Every scalar field of each result type, to compare a result with the same node loaded by ID.
const NODE_FIELDS = `
  __typename
  ... on Actor { id slug name actorKind: kind description }
  ... on Statement { id slug title statementKind: kind summary date { edtf earliest latest precision } }
  ... on Claim { id slug text }
  ... on Event { id slug title eventKind: kind description place start { edtf earliest latest precision } end { edtf earliest latest precision } }
  ... on Source { id slug title url text }
  ... on Topic { id slug name description }`;

const SEARCH_PAGE_ONLY = `query SearchPage($query: String!, $first: Int) {
  search(query: $query, first: $first) { edges { node { ${NODE_FIELDS} } } }
}`;

const NODE_BY_ID = `query Node($id: ID!) { node(id: $id) { ${NODE_FIELDS} } }`;

const FILTERS = `query Filters($search: String!) {
  actors(first: 100, filter: { search: $search }) { edges { node { slug name aliases } } }
  statements(first: 100, filter: { search: $search }) { edges { node { slug } } }
  claims(first: 100, filter: { search: $search }) { edges { node { slug text } } }
}`;

let database: TestDatabase;
let exec: Exec;

async function search(query: string, first = 100) {
  return expectNoErrors(await exec(SEARCH, { query, first }), SEARCH).search;
}

const keys = (result: any) => result.edges.map((e: any) => `${e.node.__typename}:${e.node.slug}`);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDatabase(database.handle.db);
  exec = execFor(serverFor(database));
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe(`search (${databaseLabel})`, () => {
  it('ranks matches of every type, best first', async () => {
    const result = await search('Aliyev');
    const types = new Set(result.edges.map((e: any) => e.node.__typename));
    for (const type of ['Actor', 'Statement', 'Claim', 'Source']) expect(types).toContain(type);
    expect(keys(result)).toContain('Actor:ilham-aliyev');
    const ranks = result.edges.map((e: any) => e.rank);
    expect(ranks.every((r: number) => r > 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(result.totalCount).toBe(result.edges.length);
    const events = await search('peacekeeping');
    expect(events.edges.some((e: any) => e.node.__typename === 'Event')).toBe(true);
    const topics = await search('ISF participation');
    expect(keys(topics)).toContain('Topic:azerbaijan-isf-participation');
  });

  it('reads a page of results of every type with their rows in one statement, and each node equals the one node(id) loads', async () => {
    database.queries.length = 0;
    const page = expectNoErrors(await exec(SEARCH_PAGE_ONLY, { query: 'Aliyev', first: 100 }), SEARCH_PAGE_ONLY).search;
    expect(database.queries).toHaveLength(1);
    const types = new Set(page.edges.map((e: any) => e.node.__typename));
    for (const type of ['Actor', 'Statement', 'Claim', 'Source']) expect(types).toContain(type);
    for (const { node } of page.edges) {
      const byId = expectNoErrors(await exec(NODE_BY_ID, { id: node.id }), NODE_BY_ID).node;
      expect(node).toEqual(byId);
    }
  });

  it('finds actors by alias as well as by name', async () => {
    expect(keys(await search('Baku'))).toContain('Actor:azerbaijan');
    expect(keys(await search('ANCA'))).toContain('Actor:anca');
    expect(keys(await search('Armenian National Committee'))).toContain('Actor:anca');
  });

  it('stems words, matches "quoted phrases" in order, word* as a prefix, and -word to exclude', async () => {
    expect((await search('rebutted')).totalCount).toBe((await search('rebuts')).totalCount);
    const phrase = await search('"peace enforcement"');
    const reversed = await search('"enforcement peace"');
    const words = await search('enforcement peace');
    expect(phrase.totalCount).toBeGreaterThan(0);
    expect(reversed.totalCount).toBeLessThan(phrase.totalCount);
    expect(keys(words)).toEqual(expect.arrayContaining(keys(phrase)));
    expect((await search('Hampar')).totalCount).toBe(0);
    const prefix = await search('Hampar*');
    expect(keys(prefix)).toEqual(expect.arrayContaining(keys(await search('Hamparian'))));
    expect(prefix.totalCount).toBeGreaterThan(0);
    const all = await search('Aliyev');
    const without = await search('Aliyev -interview');
    expect(without.totalCount).toBeLessThan(all.totalCount);
    expect(keys(all)).toEqual(expect.arrayContaining(keys(without)));
    // Prefix terms combine with the rest of the query.
    const both = await search('Azerbaij* Waltz');
    expect(both.totalCount).toBeGreaterThan(0);
    expect(both.totalCount).toBeLessThanOrEqual((await search('Waltz')).totalCount);
  });

  it('pages with stable cursors to exactly the unpaged list', async () => {
    const full = await search('Azerbaijan');
    expect(full.totalCount).toBeGreaterThan(10);
    const walked: string[] = [];
    for (let after: string | null = null; ; ) {
      const page: any = expectNoErrors(await exec(SEARCH, { query: 'Azerbaijan', first: 4, after })).search;
      walked.push(...keys(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(walked).toEqual(keys(full));
    expect(new Set(walked).size).toBe(walked.length);
  });

  it('refuses empty, too long and wordless queries with INVALID_SEARCH, and survives query syntax', async () => {
    for (const query of ['', '   ', 'x'.repeat(201), '*', '":*&|!"']) {
      expect(errorCodes(await exec(SEARCH, { query })), JSON.stringify(query)).toEqual(['INVALID_SEARCH']);
    }
    for (const query of ['"unbalanced', 'foo:* & | bar', "Aliyev's", 'a:b*', '-', 'or']) {
      const result = await exec(SEARCH, { query });
      expect(errorCodes(result).filter((c) => c !== 'INVALID_SEARCH'), JSON.stringify(query)).toEqual([]);
    }
    expect((await search('x'.repeat(200))).totalCount).toBe(0);
    expect(errorCodes(await exec(SEARCH, { query: 'Aliyev', first: 101 }))).toEqual(['INVALID_PAGINATION']);
  });
});

describe(`search filters (${databaseLabel})`, () => {
  it('narrow actors, statements and claims through the same index', async () => {
    const baku = expectNoErrors(await exec(FILTERS, { search: 'Baku' }), FILTERS);
    // Azerbaijan by its alias, the embassy by its name.
    const actors = baku.actors.edges.map((e: any) => e.node);
    expect(actors.map((a: any) => a.slug)).toContain('azerbaijan');
    for (const a of actors) expect([a.name, ...a.aliases].join(' ')).toMatch(/baku/i);
    const waltz = expectNoErrors(await exec(FILTERS, { search: 'Waltz' }), FILTERS);
    expect(waltz.statements.edges.map((e: any) => e.node.slug)).toContain('waltz-remarks-2025-12');
    expect(waltz.claims.edges.length).toBeGreaterThan(0);
    for (const e of waltz.claims.edges) expect(e.node.text).toMatch(/waltz/i);
    // The claims filter agrees with search(query) restricted to claims.
    const viaSearch = (await search('Waltz')).edges.filter((e: any) => e.node.__typename === 'Claim').map((e: any) => e.node.slug);
    expect(waltz.claims.edges.map((e: any) => e.node.slug).sort()).toEqual(viaSearch.sort());
    expect(errorCodes(await exec(FILTERS, { search: ' ' }))).toContain('INVALID_SEARCH');
  });
});

describe(`search indexes (${databaseLabel})`, () => {
  it('answers every type from its GIN index', async () => {
    const q = searchQuery('Aliyev Azerbaij*');
    const entities: SearchableEntity[] = ['actor', 'statement', 'claim', 'event', 'source', 'topic'];
    for (const entity of entities) {
      const plan = await database.handle.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL enable_seqscan = off`);
        const rows = await selectRows<{ 'QUERY PLAN': string }>(tx as never, sql`EXPLAIN ${rankedMatches(entity, q)}`);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan, entity).toMatch(/Bitmap Index Scan on \w+_search_idx/);
      expect(plan, entity).not.toMatch(/Seq Scan/);
    }
  });
});
