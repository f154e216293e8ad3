// The comparison's queries (bench/compare/queries.ts) on the embedded database
// against the same on a Postgres server: one data set generated into a PGlite
// data directory and into a Postgres database (the generator is deterministic,
// so ids, keys and answers agree), each query answered by claimline's GraphQL
// server in this process, one request at a time (PGlite serves one at a time),
// the answers checked equal, and the median times compared.
//
//   npx tsx bench/embedded.ts                       # 100,000 items
//   npx tsx bench/embedded.ts --items 20000 --runs 9
// The data directory (in the system's temp folder unless --data-dir) and the
// database (m1_embedded_<items>) are made when missing and kept for the next run.
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { selectRows } from '../src/db/rows.js';
import { createServer } from '../src/server.js';
import { databaseUrl, generateData, hasData } from './compare/generate-data.js';
import { compareQueries, loadFixtures } from './compare/queries.js';
import { generateTimeline, withoutIndexes } from './generate.js';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    items: { type: 'string', default: '100000' },
    'data-dir': { type: 'string' },
    database: { type: 'string' },
    runs: { type: 'string', default: '15' },
  },
});
const items = Number(args.items);
const dataDir = args['data-dir'] ?? join(tmpdir(), `claimline-bench-pglite-${items}`);
const pg = { adminUrl: args.url!, name: args.database ?? `m1_embedded_${items}`, items };
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** The same set as the comparison's generate-data.ts, into a PGlite data directory. */
async function generatePglite(): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  const handle = await openDatabase({ dataDir, holder: 'bench/embedded.ts' });
  try {
    await migrateDatabase(handle);
    await withoutIndexes(handle.db, () => generateTimeline(handle.db, { items, prefix: 'gen', fanOut: true, analyze: false }));
    await handle.db.execute(sql`VACUUM (ANALYZE)`);
  } catch (error) {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  await handle.close();
}

async function itemCount(handle: DatabaseHandle): Promise<number> {
  const [row] = await selectRows<{ n: number }>(handle.db, sql`SELECT ((SELECT count(*) FROM events) + (SELECT count(*) FROM statements))::int AS n`);
  return Number(row?.n);
}

let pglite = existsSync(dataDir) ? await openDatabase({ dataDir, holder: 'bench/embedded.ts' }) : null;
if (!pglite || (await itemCount(pglite)) !== items) {
  await pglite?.close();
  const started = performance.now();
  await generatePglite();
  console.log(`generated ${items} items into a PGlite data directory in ${seconds(started)}`);
  pglite = await openDatabase({ dataDir, holder: 'bench/embedded.ts' });
}
if (!(await hasData(pg))) {
  const started = performance.now();
  await generateData(pg);
  console.log(`generated ${items} items into Postgres database ${pg.name} in ${seconds(started)}`);
}
const server = await openDatabase({ url: databaseUrl(pg.adminUrl, pg.name), statementTimeoutMs: 600_000 });

// The fixtures come from the Postgres copy; PostGraphile's cursors are not needed here.
const fixtureDb = postgres(databaseUrl(pg.adminUrl, pg.name), { max: 1, onnotice: () => {} });
const noCursor = { edges: [{ cursor: '' }] };
const fixtures = await loadFixtures(fixtureDb, async () => ({ allStatements: noCursor, e: noCursor, s: noCursor }));
await fixtureDb.end();

const yogas = { pglite: createServer({ database: pglite }), postgres: createServer({ database: server }) };
async function ask(target: keyof typeof yogas, body: string): Promise<unknown> {
  const response = await yogas[target].fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await response.json()) as { data?: unknown; errors?: unknown };
  if (json.errors) throw new Error(`${target}: ${JSON.stringify(json.errors)}`);
  return json.data;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function time(target: keyof typeof yogas, body: string): Promise<{ ms: number; data: unknown }> {
  const data = await ask(target, body);
  const times: number[] = [];
  for (let i = 0; i < Number(args.runs); i++) {
    const started = performance.now();
    await ask(target, body);
    times.push(performance.now() - started);
  }
  return { ms: median(times), data };
}

console.log(`\n${items} items; median of ${args.runs} requests each, one at a time, in-process\n`);
console.log('| query | PGlite (ms) | Postgres (ms) | PGlite / Postgres |');
console.log('|---|---:|---:|---:|');
const ratios: number[] = [];
for (const [index, query] of compareQueries(fixtures).entries()) {
  const body = JSON.stringify(query.claimline);
  // Alternate which goes first, so neither always runs right after the other has warmed the machine.
  const [embedded, onServer] =
    index % 2 === 0
      ? [await time('pglite', body), await time('postgres', body)]
      : await Promise.resolve(time('postgres', body)).then(async (p) => [await time('pglite', body), p] as const);
  if (!isDeepStrictEqual(query.canon.claimline(embedded.data), query.canon.claimline(onServer.data))) {
    throw new Error(`${query.name}: PGlite and Postgres answer differently`);
  }
  ratios.push(embedded.ms / onServer.ms);
  console.log(`| ${query.name} | ${embedded.ms.toFixed(1)} | ${onServer.ms.toFixed(1)} | ${(embedded.ms / onServer.ms).toFixed(2)} |`);
}
const sorted = [...ratios].sort((a, b) => a - b);
console.log(`\nratio PGlite / Postgres: median ${median(ratios).toFixed(2)}, from ${sorted[0]!.toFixed(2)} to ${sorted.at(-1)!.toFixed(2)}`);
await pglite.close();
await server.close();
