// A fresh, migrated database per test file: PGlite in memory, or, when
// TEST_DATABASE_URL is set, a new database created on that Postgres server.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** SQL statements sent since the last reset (for N+1 checks). */
  queries: string[];
  drop(): Promise<void>;
}

export const serverUrl = process.env.TEST_DATABASE_URL || undefined;
export const databaseLabel = serverUrl ? 'postgres' : 'pglite';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const queries: string[] = [];
  const onQuery = (query: string) => queries.push(query);
  if (!serverUrl) {
    const handle = await openDatabase({ onQuery });
    await migrateDatabase(handle);
    queries.length = 0;
    return { handle, queries, drop: () => handle.close() };
  }
  const name = `claimline_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const handle = await openDatabase({ url: withDatabase(serverUrl, name), onQuery });
  await migrateDatabase(handle);
  queries.length = 0;
  return {
    handle,
    queries,
    drop: async () => {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
