// The command line: usage and exit 2 for bad arguments, output on stdout with
// nothing extra when stderr is not a terminal, --gzip and --out, CSV of `all`
// into a folder, and a dump imported into an empty database (a second import
// refused). The commands run against an embedded database in a scratch folder,
// whichever database the suite runs on: the code under them is the same
// (tested on both databases in export-formats/export-dump).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSameFiles } from './helpers/files.js';

const exec = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'claimline-export-cli-'));
const dataDir = join(work, 'db');

/** Runs a script of src/cli with the embedded database in `dir`; resolves with its exit code and output. */
async function cli(script: string, args: string[], dir = dataDir) {
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '' };
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], { env, maxBuffer: 64 * 2 ** 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run export / import', () => {
  beforeAll(async () => {
    const seeded = await cli('seed', []);
    expect(seeded.code, seeded.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('prints the usage and exits 2 on bad arguments', async () => {
    for (const args of [['opinions', '--format', 'csv'], ['claims'], ['claims', '--format', 'xml'], ['claims', '--format', 'csv', '--colour', 'red']]) {
      const run = await cli('export', args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage: export');
      expect(run.stdout).toBe('');
    }
    const badFilter = await cli('export', ['timeline', '--format', 'ndjson', '--from', 'yesterday']);
    expect(badFilter.code).toBe(2);
    expect(badFilter.stderr).toMatch(/^INVALID_DATE: /);
    const unknownActor = await cli('export', ['claims', '--format', 'csv', '--actor', 'nobody']);
    expect(unknownActor.code).toBe(2);
    expect(unknownActor.stderr).toMatch(/^NOT_FOUND: /);
  }, 120_000);

  it('writes to stdout with nothing on stderr when it is not a terminal; --gzip --out writes the same bytes gzipped', async () => {
    const plain = await cli('export', ['timeline', '--format', 'timelinejs', '--actor', 'anca', '--from', '2025']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toBe('');
    expect(JSON.parse(plain.stdout).events.length).toBeGreaterThan(0);
    const out = join(work, 'anca.json.gz');
    const gz = await cli('export', ['timeline', '--format', 'timelinejs', '--actor', 'anca', '--from', '2025', '--gzip', '--out', out]);
    expect(gz.code, gz.stderr).toBe(0);
    expect(gunzipSync(readFileSync(out)).toString()).toBe(plain.stdout);
  }, 120_000);

  it('writes CSV of all as one file per type', async () => {
    const dir = join(work, 'csv');
    const run = await cli('export', ['all', '--format', 'csv', '--out', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['actors.csv', 'claims.csv', 'events.csv', 'relations.csv', 'sources.csv', 'statements.csv', 'topics.csv']);
    expect(readFileSync(join(dir, 'claims.csv'), 'utf8').split('\r\n')[0]).toMatch(/^id,slug,text,kind,/);
  }, 120_000);

  it('dumps, imports into an empty database, refuses a second import, and dumps the same bytes again', async () => {
    const first = join(work, 'backup');
    const dumped = await cli('export', ['all', '--format', 'dump', '--out', first]);
    expect(dumped.code, dumped.stderr).toBe(0);
    const other = join(work, 'other-db');
    const imported = await cli('import', [first], other);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^Imported 81 actors, /);
    const again = await cli('import', [first], other);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Import refused: the database is not empty \(it holds 81 actors, 7 topics, 5 sources/);
    const second = join(work, 'backup-2');
    expect((await cli('export', ['all', '--format', 'dump', '--out', second], other)).code).toBe(0);
    // Every file, byte for byte (actors.yaml, documents/, sources/ ...).
    expectSameFiles(first, second);
    expect((await cli('import', [])).code).toBe(2);
  }, 180_000);
});
