// How long `npm start` takes on the embedded database, from the command to the
// first answered query, on a data directory that is already seeded (the usual
// restart). Prints when each line of the server's log came, so a slow phase
// (opening PGlite, migrations, the seeding check, building the schema) shows.
//
//   npx tsx bench/embedded-start.ts                         # a fresh directory, seeded by the first start
//   npx tsx bench/embedded-start.ts --data-dir DIR --runs 5  # an existing one (not held by a running server)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * CPU time (user + system, every thread) used so far by the processes of a
 * process group: npm, tsx and node. On a busy machine the wall time says how
 * long the start waited for a core; this says how much work it was.
 */
function groupCpuMs(group: number): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command name: state, ppid, pgrp, ... utime (12th), stime (13th).
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return (ticks * 1000) / 100;
}

/** One start: ms to the first answer, the CPU it took, and each log line with its time. */
async function start(): Promise<{ ms: number; cpuMs: number; log: string[] }> {
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
      if (await answered()) return { ms: performance.now() - started, cpuMs: groupCpuMs(child.pid!), log };
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
  const cpu: number[] = [];
  let lastLog: string[] = [];
  for (let i = 0; i < Number(args.runs); i++) {
    const { ms, cpuMs, log } = await start();
    times.push(ms);
    cpu.push(cpuMs);
    lastLog = log;
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!.toFixed(0);
  console.log(
    `\`${args.command}\` on a seeded data directory to the first answer: median ${median(times)} ms (${times.map((t) => t.toFixed(0)).join(', ')}); CPU time of its processes: median ${median(cpu)} ms`,
  );
  console.log(`the last start's log:\n${lastLog.join('\n')}`);
} finally {
  if (owned) rmSync(dataDir, { recursive: true, force: true });
}
