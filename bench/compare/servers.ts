// Starting the three servers, counting the SQL statements they send, and
// reading the CPU time they use.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** 'before' is claimline as of an earlier commit (--before), run beside today's for same-run before/after ratios. */
export type ServerName = 'claimline' | 'before' | 'postgraphile' | 'floor';

export interface Running {
  name: ServerName;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
// However the run ends, no server outlives it.
process.on('exit', () => {
  for (const child of children) if (child.exitCode == null) child.kill('SIGKILL');
});

/**
 * How `npm start` runs claimline in `root`: compiled to dist/ first where the
 * checkout has the build script, else (an older commit) TypeScript through tsx.
 */
function claimlineEntry(root: string): string[] {
  if (!existsSync(join(root, 'scripts/build-server.mjs'))) return ['--import', 'tsx', 'src/main.ts'];
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: root, stdio: 'inherit' });
  return ['dist/main.js'];
}

export function startServer(name: ServerName, port: number, databaseUrl: string, floorQueries: unknown[], beforeRoot?: string): Promise<Running> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) };
  const tsx = ['--import', 'tsx'];
  const claimlineRoot = name === 'before' ? beforeRoot! : ROOT;
  const [args, cwd, extra] =
    name === 'claimline' || name === 'before'
      ? [claimlineEntry(claimlineRoot), claimlineRoot, {
          HOST: '127.0.0.1',
          SEED_ON_START: 'false',
          GRAPHIQL: 'false',
          NODE_ENV: 'production',
          // The same query over and over would come from the response cache; this compares the work of answering.
          RESPONSE_CACHE_TTL_MS: '0',
          // No line per request: the other two log none either.
          LOG_LEVEL: 'warn',
        }]
      : name === 'postgraphile'
        ? [['postgraphile-server.mjs'], HERE, { NODE_ENV: 'production' }]
        : [[...tsx, 'floor-server.ts'], HERE, { FLOOR_QUERIES: JSON.stringify(floorQueries) }];
  // node itself, not npm or npx, so the pid is the server's and /proc gives its CPU time.
  const child = spawn(process.execPath, args, { cwd, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening|GraphQL API/.test(output)) {
        child.stdout!.off('data', onData);
        // Keep reading what it writes, or a full pipe would stall it.
        child.stdout!.resume();
        resolve({
          name,
          url: `http://127.0.0.1:${port}${name === 'floor' ? '' : '/graphql'}`,
          child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode != null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 5000).unref();
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`${name} did not start within 60 s:\n${output}`)), 60_000).unref();
  });
}

/** User plus system CPU time of a process, in milliseconds (all its threads). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Resident memory of a process, in MiB. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * A TCP relay in front of Postgres that counts the statements a client sends:
 * simple queries ('Q') and executions of prepared ones ('E'). Used only while
 * checking answers, so the load runs straight to the database.
 */
export class StatementCounter {
  count = 0;
  private server: Server;

  constructor(target: { host: string; port: number }) {
    this.server = createServer((client) => {
      const upstream = createConnection(target);
      let pending = Buffer.alloc(0);
      let started = false;
      client.on('data', (chunk: Buffer) => {
        upstream.write(chunk);
        pending = Buffer.concat([pending, chunk]);
        for (;;) {
          // The startup message has no type byte; every later message does.
          const header = started ? 5 : 4;
          if (pending.length < header) break;
          const length = started ? pending.readInt32BE(1) + 1 : pending.readInt32BE(0);
          if (pending.length < length) break;
          if (started && (pending[0] === 0x51 || pending[0] === 0x45)) this.count++;
          // An SSLRequest (answered 'N' here) comes before the startup message.
          if (started || pending.readInt32BE(4) !== 80877103) started = true;
          pending = pending.subarray(length);
        }
      });
      upstream.pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * claimline's source as of `commit`, unpacked into a fresh directory with this
 * checkout's node_modules linked in, so it starts as `claimline` does. The
 * dependencies are today's: a commit that changed them is not compared fairly.
 */
export function unpackCommit(commit: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'claimline-before-'));
  const archive = execFileSync('git', ['archive', commit, 'src', 'drizzle', 'package.json', 'tsconfig.json', 'persisted-operations.json'], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
