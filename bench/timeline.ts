// Timeline benchmark: generates a large timeline (100,000 items by default) in a
// throwaway database, then times the first page against a deep page, forward
// and backward, with and without filters, through the GraphQL server, and
// prints the EXPLAIN of the page query for each case.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
//   BENCH_ITEMS=200000 npm run bench          (PGlite in memory when no URL)
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { selectRows } from '../src/db/rows.js';
import { timelinePageQuery, type TimelineScope, WHOLE_TIMELINE } from '../src/loaders/timeline.js';
import { encodeCursor } from '../src/pagination/cursor.js';
import { planPage } from '../src/pagination/page-args.js';
import { createServer } from '../src/server.js';
import { generateTimeline } from './generate.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const url = process.env.BENCH_DATABASE_URL;

async function open(): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (!url) {
    const handle = await openDatabase({});
    return { handle, drop: () => handle.close() };
  }
  const name = `claimline_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ url: target.toString() });
  return {
    handle,
    drop: async () => {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const PAGE = `query Page($filter: TimelineFilter, $order: SortDirection, $first: Int, $after: String, $last: Int, $before: String) {
  timeline(filter: $filter, order: $order, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor date { edtf } node { __typename ... on Event { id title } ... on Statement { id title } } }
    pageInfo { hasNextPage hasPreviousPage }
  }
}`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main() {
  const { handle, drop } = await open();
  try {
    await migrateDatabase(handle);
    const started = performance.now();
    await generateTimeline(handle.db, { items: ITEMS, prefix: 'bench' });
    console.log(`generated ${ITEMS} timeline items on ${handle.driver} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

    const server = createServer({ database: handle });
    const run = async (variables: Record<string, unknown>) => {
      const response = await server.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: PAGE, variables }),
      });
      const body = (await response.json()) as { errors?: unknown; data?: { timeline: { edges: unknown[] } } };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!.timeline.edges.length;
    };
    const time = async (variables: Record<string, unknown>) => {
      await run(variables);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await run(variables);
        times.push(performance.now() - t0);
      }
      return median(times);
    };

    // A cursor ~90% of the way down the whole timeline, read straight from the
    // key columns (the API would need thousands of page requests to get there).
    const [deep] = await selectRows<{ day: string; rank: number; type: number; id: number }>(
      handle.db,
      sql`SELECT CAST(day AS text) AS day, rank, type, id FROM (
        SELECT start_earliest AS day, start_rank AS rank, 0 AS type, id FROM events
        UNION ALL SELECT date_earliest, date_rank, 1, id FROM statements) t
        ORDER BY day, rank, type, id OFFSET ${Math.floor(ITEMS * 0.9)} LIMIT 1`,
    );
    const deepCursor = encodeCursor('timeline', [deep!.day, Number(deep!.rank), Number(deep!.type), Number(deep!.id)]);
    const [actor] = await selectRows<{ id: number }>(handle.db, sql`SELECT id FROM actors WHERE slug = 'bench-actor-7'`);
    const actorId = Buffer.from(`Actor:${actor!.id}`).toString('base64');

    const cases: { name: string; first: Record<string, unknown>; deep: Record<string, unknown>; scope: Partial<TimelineScope> }[] = [
      { name: 'no filter', first: { first: 20 }, deep: { first: 20, after: deepCursor }, scope: {} },
      { name: 'no filter, backward (last/before)', first: { last: 20 }, deep: { last: 20, before: deepCursor }, scope: {} },
      { name: 'order DESC', first: { first: 20, order: 'DESC' }, deep: { first: 20, order: 'DESC', after: deepCursor }, scope: {} },
      {
        name: 'from/to 2000..2020',
        first: { first: 20, filter: { from: '2000', to: '2020' } },
        deep: { first: 20, filter: { from: '2000', to: '2020' }, after: encodeCursor('timeline', ['2019-06-01', 3, 0, 0]) },
        scope: { from: '2000-01-01', to: '2020-12-31' },
      },
      {
        name: 'types: [STATEMENT]',
        first: { first: 20, filter: { types: ['STATEMENT'] } },
        deep: { first: 20, filter: { types: ['STATEMENT'] }, after: deepCursor },
        scope: { types: ['STATEMENT'] },
      },
      {
        name: 'actors: [one actor]',
        first: { first: 20, filter: { actors: [actorId] } },
        deep: { first: 20, filter: { actors: [actorId] }, after: deepCursor },
        scope: { actorIds: [actor!.id] },
      },
    ];

    console.log('| case | first page (ms) | deep page, ~90% in (ms) | ratio | SQL first (ms) | SQL deep (ms) |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const plans: string[] = [];
    for (const c of cases) {
      const scope: TimelineScope = {
        ...WHOLE_TIMELINE,
        ...c.scope,
      };
      const explain = async (variables: Record<string, unknown>) => {
        const args = variables as { first?: number; last?: number; after?: string; before?: string; order?: string };
        const query = timelinePageQuery(scope, planPage(args, 'timeline'), args.order === 'DESC')!;
        const rows = await selectRows<{ 'QUERY PLAN': string }>(handle.db, sql`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${query}`);
        const text = rows.map((r) => r['QUERY PLAN']).join('\n');
        return { text, ms: Number(/Execution Time: ([\d.]+)/.exec(text)?.[1]) };
      };
      const first = await time(c.first);
      const deepMs = await time(c.deep);
      const [sqlFirst, sqlDeep] = [await explain(c.first), await explain(c.deep)];
      console.log(
        `| ${c.name} | ${first.toFixed(1)} | ${deepMs.toFixed(1)} | ${(deepMs / first).toFixed(2)} | ${sqlFirst.ms.toFixed(2)} | ${sqlDeep.ms.toFixed(2)} |`,
      );
      plans.push(`--- ${c.name} (deep page)\n${sqlDeep.text}`);
    }
    console.log(`\npage times: median of ${RUNS} requests through the GraphQL server (page query + batched node loads + JSON);`);
    console.log('SQL: execution time of the page query alone (EXPLAIN ANALYZE)\n');
    console.log(plans.join('\n\n'));
  } finally {
    await drop();
  }
}

await main();
