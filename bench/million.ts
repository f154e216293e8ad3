// Times a generated database of a million items (made by the comparison:
// `cd bench/compare && npm run compare -- --fresh --items 1000000 --database
// claimline_compare_1m`): the timeline's first page against a page 90% deep,
// with and without filters, 100 actors x their first 10 statements or events
// (one request, and ten at once), then the aggregates a client may select over
// the whole list (totalCount, its estimate, buckets) and search. Every figure is
// the median of --runs requests through the GraphQL server in this process
// (no HTTP). --data-dir times a PGlite data directory instead (one made by
// bench/embedded.ts; never one a running server holds).
//
//   npx tsx bench/million.ts --database claimline_compare_1m
//   npx tsx bench/million.ts --data-dir .bench/pglite-100000
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { selectRows } from '../src/db/rows.js';
import { timelinePageQuery, WHOLE_TIMELINE } from '../src/loaders/timeline.js';
import { encodeCursor } from '../src/pagination/cursor.js';
import { createServer } from '../src/server.js';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    database: { type: 'string', default: 'claimline_compare_1m' },
    'data-dir': { type: 'string' },
    runs: { type: 'string', default: '15' },
    /** Comma-separated substrings of case names to run (default: all). */
    only: { type: 'string' },
  },
});
const RUNS = Number(args.runs);

const url = new URL(args.url!);
url.pathname = `/${args.database}`;
const handle = args['data-dir']
  ? await openDatabase({ dataDir: args['data-dir'], holder: 'bench/million.ts' })
  : await openDatabase({ url: url.toString(), statementTimeoutMs: 600_000 });
const server = createServer({ database: handle });

async function run(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await server.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown; data?: any };
  if (body.errors) throw new Error(`${query}\n${JSON.stringify(body.errors)}`);
  return body.data;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median milliseconds of `runs` requests after one to warm up; the last answer. */
async function time(query: string, variables: Record<string, unknown> = {}, runs = RUNS): Promise<{ ms: number; data: any }> {
  let data = await run(query, variables);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    data = await run(query, variables);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), data };
}

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const [counts] = await selectRows<{ events: number; statements: number; claims: number }>(
  handle.db,
  sql`SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM statements)::int AS statements, (SELECT count(*) FROM claims)::int AS claims`,
);
const items = counts!.events + counts!.statements;
console.log(`${handle.driver}: ${counts!.events} events, ${counts!.statements} statements, ${counts!.claims} claims; ${RUNS} runs a case\n`);

// A cursor 90% down the whole timeline, read from the key columns (walking there would take 45,000 pages).
const [deep] = await selectRows<{ day: string; rank: number; type: number; id: number }>(
  handle.db,
  sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, rank, type, id FROM (
    SELECT start_earliest AS day, start_rank AS rank, 0 AS type, id FROM events
    UNION ALL SELECT date_earliest, date_rank, 1, id FROM statements) t
    ORDER BY day, rank, type, id OFFSET ${Math.floor(items * 0.9)} LIMIT 1`,
);
const deepCursor = encodeCursor('timeline', [deep!.day, Number(deep!.rank), Number(deep!.type), Number(deep!.id)]);
const [actor] = await selectRows<{ id: number }>(handle.db, sql`SELECT id FROM actors ORDER BY id OFFSET 41 LIMIT 1`);
const actorFilter = { actors: [gid('Actor', actor!.id)] };
// The actor's own 90% cursor: its whole timeline's keys, by the page query the server runs.
const actorRows = await selectRows<{ day: string; rank: number; type: number; id: number }>(
  handle.db,
  sql`SELECT to_char(CAST(t.day AS date), 'YYYY-MM-DD') AS day, t.rank, t.type, t.id FROM (${timelinePageQuery(
    { ...WHOLE_TIMELINE, actorIds: [actor!.id] },
    { size: 1_000_000, backward: false, after: null, before: null },
    false,
  )!}) t`,
);
const actorDeep = actorRows[Math.floor(actorRows.length * 0.9)]!;
const actorDeepCursor = encodeCursor('timeline', [actorDeep.day, Number(actorDeep.rank), Number(actorDeep.type), Number(actorDeep.id)]);
const filters = args.only?.split(',').map((s) => s.trim().toLowerCase());
const wanted = (name: string) => !filters || filters.some((f) => name.toLowerCase().includes(f));

const PAGE = `query($filter: TimelineFilter, $order: SortDirection, $first: Int, $after: String, $last: Int, $before: String) {
  timeline(filter: $filter, order: $order, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor date { edtf } node { __typename ... on Event { id title } ... on Statement { id title } } }
    pageInfo { hasNextPage hasPreviousPage } } }`;
const pages: { name: string; first: Record<string, unknown>; deep: Record<string, unknown> }[] = [
  { name: 'no filter', first: { first: 20 }, deep: { first: 20, after: deepCursor } },
  { name: 'no filter, backward (last/before)', first: { last: 20 }, deep: { last: 20, before: deepCursor } },
  { name: 'order DESC', first: { first: 20, order: 'DESC' }, deep: { first: 20, order: 'DESC', after: deepCursor } },
  {
    name: 'from/to 2000..2020',
    first: { first: 20, filter: { from: '2000', to: '2020' } },
    deep: { first: 20, filter: { from: '2000', to: '2020' }, after: encodeCursor('timeline', ['2019-06-01', 3, 0, 0]) },
  },
  { name: 'types: [STATEMENT]', first: { first: 20, filter: { types: ['STATEMENT'] } }, deep: { first: 20, filter: { types: ['STATEMENT'] }, after: deepCursor } },
  { name: 'actors: [one actor]', first: { first: 20, filter: actorFilter }, deep: { first: 20, filter: actorFilter, after: actorDeepCursor } },
];
console.log('| timeline page | first page (ms) | 90% deep (ms) | deep / first |');
console.log('|---|---:|---:|---:|');
for (const c of pages.filter((p) => wanted(p.name))) {
  const first = await time(PAGE, c.first);
  const deepPage = await time(PAGE, c.deep);
  if (deepPage.data.timeline.edges.length !== 20) throw new Error(`${c.name}: the deep page has ${deepPage.data.timeline.edges.length} items`);
  console.log(`| ${c.name} | ${first.ms.toFixed(1)} | ${deepPage.ms.toFixed(1)} | ${(deepPage.ms / first.ms).toFixed(2)} |`);
}

// Nested pages for many parents: one request, then ten at once (each actor's page is read from its own index
// entries, so neither should grow with the actor's number of items).
const nested = ['statements', 'events'].map((field) => ({
  name: `100 actors x 10 ${field}`,
  query: `{ actors(first: 100) { edges { node { name ${field}(first: 10) { edges { node { title } } } } } } }`,
}));
if (nested.some((n) => wanted(n.name))) {
  console.log('\n| nested pages | one request, median (ms) | ten at once: all answered in (ms) |');
  console.log('|---|---:|---:|');
}
for (const n of nested.filter((n) => wanted(n.name))) {
  const { ms, data } = await time(n.query);
  if (data.actors.edges.length !== 100) throw new Error(`${n.name}: ${data.actors.edges.length} actors`);
  const started = performance.now();
  const ten = await Promise.allSettled(Array.from({ length: 10 }, () => run(n.query)));
  const elapsed = (performance.now() - started).toFixed(0);
  const failed = ten.filter((r) => r.status === 'rejected');
  const failure = failed.length ? (failed[0] as PromiseRejectedResult).reason.message.split('\n').at(-1).slice(0, 100) : '';
  console.log(`| ${n.name} | ${ms.toFixed(1)} | ${failed.length ? `${failed.length} of 10 failed in ${elapsed} ms: ${failure}` : elapsed} |`);
}

const aggregates: { name: string; query: string; variables?: Record<string, unknown>; show: (data: any) => string }[] = [
  { name: 'timeline totalCount', query: `{ timeline(first: 1) { totalCount } }`, show: (d) => String(d.timeline.totalCount) },
  { name: 'timeline totalCountEstimate', query: `{ timeline(first: 1) { totalCountEstimate } }`, show: (d) => String(d.timeline.totalCountEstimate) },
  {
    name: 'timeline totalCount, from/to 2000..2020',
    query: `{ timeline(first: 1, filter: { from: "2000", to: "2020" }) { totalCount } }`,
    show: (d) => String(d.timeline.totalCount),
  },
  {
    name: 'timeline totalCountEstimate, from/to 2000..2020',
    query: `{ timeline(first: 1, filter: { from: "2000", to: "2020" }) { totalCountEstimate } }`,
    show: (d) => String(d.timeline.totalCountEstimate),
  },
  {
    name: 'timeline totalCount, one actor',
    query: `query($f: TimelineFilter) { timeline(first: 1, filter: $f) { totalCount } }`,
    variables: { f: actorFilter },
    show: (d) => String(d.timeline.totalCount),
  },
  {
    name: 'timeline totalCountEstimate, one actor',
    query: `query($f: TimelineFilter) { timeline(first: 1, filter: $f) { totalCountEstimate } }`,
    variables: { f: actorFilter },
    show: (d) => String(d.timeline.totalCountEstimate),
  },
  { name: 'statements totalCount', query: `{ statements(first: 1) { totalCount } }`, show: (d) => String(d.statements.totalCount) },
  { name: 'claims totalCount', query: `{ claims(first: 1) { totalCount } }`, show: (d) => String(d.claims.totalCount) },
  ...(['YEAR', 'MONTH', 'DAY'] as const).map((g) => ({
    name: `timeline buckets(${g})`,
    query: `{ timeline(first: 1) { buckets(granularity: ${g}) { count } } }`,
    show: (d: any) => `${d.timeline.buckets.length} buckets`,
  })),
  {
    name: 'timeline buckets(YEAR), one actor',
    query: `query($f: TimelineFilter) { timeline(first: 1, filter: $f) { buckets(granularity: YEAR) { count } } }`,
    variables: { f: actorFilter },
    show: (d) => `${d.timeline.buckets.length} buckets`,
  },
  ...['4242', 'ceasefire', 'generated'].flatMap((q) => [
    {
      name: `search "${q}", first 10`,
      query: `query($q: String!) { search(query: $q, first: 10) { edges { rank node { __typename } } } }`,
      variables: { q },
      show: (d: any) => `${d.search.edges.length} results`,
    },
    {
      name: `search "${q}" totalCount`,
      query: `query($q: String!) { search(query: $q, first: 1) { totalCount } }`,
      variables: { q },
      show: (d: any) => String(d.search.totalCount),
    },
    {
      name: `search "${q}" totalCountEstimate`,
      query: `query($q: String!) { search(query: $q, first: 1) { totalCountEstimate } }`,
      variables: { q },
      show: (d: any) => String(d.search.totalCountEstimate),
    },
  ]),
];
console.log('\n| query | median (ms) | answer |');
console.log('|---|---:|---|');
for (const a of aggregates.filter((a) => wanted(a.name))) {
  try {
    const { ms, data } = await time(a.query, a.variables, Math.min(RUNS, 5));
    console.log(`| ${a.name} | ${ms.toFixed(1)} | ${a.show(data)} |`);
  } catch (error) {
    console.log(`| ${a.name} | - | ${(error as Error).message.split('\n').at(-1)!.slice(0, 120)} |`);
  }
}
await handle.close();
