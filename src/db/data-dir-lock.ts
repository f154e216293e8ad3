// One process per embedded data directory. PGlite has no server in front of
// its files: two processes opening the same directory would both write to it
// and corrupt it. Whoever opens a directory first writes a lock file with its
// pid; anyone else is refused with a message saying who holds it. A lock left
// behind by a process that died (kill -9, a crash) is taken over.
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The lock file's name, inside the data directory (Postgres ignores files it does not know). */
export const LOCK_FILE = 'claimline.lock';

interface LockContent {
  pid: number;
  /** Who holds it, for the message: "the server", "npm run keys", ... */
  holder: string;
}

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockContent,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by ${holder.holder} (pid ${holder.pid}); ` +
        'stop it or use a Postgres server (DATABASE_URL). ' +
        `If no such process runs, delete ${join(dataDir, LOCK_FILE)}.`,
    );
  }
}

export interface DataDirLock {
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockContent | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0) {
      return { pid: parsed.pid, holder: typeof parsed.holder === 'string' ? parsed.holder : 'another process' };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  }
  // Unreadable or half-written: treat it as a dead holder's.
  return { pid: 0, holder: 'another process' };
}

function tryCreate(path: string, content: LockContent): boolean {
  let fd: number;
  try {
    // 'wx' fails if the file exists: creating it is the atomic test-and-set.
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(content));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the data directory for this process, or throws DataDirInUseError when
 * a live process holds it (this one included: a second open in the same
 * process would corrupt it just the same).
 */
export function lockDataDir(dataDir: string, holder: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const mine: LockContent = { pid: process.pid, holder };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, mine)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readLock(path)?.pid === process.pid) {
          try {
            unlinkSync(path);
          } catch {
            // Already gone: nothing to release.
          }
        }
      };
      // A process that exits without closing its database (process.exit) lets go too.
      process.on('exit', release);
      return { release };
    }
    const current = readLock(path);
    if (current && current.pid > 0 && isAlive(current.pid)) throw new DataDirInUseError(dataDir, current);
    // Stale. Move it aside under a name of our own before deleting it, so that
    // of two processes taking over at once only one removes it, and neither
    // removes a lock the other has just written.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const moved = readLock(aside);
    if (moved && moved.pid > 0 && isAlive(moved.pid)) {
      // We moved a live lock written after we looked: put it back and give way.
      renameSync(aside, path);
      throw new DataDirInUseError(dataDir, moved);
    }
    unlinkSync(aside);
  }
  const current = readLock(path) ?? { pid: 0, holder: 'another process' };
  throw new DataDirInUseError(dataDir, current);
}
