// API keys and who may do what: the keys CLI and domain functions, the viewer,
// refusals of bad keys with 401, and reads that need a key under READ_ACCESS=key.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';

const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the keys CLI on the embedded database in `dataDir`, as `npm run keys -- ...` would. */
async function keysCli(dataDir: string, ...args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/keys.ts', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('keys CLI (embedded database in a temp folder)', () => {
  const root = mkdtempSync(join(tmpdir(), 'claimline-keys-'));
  const dataDir = join(root, 'data');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates a key and prints it once, lists keys without it, revokes it', { timeout: 60_000 }, async () => {
    const created = await keysCli(dataDir, 'create', 'alice', '--role', 'EDITOR');
    expect(created.code).toBe(0);
    const key = /\bcl_[A-Za-z0-9_-]{43}\b/.exec(created.stdout)?.[0];
    expect(key, created.stdout).toBeDefined();
    expect(occurrences(created.stdout + created.stderr, key!)).toBe(1);
    expect(created.stdout).toContain('Authorization: Bearer <key>');

    const listed = await keysCli(dataDir, 'list');
    expect(listed.code).toBe(0);
    const [header, row, ...more] = listed.stdout.trim().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['NAME', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED']);
    expect(row!.split(/\s{2,}/)).toEqual(['alice', 'EDITOR', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), 'never', '-']);
    expect(more).toEqual([]);
    expect(listed.stdout).not.toContain(key!);
    expect(listed.stdout).not.toContain('cl_');

    const revoked = await keysCli(dataDir, 'revoke', 'alice');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('Revoked key "alice"');
    const after = await keysCli(dataDir, 'list');
    expect(after.stdout.trim().split('\n')[1]!.split(/\s{2,}/)).toEqual(['alice', 'EDITOR', expect.any(String), 'never', expect.stringMatching(/^\d{4}-/)]);
    expect(after.stdout).not.toContain('cl_');

    const again = await keysCli(dataDir, 'revoke', 'alice');
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('No key in use is named "alice"') });
  });

  it('prints usage and exits 1 on bad usage', { timeout: 60_000 }, async () => {
    for (const args of [[], ['create', 'bob'], ['create', 'bob', '--role', 'OWNER'], ['list', 'extra'], ['revoke'], ['rotate', 'bob'], ['list', '--verbose']]) {
      const result = await keysCli(dataDir, ...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain('Usage:');
      expect(result.stdout, args.join(' ')).toBe('');
    }
  });

  it('refuses to open a data directory another process holds', { timeout: 60_000 }, async () => {
    const held = await openDatabase({ dataDir, holder: 'the server' });
    try {
      const refused = await keysCli(dataDir, 'list');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`the embedded database in ${dataDir} is in use by the server (pid ${process.pid}); stop it or use a Postgres server`);
      expect(refused.stdout).toBe('');
    } finally {
      await held.close();
    }
    expect((await keysCli(dataDir, 'list')).code).toBe(0);
  });
});
