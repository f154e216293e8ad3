// The seed loader against a fresh database: PGlite in memory, or a throwaway
// database on the Postgres server at TEST_DATABASE_URL when that is set.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { openDatabase, type Database } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import * as schema from '../src/db/schema.js';
import { isDatabaseEmpty, SeedError, seedDatabase } from '../src/seed/index.js';

const REAL_SEEDS = fileURLToPath(new URL('../seeds', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function freshDatabase(onQuery?: (query: string) => void): Promise<Database> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const handle = await openDatabase({ onQuery });
    cleanups.push(() => handle.close());
    await migrateDatabase(handle);
    return handle.db;
  }
  const name = `claimline_seed_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), onQuery });
  cleanups.push(async () => {
    await handle.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  await migrateDatabase(handle);
  return handle.db;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'claimline-seeds-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every table, every row, in a stable order. */
async function dump(db: Database): Promise<Record<string, unknown[]>> {
  const tables = Object.values(schema as Record<string, unknown>).filter((value): value is PgTable => is(value, PgTable));
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    result[getTableName(table)] = await db.select().from(table).orderBy(...Object.values(getTableColumns(table)));
  }
  return result;
}

// ------------------------------------------------------------------ fixture

const TEXTS = {
  'council-release':
    'Council press release. The Council says the blockade must end now. ' +
    'It also says talks should resume in Geneva. Signed by the Council and the Forum.',
  'ministry-interview': 'Interview. The Minister said the blockade is lawful and will continue. He added that talks are pointless.',
};

function span(source: keyof typeof TEXTS, quote: string, withSource = false) {
  const start = TEXTS[source].indexOf(quote);
  if (start < 0) throw new Error(`fixture: "${quote}" not in ${source}`);
  return { ...(withSource ? { source } : {}), start, end: start + quote.length, quote };
}

function fixture() {
  return {
    actors: [
      { slug: 'council', name: 'The Council', kind: 'COALITION', aliases: ['Council', 'TC'] },
      { slug: 'forum', name: 'The Forum', kind: 'ORGANIZATION', affiliations: [{ organization: 'council', role: 'member', since: 2023 }] },
      { slug: 'minister', name: 'A. Minister', kind: 'PERSON', affiliations: [{ organization: 'ministry', since: '2024-03' }] },
      { slug: 'ministry', name: 'The Ministry', kind: 'GOVERNMENT_BODY', description: 'A ministry.' },
      { slug: 'outlet', name: 'The Outlet', kind: 'MEDIA_OUTLET' },
    ],
    topics: [
      { slug: 'blockade', name: 'Blockade' },
      { slug: 'talks', name: 'Talks', description: 'Negotiations.' },
    ],
    events: [
      { slug: 'conflict', title: 'The conflict', kind: 'ARMED_CONFLICT', start: '202X', dateNote: 'Began in the 2020s.' },
      {
        slug: 'blockade',
        title: 'The blockade',
        kind: 'BLOCKADE',
        start: '2025-11~',
        parent: 'conflict',
        participants: [{ actor: 'ministry', role: 'INITIATOR' }],
        excerpts: [span('ministry-interview', 'the blockade is lawful', true)],
      },
      { slug: 'geneva-talks', title: 'Talks in Geneva', kind: 'MEETING', start: '2025-12-01', end: '2025-12-03', parent: 'conflict', place: 'Geneva' },
    ],
    'council-release': {
      source: { slug: 'council-release', file: 'council.pdf', title: 'Council release', kind: 'PRESS_RELEASE', publisher: 'council', published: '2025-11-12' },
      statements: [
        {
          slug: 'council-statement',
          title: 'Council statement',
          kind: 'JOINT_STATEMENT',
          date: '2025-11-12',
          participants: [
            { actor: 'council', role: 'LEAD_SIGNATORY' },
            { actor: 'forum', role: 'SIGNATORY' },
          ],
          events: ['blockade'],
          excerpts: [span('council-release', 'Signed by the Council and the Forum.')],
        },
      ],
      claims: [
        {
          slug: 'talks-should-resume',
          text: 'Talks should resume in Geneva.',
          kind: 'NORMATIVE',
          events: ['geneva-talks'],
          topics: [{ topic: 'talks', stance: 'FOR' }],
          appearances: [{ statement: 'council-statement', excerpts: [span('council-release', 'talks should resume in Geneva')] }],
        },
        {
          slug: 'blockade-must-end',
          text: 'The blockade must end.',
          kind: 'NORMATIVE',
          subjects: ['ministry'],
          events: ['blockade'],
          topics: [{ topic: 'blockade', stance: 'AGAINST' }, { topic: 'talks' }],
          appearances: [{ statement: 'council-statement', excerpts: [span('council-release', 'the blockade must end now')] }],
        },
      ],
      relations: [
        { kind: 'CONTRADICTS', from: 'blockade-must-end', to: 'blockade-is-lawful', note: 'Opposite positions.', created: '2026-01-05' },
      ],
    },
    'ministry-interview': {
      source: { slug: 'ministry-interview', title: 'Interview', kind: 'TRANSCRIPT', publisher: 'outlet', published: '2025-11', dateNote: 'Month of broadcast.' },
      statements: [
        {
          slug: 'minister-interview',
          title: 'The Minister interviewed',
          kind: 'INTERVIEW',
          date: '2025-11-14',
          participants: [
            { actor: 'minister', role: 'SPEAKER' },
            { actor: 'outlet', role: 'INTERVIEWER' },
          ],
          respondsTo: ['council-statement'],
        },
      ],
      claims: [
        {
          slug: 'blockade-is-lawful',
          text: 'The blockade is lawful.',
          kind: 'FACTUAL',
          subjects: ['ministry'],
          appearances: [{ statement: 'minister-interview', excerpts: [span('ministry-interview', 'the blockade is lawful')] }],
        },
        {
          slug: 'talks-are-pointless',
          text: 'Talks are pointless.',
          kind: 'PREDICTION',
          appearances: [{ statement: 'minister-interview', excerpts: [span('ministry-interview', 'talks are pointless')] }],
        },
      ],
      relations: [
        { kind: 'REBUTS', from: 'blockade-is-lawful', to: 'blockade-must-end', statement: 'minister-interview' },
        { kind: 'REBUTS', from: 'talks-are-pointless', to: 'talks-should-resume', statement: 'minister-interview', note: 'Dismisses talks.' },
      ],
    },
  };
}

type Fixture = ReturnType<typeof fixture>;

function writeFixture(data: Fixture): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'sources'));
  mkdirSync(join(dir, 'documents'));
  for (const [slug, text] of Object.entries(TEXTS)) writeFileSync(join(dir, 'sources', `${slug}.txt`), text);
  writeFileSync(join(dir, 'actors.yaml'), stringify(data.actors));
  writeFileSync(join(dir, 'topics.yaml'), stringify(data.topics));
  writeFileSync(join(dir, 'events.yaml'), stringify(data.events));
  writeFileSync(join(dir, 'README.md'), 'Not loaded.');
  for (const slug of ['council-release', 'ministry-interview'] as const) {
    writeFileSync(join(dir, 'documents', `${slug}.yaml`), stringify(data[slug]));
  }
  return dir;
}

async function seedError(db: Database, dir: string): Promise<SeedError> {
  const error = await seedDatabase(db, dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SeedError);
  return error as SeedError;
}

// ------------------------------------------------------------------ tests

describe('seedDatabase', () => {
  test('loads the fixture and a second run changes nothing', async () => {
    const queries: string[] = [];
    const db = await freshDatabase((query) => queries.push(query));
    expect(await isDatabaseEmpty(db)).toBe(true);
    const first = await seedDatabase(db, writeFixture(fixture()));
    expect(first.changed).toBe(true);
    expect(first.summary).toMatch(/^5 actors, 2 actor_aliases, /);
    expect(await isDatabaseEmpty(db)).toBe(false);

    const before = await dump(db);
    expect(before.actors).toHaveLength(5);
    // The event and the claim cite the same span: one excerpt row.
    expect(before.excerpts).toHaveLength(5);
    expect(first.tables.excerpts).toMatchObject({ rows: 5, inserted: 5 });
    expect(before.claim_relations).toHaveLength(3);

    const [statement] = await db.select().from(schema.statements).where(sql`${schema.statements.slug} = 'council-statement'`);
    const order = await db
      .select({ slug: schema.claims.slug, position: schema.claimAppearances.position })
      .from(schema.claimAppearances)
      .innerJoin(schema.claims, sql`${schema.claims.id} = ${schema.claimAppearances.claimId}`)
      .where(sql`${schema.claimAppearances.statementId} = ${statement!.id}`)
      .orderBy(schema.claimAppearances.position);
    // Source order, not file order.
    expect(order).toEqual([
      { slug: 'blockade-must-end', position: 0 },
      { slug: 'talks-should-resume', position: 1 },
    ]);
    const stated = await db.select().from(schema.claimRelations).where(sql`${schema.claimRelations.statementId} is not null`);
    expect(stated.map((r) => r.createdOn)).toEqual(['2025-11-14', '2025-11-14']);
    const [excerpt] = await db.select().from(schema.excerpts).where(sql`${schema.excerpts.quote} = 'talks are pointless'`);
    const text = TEXTS['ministry-interview'];
    const start = text.indexOf('talks are pointless');
    expect(excerpt).toMatchObject({ prefix: text.slice(start - 32, start), suffix: '.' });
    const [event] = await db.select().from(schema.events).where(sql`${schema.events.slug} = 'conflict'`);
    expect(event).toMatchObject({ startEdtf: '202X', startPrecision: 'DECADE', startEarliest: '2020-01-01', startNote: 'Began in the 2020s.' });

    queries.length = 0;
    const second = await seedDatabase(db, writeFixture(fixture()));
    expect(second.changed).toBe(false);
    // Not even a no-op upsert: those would still burn sequence values.
    expect(queries.filter((q) => !/^\s*select\b/i.test(q))).toEqual([]);
    expect(await dump(db)).toEqual(before);
  });

  test('edits update rows in place, drop removed links and keep rows the seeds never mentioned', async () => {
    const db = await freshDatabase();
    await seedDatabase(db, writeFixture(fixture()));
    await db.insert(schema.actors).values({ slug: 'added-later', name: 'Added later', kind: 'PERSON' });
    const ids = await db.select({ id: schema.actors.id, slug: schema.actors.slug }).from(schema.actors).orderBy(schema.actors.id);

    const edited = fixture();
    edited.actors[0]!.name = 'The Council of Things';
    edited.actors[0]!.aliases = ['Council'];
    edited['council-release'].claims[1]!.topics = [{ topic: 'blockade', stance: 'AGAINST' }];
    const report = await seedDatabase(db, writeFixture(edited));

    expect(report.changed).toBe(true);
    expect(report.tables.actors).toEqual({ rows: 5, inserted: 0, updated: 1, deleted: 0 });
    expect(report.tables.actor_aliases).toMatchObject({ deleted: 1 });
    expect(report.tables.claim_topics).toMatchObject({ deleted: 1 });
    expect(await db.select({ id: schema.actors.id, slug: schema.actors.slug }).from(schema.actors).orderBy(schema.actors.id)).toEqual(ids);
    const aliases = await db.select({ alias: schema.actorAliases.alias }).from(schema.actorAliases);
    expect(aliases).toEqual([{ alias: 'Council' }]);
  });

  test('a failure while writing rolls everything back', async () => {
    const db = await freshDatabase();
    await db.execute(sql`create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`);
    await db.execute(sql`create trigger refuse before insert on claim_relations for each row execute function refuse()`);
    await expect(seedDatabase(db, writeFixture(fixture()))).rejects.toThrow();
    expect(await isDatabaseEmpty(db)).toBe(true);
  });

  describe('rejects bad seeds before writing anything', () => {
    const cases: { name: string; breakIt: (f: Fixture) => void; expected: string[] }[] = [
      {
        name: 'an unknown actor',
        breakIt: (f) => (f['ministry-interview'].statements[0]!.participants[0]!.actor = 'nobody'),
        expected: ['documents/ministry-interview.yaml', 'statements[0] "minister-interview".participants[0]', 'unknown actor "nobody"'],
      },
      {
        name: 'a slug used twice across files',
        breakIt: (f) => f['ministry-interview'].claims.push({ ...f['ministry-interview'].claims[1]!, slug: 'blockade-must-end' }),
        expected: ['documents/ministry-interview.yaml', 'claims[2] "blockade-must-end"', 'duplicate claim slug "blockade-must-end"'],
      },
      {
        name: 'a bad EDTF date',
        breakIt: (f) => (f.events[1]!.start = '2025-13-45'),
        expected: ['events.yaml', 'events[1] "blockade"', '"2025-13-45" is not a valid EDTF date'],
      },
      {
        name: 'an unknown field',
        breakIt: (f) => Object.assign(f.actors[4]!, { colour: 'red' }),
        expected: ['actors.yaml', 'actors[4] "outlet"', 'unknown field "colour" (expected one of slug, name, kind, aliases, description, affiliations)'],
      },
      {
        name: 'an unknown kind',
        breakIt: (f) => (f.actors[4]!.kind = 'NEWSPAPER'),
        expected: ['actors.yaml', 'actors[4] "outlet".kind', 'has unknown value "NEWSPAPER" (expected one of PERSON, '],
      },
      {
        name: 'a quote that does not match its span',
        breakIt: (f) => (f['council-release'].claims[0]!.appearances[0]!.excerpts[0]!.quote = 'talks must resume in Geneva'),
        expected: [
          'documents/council-release.yaml',
          'claims[0] "talks-should-resume".appearances[0].excerpts[0]',
          'does not match source "council-release"',
          'which holds "talks should resume in Geneva"',
        ],
      },
    ];

    let db: Database;
    let valid: Record<string, unknown[]>;
    // Each case runs alone too: the valid fixture is loaded before any of them, not by a test.
    beforeAll(async () => {
      db = await freshDatabase();
      await seedDatabase(db, writeFixture(fixture()));
      valid = await dump(db);
    });

    test('seeds the valid fixture', async () => {
      expect(Object.values(valid).some((rows) => rows.length > 0)).toBe(true);
    });

    test.each(cases)('$name', async ({ breakIt, expected }) => {
      const broken = fixture();
      breakIt(broken);
      const error = await seedError(db, writeFixture(broken));
      expect(error.errors).toHaveLength(1);
      for (const part of expected) expect(error.message).toContain(part);
      expect(error.errors[0]).toMatch(/^[\w/.-]+\.yaml: \S.*: .+/);
      expect(await dump(db)).toEqual(valid);
    });
  });

  test('loads the curated seeds/ directory, idempotently', async () => {
    const dir = tempDir();
    cpSync(REAL_SEEDS, dir, { recursive: true });
    const db = await freshDatabase();
    const first = await seedDatabase(db, dir);
    expect(first.tables.actors!.rows).toBeGreaterThan(0);
    expect(first.tables.claims!.rows).toBeGreaterThan(0);
    const before = await dump(db);
    const again = await seedDatabase(db, dir);
    expect(again.changed).toBe(false);
    expect(await dump(db)).toEqual(before);
  });
});
