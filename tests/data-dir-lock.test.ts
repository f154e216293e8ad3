// One process per embedded data directory: a second open is refused with a
// message naming the holder, before PGlite touches a file; closing lets go; a
// lock left by a dead process is taken over. Runs on PGlite files in a temp
// folder, whatever TEST_DATABASE_URL says.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../src/db/client.js';
import { DataDirInUseError, LOCK_FILE } from '../src/db/data-dir-lock.js';

describe('embedded data directory lock', () => {
  let root: string;
  let dataDir: string;
  const open: DatabaseHandle[] = [];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'claimline-lock-'));
    dataDir = join(root, 'data');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((handle) => handle.close()));
    rmSync(root, { recursive: true, force: true });
  });

  async function openDir(holder: string): Promise<DatabaseHandle> {
    const handle = await openDatabase({ dataDir, holder });
    open.push(handle);
    return handle;
  }

  it('refuses a second open with a message naming the holder and its pid, and reopens after close', async () => {
    const first = await openDir('the server');
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, holder: 'the server' });

    const second = openDatabase({ dataDir, holder: 'npm run keys' });
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(second).rejects.toThrow(`the embedded database in ${dataDir} is in use by the server (pid ${process.pid}); stop it or use a Postgres server`);
    // The refused open left the holder's database working and its lock in place.
    await first.ping();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);

    await first.close();
    open.splice(open.indexOf(first), 1);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const again = await openDir('npm run keys');
    await again.ping();
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    // A pid that certainly ran and is now gone: a child that has exited.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    await (await openDatabase({ dataDir })).close();
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid: gone, holder: 'the server' }));
    const handle = await openDir('npm run seed');
    await handle.ping();
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, holder: 'npm run seed' });
  });

  it('takes over an unreadable lock file', async () => {
    await (await openDatabase({ dataDir })).close();
    writeFileSync(join(dataDir, LOCK_FILE), '');
    await (await openDir('the server')).ping();
  });
});
