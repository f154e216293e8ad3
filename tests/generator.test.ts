// The benchmark generator (bench/generate.ts): its fan-out holds together
// (each appearance's excerpt quotes its claim where its source has it), and
// loading without indexes puts back every key, foreign key and index as it was.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTimeline, withoutIndexes } from '../bench/generate.js';
import { selectRows } from '../src/db/rows.js';
import { createTestDatabase, databaseLabel, type TestDatabase } from './helpers/database.js';

const ITEMS = 4_000;
let database: TestDatabase;

/** Every index and key of the public schema, by name, with its definition. */
async function definitions(): Promise<string[]> {
  const rows = await selectRows<{ d: string }>(
    database.handle.db,
    sql`SELECT indexname || ': ' || indexdef AS d FROM pg_indexes WHERE schemaname = 'public'
      UNION ALL SELECT c.conname || ': ' || pg_get_constraintdef(c.oid) FROM pg_constraint c
        JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
      ORDER BY 1`,
  );
  return rows.map((r) => r.d);
}

let before: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  before = await definitions();
  await withoutIndexes(database.handle.db, async () => {
    // Nothing but the check constraints is left while the rows go in.
    const during = await selectRows<{ n: number }>(
      database.handle.db,
      sql`SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = 'public'`,
    );
    expect(during[0]!.n).toBe(0);
    await generateTimeline(database.handle.db, { items: ITEMS, prefix: 'gen', actors: 250, topics: 5, fanOut: true });
  });
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe(`the benchmark generator (${databaseLabel})`, () => {
  it('puts back every key, foreign key and index after a load without them', async () => {
    expect(before.length).toBeGreaterThan(50);
    expect(await definitions()).toEqual(before);
  });

  it('anchors every appearance with an excerpt quoting its claim at its span', async () => {
    const [row] = await selectRows<{ appearances: number; anchored: number; statements: number; participants: number; relations: number }>(
      database.handle.db,
      sql`SELECT
        (SELECT count(*)::int FROM claim_appearances) AS appearances,
        (SELECT count(*)::int FROM claim_appearances ca
          JOIN appearance_excerpts ae ON ae.appearance_id = ca.id JOIN excerpts x ON x.id = ae.excerpt_id
          JOIN sources s ON s.id = x.source_id JOIN claims c ON c.id = ca.claim_id
          WHERE x.quote = c.text AND substr(s.text, x.start + 1, x."end" - x.start) = x.quote
            AND right(substr(s.text, 1, x.start), 32) = x.prefix AND left(substr(s.text, x."end" + 1), 32) = x.suffix) AS anchored,
        (SELECT count(*)::int FROM statements) AS statements,
        (SELECT count(*)::int FROM statement_participants) AS participants,
        (SELECT count(*)::int FROM claim_relations) AS relations`,
    );
    const statements = ITEMS - ITEMS / 4;
    expect(row!.statements).toBe(statements);
    expect(row!.appearances).toBe(2 * statements - 1);
    expect(row!.anchored).toBe(row!.appearances);
    // An author and three signatories each.
    expect(row!.participants).toBe(4 * statements);
    // REBUTS and SUPPORTS out of every claim, but never to itself.
    expect(row!.relations).toBeGreaterThan(2 * statements - 10);
  });
});
