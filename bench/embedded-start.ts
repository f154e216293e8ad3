// How long `npm start` takes on the embedded database, from the command to the
// first answered query, on a data directory that is already seeded (the usual
// restart). Prints when each line of the server's log came, so a slow phase
// (opening PGlite, migrations, the seeding check, building the schema) shows.
//
//   npx tsx bench/embedded-start.ts                         # a fresh directory, seeded by the first start
//   npx tsx bench/embedded-start.ts --data-dir DIR --runs 5  # an existing one (not held by a running server)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    runs: { type: 'string', default: '5' },
    port: { type: 'string', default: '5791' },
    /** What to run instead of `npm start` (e.g. "node --import tsx src/main.ts"). */
    command: { type: 'string', default: 'npm start' },
  },
});
const port = Number(args.port);
const owned = !args['data-dir'];
const dataDir = args['data-dir'] ?? mkdtempSync(join(tmpdir(), 'claimline-start-'));
const QUERY = JSON.stringify({ query: '{ statements(first: 1) { edges { node { title } } } }' });

async function answered(): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
    const body = (await response.json()) as { data?: { statements?: unknown } };
    return response.ok && !!body.data?.statements;
  } catch {
    return false;
  }
}

/** One start: ms to the first answer, and each log line with its time. */
async function start(): Promise<{ ms: number; log: string[] }> {
  const [command, ...rest] = args.command!.split(' ');
  const started = performance.now();
  // Its own process group, so stopping it stops npm, tsx and node together.
  const child = spawn(command!, rest, {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const note = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) log.push(`${(performance.now() - started).toFixed(0).padStart(6)} ms  ${line.trim()}`);
  };
  child.stdout!.on('data', note);
  child.stderr!.on('data', note);
  try {
    for (;;) {
      if (child.exitCode != null) throw new Error(`the server exited (${child.exitCode}):\n${log.join('\n')}`);
      if (performance.now() - started > 120_000) throw new Error(`no answer within 120 s:\n${log.join('\n')}`);
      if (await answered()) return { ms: performance.now() - started, log };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    // npm may exit before node has released the data directory.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

try {
  if (owned) {
    const first = await start();
    console.log(`first start (migrates and seeds an empty directory): ${first.ms.toFixed(0)} ms`);
  }
  const times: number[] = [];
  let lastLog: string[] = [];
  for (let i = 0; i < Number(args.runs); i++) {
    const { ms, log } = await start();
    times.push(ms);
    lastLog = log;
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`\`${args.command}\` on a seeded data directory to the first answer: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`the last start's log:\n${lastLog.join('\n')}`);
} finally {
  if (owned) rmSync(dataDir, { recursive: true, force: true });
}
