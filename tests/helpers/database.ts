// A fresh, migrated database per test file: PGlite in memory, or, when
// TEST_DATABASE_URL is set, a new database created on that Postgres server.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { readImage } from './database-images.js';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** SQL statements sent since the last reset (for N+1 checks). */
  queries: string[];
  drop(): Promise<void>;
  /**
   * Replaces a database nothing has touched yet with a copy of the shared seeded
   * image (PGlite only); false when there is none, and the caller seeds itself.
   */
  reopenSeeded(): Promise<boolean>;
}

export const serverUrl = process.env.TEST_DATABASE_URL || undefined;
export const databaseLabel = serverUrl ? 'postgres' : 'pglite';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** `seeded`: start from the shared seeded image when there is one (seedCurated then has nothing to do). */
export async function createTestDatabase(options: { seeded?: boolean } = {}): Promise<TestDatabase> {
  const queries: string[] = [];
  const onQuery = (query: string) => queries.push(query);
  if (!serverUrl) {
    const seededImage = options.seeded ? await readImage('seeded') : undefined;
    const image = seededImage ?? (await readImage('migrated'));
    const handle = await openDatabase({ onQuery, loadDataDir: image });
    if (!image) await migrateDatabase(handle);
    queries.length = 0;
    let seeded = !!seededImage;
    const database: TestDatabase = {
      handle,
      queries,
      drop: () => database.handle.close(),
      reopenSeeded: async () => {
        if (queries.length) return false;
        if (seeded) return true;
        const image = await readImage('seeded');
        if (!image) return false;
        await database.handle.close();
        database.handle = await openDatabase({ onQuery, loadDataDir: image });
        queries.length = 0;
        seeded = true;
        return true;
      },
    };
    return database;
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
    reopenSeeded: async () => false,
  };
}
