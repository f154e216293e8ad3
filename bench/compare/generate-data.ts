// Builds the comparison's database: a fresh Postgres database migrated by
// claimline, filled by bench/generate.ts (events, statements, one claim each)
// and widened here with the fan-out the compared queries walk: signatories,
// claims appearing in two statements, relations between claims.
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { generateTimeline } from '../generate.js';

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

export async function generateData(options: DataOptions): Promise<void> {
  const admin = postgres(options.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${options.name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${options.name}"`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ url: databaseUrl(options.adminUrl, options.name), statementTimeoutMs: 600_000 });
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    await generateTimeline(db, { items: options.items, prefix: 'gen' });
    // Three signatories per statement after its author, so participant lists have several rows.
    await db.execute(sql`INSERT INTO statement_participants (statement_id, actor_id, role, position)
      SELECT s.id, a.id, CASE WHEN k = 1 THEN 'LEAD_SIGNATORY' ELSE 'SIGNATORY' END, k
      FROM statements s CROSS JOIN generate_series(1, 3) k
      JOIN actors a ON a.slug = 'gen-actor-' || (1 + (s.id * 13 + k * 101) % 500)
      ON CONFLICT DO NOTHING`);
    // Each statement also holds the next statement's claim, second.
    await db.execute(sql`INSERT INTO claim_appearances (claim_id, statement_id, position)
      SELECT ca.claim_id, ca.statement_id - 1, 1 FROM claim_appearances ca
      WHERE EXISTS (SELECT 1 FROM statements s WHERE s.id = ca.statement_id - 1)
      ON CONFLICT DO NOTHING`);
    // Two relations out of every claim, asserted in its statement: one REBUTS, one SUPPORTS.
    await db.execute(sql`INSERT INTO claim_relations (kind, from_claim_id, to_claim_id, statement_id, created_on)
      SELECT r.kind, c.id, t.id, ca.statement_id, s.date_earliest
      FROM claims c
      JOIN claim_appearances ca ON ca.claim_id = c.id AND ca.position = 0
      JOIN statements s ON s.id = ca.statement_id
      CROSS JOIN (VALUES ('REBUTS', 7919), ('SUPPORTS', 104729)) r(kind, step)
      JOIN claims t ON t.id = (SELECT min(id) FROM claims) + CAST((CAST(c.id AS bigint) * r.step) % (SELECT count(*) FROM claims) AS integer)
      WHERE t.id <> c.id
      ON CONFLICT DO NOTHING`);
    // Claim texts repeat in the base set; numbering them makes the equality checks meaningful.
    await db.execute(sql`UPDATE claims SET text = text || ' #' || id`);
    await db.execute(sql`ANALYZE`);
  } finally {
    await handle.close();
  }
}
