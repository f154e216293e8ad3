// Builds the comparison's database: a fresh Postgres database migrated by
// claimline and filled by bench/generate.ts with its fan-out (signatories,
// claims appearing in two statements, relations between claims, sources and
// excerpts, events), its indexes and keys built once after the load.
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { generateTimeline, withoutIndexes } from '../generate.js';

export interface DataOptions {
  /** Server URL whose database `name` is dropped and made again. */
  adminUrl: string;
  name: string;
  items: number;
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** True when the database exists and holds a generated set of this size. */
export async function hasData(options: DataOptions): Promise<boolean> {
  const admin = postgres(options.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`SELECT 1 FROM pg_database WHERE datname = ${options.name}`;
    if (!row) return false;
  } finally {
    await admin.end();
  }
  const db = postgres(databaseUrl(options.adminUrl, options.name), { max: 1, onnotice: () => {} });
  try {
    const [row] = await db`SELECT (SELECT count(*) FROM statements) + (SELECT count(*) FROM events) AS n`;
    return Number(row?.n) === options.items;
  } catch {
    return false;
  } finally {
    await db.end();
  }
}

/** Drops and makes the database, then fills it; prints each step's time when `log` is given. */
export async function generateData(options: DataOptions, log?: (line: string) => void): Promise<void> {
  const admin = postgres(options.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${options.name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${options.name}"`);
  } finally {
    await admin.end();
  }
  // One connection, so the session settings below hold for every statement.
  const handle = await openDatabase({ url: databaseUrl(options.adminUrl, options.name), statementTimeoutMs: 0, maxConnections: 1 });
  const onStep = (step: string, ms: number) => log?.(`  ${step}: ${(ms / 1000).toFixed(1)} s`);
  let done = false;
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    // Index builds sort in memory; nothing here needs to wait for the disk at each commit.
    await db.execute(sql`SET maintenance_work_mem = '512MB'`);
    await db.execute(sql`SET synchronous_commit = off`);
    await withoutIndexes(db, () => generateTimeline(db, { items: options.items, prefix: 'gen', fanOut: true, analyze: false, onStep }), onStep);
    // Sets the visibility map (index-only scans then skip the heap) and the statistics, as a database in use would have them.
    const started = performance.now();
    await db.execute(sql`VACUUM (ANALYZE)`);
    onStep('vacuum', performance.now() - started);
    done = true;
  } finally {
    await handle.close();
    // A half-made database would pass hasData's count; it goes.
    if (!done) {
      const cleanup = postgres(options.adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS "${options.name}" WITH (FORCE)`).finally(() => cleanup.end());
    }
  }
}
