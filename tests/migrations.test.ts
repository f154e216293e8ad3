// Schema migrations run on a connection of their own, without the statement
// timeout meant for requests: one that rewrites a large table may take minutes,
// and a server must still start. Postgres only (PGlite sets no timeout).
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { serverUrl } from './helpers/database.js';

describe.runIf(serverUrl)('migrations on Postgres', () => {
  it('are not cancelled by the statement timeout every other statement runs under', async () => {
    const name = `claimline_migrations_${randomBytes(6).toString('hex')}`;
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    // 1 ms: the migrations' statements (and the driver's first catalog query) take longer, and would be cancelled under it.
    const handle = await openDatabase({ url: url.toString(), statementTimeoutMs: 1 });
    const check = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      await migrateDatabase(handle);
      const [tables] = await check`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`;
      expect(tables!.n).toBeGreaterThan(10);
    } finally {
      await check.end();
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
