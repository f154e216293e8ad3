// Reads compiled into one SQL statement (src/compiled-reads/) answer exactly
// as field-by-field execution does: the same JSON, key order included, the
// same errors; and where a read is not compiled it runs as ever.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createServer } from '../src/server.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { execFor } from './helpers/graphql.js';

const STATEMENT = 'coalition-joint-statement-2025-11-12';

const CLAIM_FIELDS = 'id slug text kind relations { kind note createdOn from { text } to { id text } statement { title } } incomingRelations { kind from { slug } }';

// Each is answered by one statement when compiled.
const COMPILED: [string, string, Record<string, unknown>?][] = [
  [
    'the traversal',
    `query($slug: String!) { statement(slug: $slug) { title participants { role actor { name } } claims(first: 10) { edges { node { text relations { kind to { text } } } } } } }`,
    { slug: STATEMENT },
  ],
  [
    'a statement with every compiled field',
    `query($slug: String!) { statement(slug: $slug) { __typename id slug title kind summary
      participants { __typename role actor { __typename id slug name kind description } }
      claims(first: 5) { __typename totalCount pageInfo { __typename hasNextPage hasPreviousPage } edges { __typename node { ${CLAIM_FIELDS} } } }
      signatories(first: 3) { totalCount edges { node { name } } pageInfo { hasNextPage } } } }`,
    { slug: STATEMENT },
  ],
  ['a slug given in the query', `{ statement(slug: "${STATEMENT}") { title claims { totalCount } } }`],
  ['a slug with no row', `query($slug: String!) { statement(slug: $slug) { title } actor(slug: $slug) { name } }`, { slug: 'no-such-slug' }],
  ['an actor and its statements', `query($slug: String!) { actor(slug: $slug) { name statements(first: 2) { totalCount edges { node { title } } pageInfo { hasNextPage } } } }`, { slug: 'anca' }],
  ['aliases and __typename', `query Q { __typename first: actor(slug: "anca") { who: name slug s: statements(first: 1) { edges { node { t: title } } } } other: actor(slug: "azerbaijan") { slug } }`],
  ['page sizes given as variables', `query($n: Int!, $m: Int) { statements(first: $n) { totalCount edges { node { slug } } pageInfo { hasNextPage hasPreviousPage } }
    actors(first: $m) { edges { node { name } } } }`, { n: 3, m: 4 }],
  ['an empty page and the last page', `{ statements(first: 0) { edges { node { slug } } pageInfo { hasNextPage } } actors(first: 100) { totalCount pageInfo { hasNextPage } edges { node { slug } } } }`],
  ['statements newest first', `{ statements(first: 4, order: DESC) { edges { node { title kind } } } }`],
  ['dates', `{ statements(first: 100) { edges { node { date { __typename edtf precision approximate uncertain earliest latest note } } } }
    timeline(first: 100) { edges { node { ... on Event { start { edtf approximate uncertain earliest } end { edtf latest precision note } } ... on Statement { date { edtf } } } } } }`],
  ['the timeline\'s first page', `{ timeline(first: 20) { edges { node { __typename ... on Statement { title } ... on Event { title } } } pageInfo { hasNextPage } } }`],
  ['the whole timeline, newest first', `{ timeline(first: 100, order: DESC) { __typename pageInfo { hasPreviousPage hasNextPage }
    edges { __typename node { __typename ... on Event { id slug title eventKind: kind description place } ... on Statement { id slug t: title kind summary participants { role } } } } } }`],
  ['a timeline of statements only asked for', `{ timeline(first: 30) { edges { node { ... on Statement { slug } } } } }`],
  ['a claims page of every statement', `{ statements(first: 30) { edges { node { slug claims(first: 3) { edges { node { ${CLAIM_FIELDS} } } } } } } }`],
];

// Each runs field by field, as ever: what is not compiled, or is refused.
const NOT_COMPILED: [string, string, Record<string, unknown>?][] = [
  ['a field not compiled', `query($slug: String!) { statement(slug: $slug) { title date { display } } }`, { slug: STATEMENT }],
  ['a claim\'s date', `{ statements(first: 3) { edges { node { claims(first: 2) { edges { node { date { edtf } } } } } } } }`],
  ['a cursor', `{ statements(first: 2) { edges { cursor node { slug } } } }`],
  ['a directive', `query($yes: Boolean!) { statements(first: 2) { edges { node { slug @include(if: $yes) } } } }`, { yes: false }],
  ['a timeline filter', `{ timeline(first: 5, filter: { types: [EVENT] }) { edges { node { ... on Event { title } } } } }`],
  ['a timeline\'s count', `{ timeline(first: 5) { totalCount edges { node { __typename } } } }`],
  ['a timeline edge\'s own fields', `{ timeline(first: 5) { edges { headline node { __typename } } } }`],
  ['a filter', `{ statements(first: 2, filter: { kinds: [JOINT_STATEMENT] }) { edges { node { slug } } } }`],
  ['a page too big', `{ statements(first: 500) { edges { node { slug } } } }`],
  ['a page size of the wrong type', `query($n: Int!) { statements(first: $n) { edges { node { slug } } } }`, { n: 'ten' }],
  ['a slug of the wrong type', `query($slug: String!) { statement(slug: $slug) { title } }`, { slug: 42 }],
  ['fragments', `query Q { first: actor(slug: "anca") { ...A who: name } other: actor(slug: "azerbaijan") { ... on Actor { ...A } } }
    fragment A on Actor { slug n: name s: statements(first: 1) { edges { node { t: title } } } }`],
  ['a slug from its default', `query($slug: String! = "anca") { actor(slug: $slug) { name } }`],
  ['an ID that is not valid', `query($id: ID!) { node(id: $id) { id } }`, { id: 'not-an-id' }],
  ['an ID of a type not compiled', `query($id: ID!) { node(id: $id) { id __typename } }`, { id: Buffer.from('Source:1').toString('base64') }],
  ['standing on a day that is not one', `query($id: ID!) { node(id: $id) { ... on Claim { standing(asOf: "2030-02-30") } } }`, { id: Buffer.from('Claim:1').toString('base64') }],
  ['a missing slug', `query($slug: String!) { statement(slug: $slug) { title } }`, {}],
  ['a mutation', `mutation { createActor(input: { name: "X", kind: PERSON }) { actor { name } } }`],
];

/** A compiled read's statement: the answer's data as one JSON object. */
const isCompiled = (query: string) => query.startsWith("SELECT json_build_object('");

describe(`compiled reads (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);
  const fieldByField = () => execFor(createServer({ database: api.database.handle, compiledReads: false }));

  it.each(COMPILED)('answers %s in one statement, as field-by-field execution does', async (_name, query, variables) => {
    api.database.queries.length = 0;
    const compiled = await api.exec(query, variables);
    expect(api.database.queries.length).toBe(1);
    expect(isCompiled(api.database.queries[0]!)).toBe(true);
    expect(compiled.errors).toBeUndefined();
    const expected = await fieldByField()(query, variables);
    expect(expected.errors).toBeUndefined();
    // The same text: keys in the same order, numbers and nulls alike.
    expect(JSON.stringify(compiled)).toBe(JSON.stringify(expected));
  });

  it.each(NOT_COMPILED)('runs %s field by field, answering as before', async (_name, query, variables) => {
    api.database.queries.length = 0;
    const answered = await api.exec(query, variables);
    expect(api.database.queries.filter(isCompiled)).toEqual([]);
    const expected = await fieldByField()(query, variables);
    expect(JSON.stringify(answered)).toBe(JSON.stringify(expected));
  });

  it('answers node(id:) for every claim, statement and actor, standing and rebuttals included, in one statement each, as field-by-field execution does', async () => {
    const exec = fieldByField();
    const ids = async (list: string) => (await exec(`{ ${list}(first: 100) { edges { node { id } } } }`)).data[list].edges.map((e: any) => e.node.id);
    const query = `query($id: ID!) { node(id: $id) { __typename id ... on Claim { text standing s2020: standing(asOf: "2020-01-01") rebuttals { id text standing(asOf: "2030-01-01") } }
      ... on Statement { title participants { role } } ... on Actor { name } } }`;
    const all = [...(await ids('claims')), ...(await ids('statements')), ...(await ids('actors'))];
    expect(all.length).toBeGreaterThan(100);
    const standings = new Set<string>();
    for (const id of all) {
      api.database.queries.length = 0;
      const compiled = await api.exec(query, { id });
      expect(api.database.queries.length).toBe(1);
      expect(JSON.stringify(compiled)).toBe(JSON.stringify(await exec(query, { id })));
      if (compiled.data.node.standing) standings.add(compiled.data.node.standing);
    }
    // The curated claims have every standing but one, so each branch of the rule is compared.
    expect(standings.size).toBeGreaterThanOrEqual(3);
  });

  it('reads nothing for a client READ_ACCESS=key refuses', async () => {
    const exec = execFor(createServer({ database: api.database.handle, readAccess: 'key' }));
    api.database.queries.length = 0;
    const refused = await exec(`{ statements(first: 2) { edges { node { slug } } } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(api.database.queries.filter(isCompiled)).toEqual([]);
  });

  it('is on unless COMPILED_READS=false', () => {
    expect(loadConfig({}).compiledReads).toBe(true);
    expect(loadConfig({ COMPILED_READS: 'false' }).compiledReads).toBe(false);
  });

  it('keeps extensions.cost on a compiled answer', async () => {
    const answered = await api.exec(`{ statements(first: 3) { edges { node { slug claims(first: 2) { edges { node { text } } } } } } }`);
    expect(answered.extensions?.cost).toEqual({ requestedQueryCost: 9, maximumAvailable: 500000 });
  });
});
