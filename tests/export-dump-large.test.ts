// A dump of a database with more records in one list than an API import takes
// (MAX_DOCUMENT_RECORDS) loads back: files read from disk are not a request.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { MAX_DOCUMENT_RECORDS } from '../src/domain/document-format.js';
import { writeDump } from '../src/export/dump.js';
import { seedDatabase } from '../src/seed/index.js';
import { createTestDatabase, databaseLabel, type TestDatabase } from './helpers/database.js';
import { expectSameFiles } from './helpers/files.js';

const N = MAX_DOCUMENT_RECORDS + 100;
const TEXT = 'Large dump fixture. The minister said the talks would go on.';

/** A seeds/ folder with N actors, N events, and N claims in one source's document. */
function writeLargeSeeds(dir: string): void {
  mkdirSync(join(dir, 'documents'), { recursive: true });
  mkdirSync(join(dir, 'sources'), { recursive: true });
  const pad = (i: number) => String(i).padStart(5, '0');
  writeFileSync(join(dir, 'actors.yaml'), stringify(Array.from({ length: N }, (_, i) => ({ slug: `actor-${pad(i)}`, name: `Actor ${i}`, kind: 'PERSON' }))));
  writeFileSync(join(dir, 'topics.yaml'), stringify([{ slug: 'talks', name: 'Talks' }]));
  writeFileSync(join(dir, 'events.yaml'), stringify(Array.from({ length: N }, (_, i) => ({ slug: `event-${pad(i)}`, title: `Event ${i}`, kind: 'MEETING', start: `20${String(i % 25).padStart(2, '0')}` }))));
  const quote = { start: 0, end: 18, quote: TEXT.slice(0, 18) };
  writeFileSync(join(dir, 'sources', 'large-source.txt'), TEXT);
  writeFileSync(
    join(dir, 'documents', 'large-source.yaml'),
    stringify({
      source: { slug: 'large-source', title: 'Large source', kind: 'NEWS_ARTICLE', url: null, published: '2025' },
      statements: [{ slug: 'large-statement', title: 'Remarks', kind: 'REMARKS', date: '2025', participants: [{ actor: 'actor-00000', role: 'SPEAKER' }], excerpts: [quote] }],
      claims: Array.from({ length: N }, (_, i) => ({
        slug: `claim-${pad(i)}`,
        text: `Claim ${i}`,
        kind: 'FACTUAL',
        subjects: [`actor-${pad(i)}`],
        events: [`event-${pad(i)}`],
        topics: [{ topic: 'talks' }],
        appearances: [{ statement: 'large-statement', excerpts: [quote] }],
      })),
    }, { aliasDuplicateObjects: false }),
  );
}

describe(`dump and import of more than ${MAX_DOCUMENT_RECORDS} records in a list (${databaseLabel})`, () => {
  let original: TestDatabase;
  let copy: TestDatabase;
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'claimline-dump-large-'));
    original = await createTestDatabase();
    copy = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await original?.drop();
    await copy?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('seeds from disk, dumps, imports into an empty database and dumps again byte for byte', async () => {
    writeLargeSeeds(join(work, 'seeds'));
    await seedDatabase(original.handle.db, join(work, 'seeds'));
    const first = join(work, 'first');
    const second = join(work, 'second');
    const report = await writeDump(original.handle.db, first);
    expect(report.counts).toMatchObject({ actors: N, events: N, claims: N });

    await seedDatabase(copy.handle.db, first);
    await writeDump(copy.handle.db, second);
    expectSameFiles(first, second);
  }, 180_000);
});
