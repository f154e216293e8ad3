// Export benchmark: memory stays flat and rows stream fast whatever the size.
// Generates claims (each with an appearance in its own statement, an asserting
// participant, a topic stance and an excerpt) in a throwaway Postgres database,
// in growing stages, and at each stage exports every claim as NDJSON and CSV
// to /dev/null, from the command line and over HTTP (the server started as
// `npm start` runs it). For each run: rows/s, and the peak RSS of the process
// doing the export (from /proc, VmHWM), so peak RSS can be read against rows.
// Both run the compiled JavaScript in dist/, as `npm start` and `npm run export`
// do (the benchmark compiles it first).
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/export.ts
//   BENCH_STAGES=100000,300000,1000000 (claims after each stage; the default)
//   BENCH_KEEP=exp_export (optional: generate into this database, keep it, and
//     reuse the claims it already holds next time instead of dropping it)
//   BENCH_VIA=cli,http and BENCH_FORMATS=ndjson,csv (optional: run only these)
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { generateTimeline } from './generate.js';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STAGES = (process.env.BENCH_STAGES ?? '100000,300000,1000000').split(',').map(Number);
const PORT = Number(process.env.BENCH_PORT ?? 4790);
const KEEP = process.env.BENCH_KEEP;
const VIA = (process.env.BENCH_VIA ?? 'cli,http').split(',');
const FORMATS = (process.env.BENCH_FORMATS ?? 'ndjson,csv').split(',') as ('ndjson' | 'csv')[];

/** Peak resident set of a running process so far, in MB (Linux). */
function peakMb(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a child's peak RSS until it exits (the last sample before exit is its peak). */
function watchPeak(child: ChildProcess): () => number {
  let peak = 0;
  const timer = setInterval(() => {
    const mb = child.pid ? peakMb(child.pid) : null;
    if (mb) peak = Math.max(peak, mb);
  }, 20);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

/** Runs a compiled module of dist/ as the npm scripts do: `node dist/...`, no TypeScript loader. */
function node(args: string[], env: Record<string, string>) {
  return spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function cliRun(databaseUrl: string, format: 'ndjson' | 'csv') {
  const started = Date.now();
  const child = node(['dist/cli/export.js', 'claims', '--format', format, '--out', '/dev/null'], { DATABASE_URL: databaseUrl });
  const stop = watchPeak(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  const peak = stop();
  if (code !== 0) throw new Error(`export exited with ${code}: ${stderr}`);
  return { seconds: (Date.now() - started) / 1000, peak };
}

async function startServer(databaseUrl: string): Promise<ChildProcess> {
  const child = node(['dist/main.js'], { DATABASE_URL: databaseUrl, PORT: String(PORT), HOST: '127.0.0.1', SEED_ON_START: 'false', LOG_LEVEL: 'error' });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('the server did not start');
}

async function httpRun(server: ChildProcess, format: 'ndjson' | 'csv') {
  const started = Date.now();
  const response = await fetch(`http://127.0.0.1:${PORT}/export/claims.${format}`);
  let firstByteMs = 0;
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (!bytes) firstByteMs = Date.now() - started;
    bytes += chunk.length;
  }
  return { seconds: (Date.now() - started) / 1000, peak: peakMb(server.pid!) ?? 0, firstByteMs, bytes };
}

/** Adds `claims` claims, each with a statement, an AUTHOR (so a claimant), a topic stance, an appearance and an excerpt. */
async function addClaims(databaseUrl: string, stage: number, claims: number): Promise<void> {
  const handle = await openDatabase({ url: databaseUrl, statementTimeoutMs: 3_600_000 });
  const db = handle.db;
  const prefix = `s${stage}`;
  // generateTimeline makes a quarter events and three quarters statements, one claim per statement.
  await generateTimeline(db, { items: Math.ceil((claims * 4) / 3), prefix, actors: 200, topics: 10 });
  const [source] = await db.execute<{ id: number }>(sql`INSERT INTO sources (slug, title, kind, text)
    VALUES (${`${prefix}-source`}, 'Generated source', 'OTHER', repeat('Generated text, "quoted", with commas. ', 100)) RETURNING id`) as unknown as { id: number }[];
  await db.execute(sql`INSERT INTO excerpts (source_id, start, "end", quote, prefix, suffix)
    SELECT ${source!.id}, ca.id, ca.id + 24, 'Generated text, "quoted"', '', ''
    FROM claim_appearances ca JOIN claims c ON c.id = ca.claim_id WHERE c.slug LIKE ${`${prefix}-claim-%`}`);
  await db.execute(sql`INSERT INTO appearance_excerpts (appearance_id, excerpt_id)
    SELECT ca.id, x.id FROM claim_appearances ca JOIN claims c ON c.id = ca.claim_id
    JOIN excerpts x ON x.source_id = ${source!.id} AND x.start = ca.id WHERE c.slug LIKE ${`${prefix}-claim-%`}`);
  await db.execute(sql`ANALYZE`);
  await handle.close();
}

async function claimCount(databaseUrl: string): Promise<number> {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client`SELECT count(*)::int AS n FROM claims`;
    return Number(row!.n);
  } finally {
    await client.end();
  }
}

async function main() {
  if (KEEP && !/^[a-z_][a-z0-9_]*$/.test(KEEP)) throw new Error('BENCH_KEEP must be a plain database name');
  const name = KEEP ?? `claimline_bench_export_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
  if (!exists) await admin.unsafe(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const databaseUrl = target.toString();
  const results: string[] = [];
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
  try {
    const handle = await openDatabase({ url: databaseUrl });
    await migrateDatabase(handle);
    await handle.close();
    let total = await claimCount(databaseUrl);
    for (const stage of STAGES) {
      if (stage > total) {
        const started = Date.now();
        // The stage's slug prefix is the count before it, so a kept database can grow again.
        await addClaims(databaseUrl, total, stage - total);
        console.error(`generated ${stage - total} claims in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
      total = await claimCount(databaseUrl);
      if (total !== stage) console.error(`the database holds ${total} claims (asked for ${stage})`);
      if (VIA.includes('cli')) for (const format of FORMATS) {
        const cli = await cliRun(databaseUrl, format);
        results.push(`| ${total.toLocaleString('en')} | CLI  | ${format.padEnd(6)} | ${Math.round(total / cli.seconds).toLocaleString('en')} | ${cli.peak.toFixed(0)} MB | |`);
        console.error(results.at(-1));
      }
      if (!VIA.includes('http')) continue;
      // A fresh server per stage, so its peak RSS is this stage's.
      const server = await startServer(databaseUrl);
      try {
        for (const format of FORMATS) {
          const run = await httpRun(server, format);
          results.push(
            `| ${total.toLocaleString('en')} | HTTP | ${format.padEnd(6)} | ${Math.round(total / run.seconds).toLocaleString('en')} | ${run.peak.toFixed(0)} MB | first bytes after ${run.firstByteMs} ms, ${(run.bytes / 2 ** 20).toFixed(0)} MiB |`,
          );
          console.error(results.at(-1));
        }
      } finally {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.on('exit', resolve));
      }
    }
    console.log('| claims | via | format | rows/s | peak RSS | |');
    console.log('|---:|---|---|---:|---:|---|');
    for (const line of results) console.log(line);
  } finally {
    if (!KEEP) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
