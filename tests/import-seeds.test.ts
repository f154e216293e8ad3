// importDocument gives the same API answers as the seed loader. The curated
// documents depend on one another in cycles (claims rebut claims of other
// documents, claims appear in other documents' statements, events quote
// several sources), so no single document can go first into an empty
// database: the whole of seeds/ goes in as one bundle, each document with its
// source's text inline, and every answer below must match a seeded database.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_LIMITS } from '../src/config.js';
import { createKey } from '../src/domain/keys.js';
import { createServer } from '../src/server.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { dataFor } from './helpers/graphql.js';

const SEEDS = fileURLToPath(new URL('../seeds/', import.meta.url));

/** seeds/ as one importDocument bundle, documents in the seed loader's order (by file name). */
function seedBundle(): string {
  const read = (file: string) => parse(readFileSync(`${SEEDS}${file}`, 'utf8'));
  const documents = readdirSync(`${SEEDS}documents`)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const doc = read(`documents/${name}`);
      return { ...doc, source: { ...doc.source, text: readFileSync(`${SEEDS}sources/${doc.source.slug}.txt`, 'utf8') } };
    });
  return JSON.stringify({ actors: read('actors.yaml'), topics: read('topics.yaml'), events: read('events.yaml'), documents });
}

const IMPORT = `mutation($input: ImportDocumentInput!) {
  importDocument(input: $input) { userErrors { field code message } sources { slug } statements { slug } claims { slug } change { mutation } }
}`;

const DATE = `{ edtf precision approximate uncertain earliest latest note display }`;
const EXCERPT = `{ source { slug } start end quote prefix suffix }`;
const PAGE = `pageInfo { hasNextPage endCursor }`;

/** Every list the API has, whole (paged through), with what a reader sees of each record. */
const LISTS: Record<string, string> = {
  actors: `query($after: String) { list: actors(first: 100, after: $after) { ${PAGE} edges { cursor node {
    slug name kind aliases description version
    affiliations { organization { slug } role since ${DATE} until ${DATE} }
    members { member { slug } role }
    statements(first: 100) { edges { node { slug } } }
    claims(first: 100) { edges { node { slug } } }
    claimsAbout(first: 100) { edges { node { slug } } }
  } } } }`,
  topics: `query($after: String) { list: topics(first: 100, after: $after) { ${PAGE} edges { cursor node {
    slug name description version
    positions { actor { slug } claim { slug } stance date ${DATE} }
    claims(first: 100) { edges { node { slug } } }
  } } } }`,
  sources: `query($after: String) { list: sources(first: 100, after: $after) { ${PAGE} edges { cursor node {
    slug title kind url fileName text version publisher { slug } published ${DATE}
  } } } }`,
  events: `query($after: String) { list: events(first: 100, after: $after) { ${PAGE} edges { cursor node {
    slug title kind description place version start ${DATE} end ${DATE}
    parent { slug } children { slug } excerpts ${EXCERPT}
    participants { role actor { slug } }
    statements(first: 100) { edges { node { slug } } }
    claims(first: 100) { edges { node { slug } } }
  } } } }`,
  statements: `query($after: String) { list: statements(first: 100, after: $after) { ${PAGE} edges { cursor node {
    slug title kind summary version date ${DATE}
    participants { role actor { slug } }
    signatories(first: 100) { edges { node { slug } } }
    excerpts ${EXCERPT} events { slug } respondsTo { slug } responses { slug }
    claims(first: 100) { edges { node { slug } } }
  } } } }`,
  claims: `query($after: String) { list: claims(first: 100, after: $after) { ${PAGE} edges { cursor node {
    slug text kind version date ${DATE}
    claimants { slug } subjects { slug } events { slug } topics { stance topic { slug } }
    appearances { statement { slug } excerpts ${EXCERPT} }
    relations { kind to { slug } statement { slug } note createdOn }
    incomingRelations { kind from { slug } }
    rebuttals { slug }
    standing
  } } } }`,
  timeline: `query($after: String) { list: timeline(first: 100, after: $after) { ${PAGE} edges {
    cursor type slug headline kind kindLabel summary date ${DATE} actors { slug }
  } } }`,
};

const SEARCHES = ['Azerbaijan', 'ceasefire', 'genocide', '"stabilization force"', 'Waltz or Aliyev', 'peace*'];
const SEARCH = `query($query: String!, $after: String) { list: search(query: $query, first: 100, after: $after) { ${PAGE} edges {
  cursor rank node { __typename ... on Actor { slug } ... on Claim { slug } ... on Event { slug } ... on Source { slug } ... on Statement { slug } ... on Topic { slug } }
} } }`;

type Run = ReturnType<typeof dataFor>;
type Page = { list: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] } };

async function whole(run: Run, query: string, variables: Record<string, unknown> = {}): Promise<unknown[]> {
  const edges: unknown[] = [];
  let after: string | null = null;
  do {
    const { list }: Page = await run<Page>(query, { ...variables, after });
    edges.push(...list.edges);
    after = list.pageInfo.hasNextPage ? list.pageInfo.endCursor : null;
  } while (after);
  return edges;
}

async function answers(run: Run): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const [name, query] of Object.entries(LISTS)) result[name] = await whole(run, query);
  for (const query of SEARCHES) result[`search ${query}`] = await whole(run, SEARCH, { query });
  return result;
}

describe(`importDocument of seeds/ (${databaseLabel})`, () => {
  let seededKey = '';
  let editorKey = '';
  let importedKey = '';
  const seeded = useTestApi(async (database) => {
    await seedCurated(database);
    seededKey = await createKey(database.handle.db, 'reader', 'READER');
    editorKey = await createKey(database.handle.db, 'editor', 'EDITOR');
  });
  const imported = useTestApi(async (database) => {
    importedKey = await createKey(database.handle.db, 'importer', 'EDITOR');
  });

  it('into an empty database gives the same API answers as seeding it', async () => {
    // The whole dataset is some 4,500 statements in one transaction: on a loaded machine that
    // can outlast the default request deadline, which is not what this test is about.
    const importer = createServer({ database: imported.database.handle, limits: { ...DEFAULT_LIMITS, requestDeadlineMs: 300_000 } });
    const result = (await dataFor(importer, importedKey)(IMPORT, { input: { format: 'JSON', content: seedBundle() } })).importDocument;
    const run = dataFor(imported.server, importedKey);
    expect(result.userErrors).toEqual([]);
    expect(result.change).toEqual({ mutation: 'importDocument' });
    expect(result.sources.map((s: { slug: string }) => s.slug)).toEqual(readdirSync(`${SEEDS}documents`).sort().map((name) => name.replace(/\.yaml$/, '')));

    const expected = await answers(dataFor(seeded.server, seededKey));
    const actual = await answers(run);
    expect(expected.claims!.length).toBeGreaterThan(100);
    expect(expected.timeline!.length).toBeGreaterThan(50);
    for (const name of Object.keys(expected)) expect(actual[name], name).toEqual(expected[name]);
  });

  it('refuses a bundle whole, naming the document, record and field at fault', async () => {
    const run = dataFor(seeded.server, editorKey);
    const bundle = JSON.parse(seedBundle());
    bundle.documents[1].claims[0].appearances[0].statement = 'no-such-statement';
    bundle.events[0].kind = 'PARADE';
    const refused = (await run(IMPORT, { input: { format: 'JSON', content: JSON.stringify(bundle) } })).importDocument;
    expect(refused).toMatchObject({ sources: [], statements: [], claims: [], change: null });
    expect(refused.userErrors).toEqual([
      { field: ['content', 'events', '0', 'kind'], code: 'INVALID_INPUT', message: expect.stringContaining('has unknown value "PARADE"') },
      { field: ['content', 'documents', '1', 'claims', '0', 'appearances', '0', 'statement'], code: 'NOT_FOUND', message: 'refers to unknown statement "no-such-statement"' },
    ]);
  });
});
