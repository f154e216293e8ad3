// The dump: seeds -> dump -> import into an empty database -> dump again gives
// the same bytes, and every export of the two databases holds the same data
// (IDs aside, which a new database assigns afresh).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.js';
import { csvHeader } from '../src/export/csv.js';
import { writeDump } from '../src/export/dump.js';
import { exportText, FORMATS } from '../src/export/formats.js';
import { seedDatabase } from '../src/seed/index.js';
import { createTestDatabase, databaseLabel, type TestDatabase } from './helpers/database.js';
import { expectSameFiles, filesOf } from './helpers/files.js';

/** The `claims` column of the statements CSV, after the id column is taken out. */
const CLAIMS_COLUMN = csvHeader('statements').filter((name) => name !== 'id').indexOf('claims');

async function csvWithoutIds(db: Database, what: 'actors' | 'sources' | 'topics' | 'events' | 'statements' | 'claims' | 'relations' | 'timeline') {
  let text = '';
  for await (const chunk of await exportText(db, what, FORMATS.csv, {})) text += chunk;
  const rows = parseCsv(text) as string[][];
  const id = rows[0]!.indexOf('id');
  return rows.map((row) => row.filter((_, i) => i !== id));
}

describe(`dump and import (${databaseLabel})`, () => {
  let original: TestDatabase;
  let copy: TestDatabase;
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'claimline-dump-'));
    original = await createTestDatabase();
    copy = await createTestDatabase();
    await seedDatabase(original.handle.db);
  }, 60_000);
  afterAll(async () => {
    await original?.drop();
    await copy?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('dump -> import into an empty database -> dump is byte-identical, and the data is the same', async () => {
    const first = join(work, 'first');
    const second = join(work, 'second');
    const report = await writeDump(original.handle.db, first);
    expect(report.counts).toMatchObject({ actors: 81, sources: 5, claims: 127 });
    expect(report.omitted).toEqual([]);
    const files = filesOf(first);
    expect([...files.keys()].filter((f) => f.startsWith('documents/')).length).toBe(5);
    expect(files.get('sources/cmep-joint-statement.txt')!.toString()).toBe(readFileSync('seeds/sources/cmep-joint-statement.txt', 'utf8'));

    await seedDatabase(copy.handle.db, first);
    await writeDump(copy.handle.db, second);
    expectSameFiles(first, second);

    // The same records, lists and orders (participants, aliases, quotes, the timeline) in both.
    for (const what of ['actors', 'sources', 'topics', 'events', 'timeline'] as const) {
      expect(await csvWithoutIds(copy.handle.db, what), what).toEqual(await csvWithoutIds(original.handle.db, what));
    }
    // Claims and relations are listed in the order they were recorded (by id), and the
    // import records them document by document; a claim's topics are listed by topic id:
    // the same rows and lists, in other orders.
    const sortList = (cell: string) => cell.split(' | ').sort().join(' | ');
    const sorted = (rows: string[][]) => [rows[0], ...rows.slice(1).map((r) => JSON.stringify(r.map(sortList))).sort()];
    for (const what of ['claims', 'relations'] as const) {
      expect(sorted(await csvWithoutIds(copy.handle.db, what)), what).toEqual(sorted(await csvWithoutIds(original.handle.db, what)));
    }
    // A statement's claims: the same claims; their order is placed again by the loader's
    // source-order rule, which the dump feeds in position order (see the README's "Exports").
    const statements = async (db: Database) =>
      (await csvWithoutIds(db, 'statements')).map((row, i) => (i === 0 ? row : row.map((cell, c) => (c === CLAIMS_COLUMN ? cell.split(' | ').sort().join(' | ') : cell))));
    expect(await statements(copy.handle.db)).toEqual(await statements(original.handle.db));
  }, 120_000);

  it('refuses to write over an earlier dump', async () => {
    const dir = join(work, 'twice');
    await writeDump(original.handle.db, dir);
    await expect(writeDump(original.handle.db, dir)).rejects.toThrow(/already holds/);
  });
});
