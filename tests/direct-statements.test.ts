// Statements built once run without drizzle (src/db/direct-statement.ts): the
// rows they give, what they log and how they fail are drizzle's own, on either
// database.
import { count, DrizzleQueryError, eq, getTableColumns, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directDriverOf } from '../src/db/client.js';
import { directStatement, type Executable } from '../src/db/direct-statement.js';
import { rowColumns } from '../src/db/row-columns.js';
import { actors, affiliations, changeEntries, changes, statements } from '../src/db/schema.js';
import { builtStatementCount, MAX_BUILT_STATEMENTS, preparedOnce } from '../src/loaders/prepared-statements.js';
import { seedCurated } from './helpers/api.js';
import { createTestDatabase, databaseLabel, type TestDatabase } from './helpers/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
  await seedCurated(database);
  const db = database.handle.db;
  const [change] = await db.insert(changes).values({ author: 'test', mutation: 'test' }).returning({ id: changes.id });
  await db.insert(changeEntries).values([
    { changeId: change!.id, position: 0, operation: 'UPDATE', tableName: 'actors', rowKey: { id: 1 }, nodeType: 'Actor', nodeId: 1, before: { name: 'a', n: [1, 2] }, after: null },
  ]);
});
afterAll(() => database?.drop());

/** The statement run both ways: drizzle's execute and the direct one, with the statements each logged. */
async function bothWays(prepared: { execute(values?: Record<string, unknown>): Promise<unknown> }, values?: Record<string, unknown>) {
  const direct = directStatement<unknown[]>(prepared, directDriverOf(database.handle.db)!) as Executable<unknown[]>;
  expect(direct).toBeDefined();
  database.queries.length = 0;
  const viaDrizzle = await prepared.execute(values);
  const drizzleLog = [...database.queries];
  database.queries.length = 0;
  const viaDriver = await direct.execute(values);
  const directLog = [...database.queries];
  return { viaDrizzle, viaDriver, drizzleLog, directLog };
}

describe(`statements run without drizzle (${databaseLabel})`, () => {
  it('give the rows drizzle gives: table columns, nested selections, SQL values with and without decoders, dates and JSON', async () => {
    const db = database.handle.db;
    const prepared = db
      .select({
        parent: sql<number>`p.parent`,
        node: rowColumns(statements),
        keys: sql<unknown[]>`json_build_array(${statements.dateEarliest}, ${statements.id})`,
        counted: sql<number>`count(*) over ()`.mapWith(Number),
        nested: { title: statements.title, nothing: sql<null>`NULL` },
      })
      .from(sql`unnest(CAST(${sql.placeholder('ids')} AS integer[])) AS p(parent)`)
      .innerJoin(statements, sql`${getTableColumns(statements).id} = p.parent`)
      .orderBy(sql`p.parent`)
      .prepare('test-nested');
    const { viaDrizzle, viaDriver, drizzleLog, directLog } = await bothWays(prepared, { ids: [3, 1, 2, 999] });
    expect((viaDrizzle as unknown[]).length).toBe(3);
    expect(viaDriver).toStrictEqual(viaDrizzle);
    expect(Object.keys((viaDriver as Record<string, unknown>[])[0]!)).toEqual(['parent', 'node', 'keys', 'counted', 'nested']);
    expect(directLog).toEqual(drizzleLog);
    expect(directLog).toHaveLength(1);
  });

  it('make a left-joined table null where drizzle does', async () => {
    const db = database.handle.db;
    const prepared = db
      .select({ actor: { id: actors.id, name: actors.name }, affiliation: affiliations })
      .from(actors)
      .leftJoin(affiliations, eq(affiliations.memberId, actors.id))
      .orderBy(actors.id, affiliations.id)
      .prepare('test-left-join');
    const { viaDrizzle, viaDriver } = await bothWays(prepared);
    const rows = viaDrizzle as { affiliation: unknown }[];
    expect(rows.some((row) => row.affiliation === null)).toBe(true);
    expect(rows.some((row) => row.affiliation !== null)).toBe(true);
    expect(viaDriver).toStrictEqual(viaDrizzle);
  });

  it('read timestamps as Dates and JSON columns as values, placeholders bound through their columns', async () => {
    const db = database.handle.db;
    const prepared = db
      .select({ change: changes, entry: rowColumns(changeEntries), n: count() })
      .from(changes)
      .innerJoin(changeEntries, eq(changeEntries.changeId, changes.id))
      .where(eq(changes.author, sql.placeholder('author')))
      .groupBy(changes.id, changeEntries.changeId, changeEntries.position)
      .prepare('test-dates');
    const { viaDrizzle, viaDriver } = await bothWays(prepared, { author: 'test' });
    const [row] = viaDrizzle as { change: { at: unknown }; entry: { before: unknown } }[];
    expect(row!.change.at).toBeInstanceOf(Date);
    expect(row!.entry.before).toEqual({ name: 'a', n: [1, 2] });
    expect(viaDriver).toStrictEqual(viaDrizzle);
  });

  it('fail as drizzle does: a missing placeholder before anything is sent, a database error wrapped with its code', async () => {
    const db = database.handle.db;
    const prepared = db
      .select({ n: sql<number>`CAST(${sql.placeholder('text')} AS integer)` })
      .from(sql`(SELECT 1) AS one`)
      .prepare('test-error');
    const direct = directStatement<unknown[]>(prepared, directDriverOf(db)!)!;
    database.queries.length = 0;
    await expect(direct.execute({})).rejects.toThrow('No value for placeholder "text" was provided');
    await expect(prepared.execute({})).rejects.toThrow('No value for placeholder "text" was provided');
    expect(database.queries).toHaveLength(0);
    const failures = await Promise.all([prepared.execute({ text: 'x' }).catch((e: unknown) => e), direct.execute({ text: 'x' }).catch((e: unknown) => e)]);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(DrizzleQueryError);
      expect((failure as DrizzleQueryError).cause).toMatchObject({ code: '22P02' });
    }
    expect((failures[1] as Error).message).toBe((failures[0] as Error).message);
    expect(database.queries).toHaveLength(2);
  });
});

describe.runIf(databaseLabel === 'postgres')('statements built once, on Postgres', () => {
  it('are planned once for any values, where statements built per request are planned per run', async () => {
    // Each value is the setting of a connection its kind of statement runs on.
    const mode = async (run: () => Promise<unknown[][]>) => (await run())[0]![0];
    const db = database.handle.db;
    const direct = directDriverOf(db)!;
    expect(await mode(() => direct.values('SHOW plan_cache_mode', []))).toBe('force_generic_plan');
    const perRequest = await db.execute(sql`SHOW plan_cache_mode`);
    expect((perRequest as unknown as { plan_cache_mode: string }[])[0]!.plan_cache_mode).toBe('auto');
  });

  it('are prepared even with no parameter (a first page, its size in its text), not sent as simple queries planned on every run', async () => {
    const direct = directDriverOf(database.handle.db)!;
    // A statement sees itself in its session's prepared statements only when it was prepared.
    const probe = "SELECT EXISTS (SELECT 1 FROM pg_prepared_statements WHERE statement LIKE '%probe: prepared without parameters%')";
    expect((await direct.values(probe, []))[0]![0]).toBe(true);
  });
});

describe(`statements built once (${databaseLabel})`, () => {
  it('are kept up to a bound, the least recently used dropped first and built again when asked for', async () => {
    const db = database.handle.db;
    const builds = new Map<string, number>();
    const statement = (key: string) =>
      preparedOnce(db, `bound-test:${key}`, () => {
        builds.set(key, (builds.get(key) ?? 0) + 1);
        return { execute: async () => key };
      });
    expect(await statement('first').execute()).toBe('first');
    await statement('kept').execute();
    for (let i = 0; i < MAX_BUILT_STATEMENTS; i++) {
      statement(`shape ${i}`);
      // Used all along: never the least recently used.
      if (i % 100 === 0) statement('kept');
    }
    expect(builtStatementCount(db)).toBe(MAX_BUILT_STATEMENTS);
    expect(await statement('kept').execute()).toBe('kept');
    expect(builds.get('kept')).toBe(1);
    expect(await statement('first').execute()).toBe('first');
    expect(builds.get('first')).toBe(2);
    expect(builtStatementCount(db)).toBe(MAX_BUILT_STATEMENTS);
  });
});
