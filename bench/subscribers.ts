// Live-update figures: N open SSE subscribers on one server process, one
// write a second; prints the server's memory per open subscriber and the
// delay from commit to delivery (p50, p99, max) over every (write,
// subscriber) pair. Half the subscribers follow Subscription.changes, half
// Subscription.timelineUpdates (unfiltered); every write is a createEvent,
// which both deliver.
//
// With --filtered, the timelineUpdates half each follow one actor with a
// filter of their own (distinct `to` days, so no two share a filter and none
// shares the work of matching), and the writes alternate between creating a
// statement by that actor and deleting the last one: a delete is matched by
// asking the database whether the item was in each filter before the change.
//
// Starts the server itself (`tsx src/main.ts`, a child process, so its memory
// is its own) on a fresh database: a temporary embedded one, or with
// --postgres URL a new database on that server, dropped afterwards.
//
//   npm run bench:subscribers -- --subscribers 1000 --writes 30
//   npm run bench:subscribers -- --postgres postgres://postgres@127.0.0.1:5432/postgres
//
// The commit happens somewhere between sending the mutation and receiving its
// answer, and subscribers often have the event before the writer has its
// answer; so the delay is measured from the moment the mutation was sent, an
// upper bound on commit -> delivery, and the write's own time is printed
// beside it. Three writes after the subscribers open are delivered but not
// measured (warm-up).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeGlobalID } from '@pothos/plugin-relay';
import postgres from 'postgres';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { createKey } from '../src/domain/keys.js';

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000' },
    writes: { type: 'string', default: '30' },
    /** Milliseconds between writes. */
    interval: { type: 'string', default: '1000' },
    postgres: { type: 'string' },
    filtered: { type: 'boolean', default: false },
  },
});
const N = Number(args.subscribers);
const WRITES = Number(args.writes);
const INTERVAL = Number(args.interval);

const CHANGES = 'subscription { changes { id mutation author } }';
const TIMELINE = 'subscription { timelineUpdates { operation itemId cursor item { ... on Event { title } } change { id } } }';
const CREATE_EVENT = 'mutation($i: CreateEventInput!) { createEvent(input: $i) { change { id } userErrors { code } } }';
const FILTERED = !!args.filtered;
const followed = (i: number, actor: string) => {
  const to = new Date(Date.UTC(2030, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  return `subscription { timelineUpdates(filter: { actors: ["${actor}"], to: "${to}" }) { operation itemId cursor matchesFilter change { id } } }`;
};
const CREATE_ACTOR = 'mutation { createActor(input: { name: "Followed speaker", kind: PERSON }) { actor { id } } }';
const CREATE_STATEMENT = 'mutation($i: CreateStatementInput!) { createStatement(input: $i) { statement { id } change { id } userErrors { code } } }';
const DELETE_STATEMENT = 'mutation($i: DeleteInput!) { deleteStatement(input: $i) { change { id } userErrors { code } } }';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) * 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// --- a fresh database with an EDITOR key ---
let env: Record<string, string>;
let cleanup: () => Promise<void>;
let key: string;
if (args.postgres) {
  const name = `claimline_bench_${Date.now()}`;
  const admin = postgres(args.postgres, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(args.postgres);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await migrateDatabase(handle);
  key = await createKey(handle.db, 'bench', 'EDITOR');
  await handle.close();
  env = { DATABASE_URL: url.toString() };
  cleanup = async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
} else {
  const dir = mkdtempSync(join(tmpdir(), 'claimline-bench-'));
  const handle = await openDatabase({ dataDir: dir });
  await migrateDatabase(handle);
  key = await createKey(handle.db, 'bench', 'EDITOR');
  await handle.close();
  env = { DATA_DIR: dir };
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

// --- the server, as its own process ---
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', SEED_ON_START: 'false', MAX_SUBSCRIPTIONS: String(N + 10) },
  stdio: ['ignore', 'ignore', 'inherit'],
});
// The server and the database go when the bench ends, however it ends.
try {
  for (let ready = false; !ready; await sleep(200)) {
    if (server.exitCode != null) throw new Error('the server exited');
    ready = await fetch(`${base}/ready`).then((r) => r.ok, () => false);
  }

  // Interrupted (Ctrl-C), the server still goes.
  process.on('exit', () => server.kill('SIGKILL'));

  async function post<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown };
    if (!body.data) throw new Error(`write failed: ${JSON.stringify(body)}`);
    return body.data;
  }
  const actor = FILTERED ? (await post<{ createActor: { actor: { id: string } } }>(CREATE_ACTOR)).createActor.actor.id : '';

  let made = 0;
  let lastStatement: string | null = null;
  /** One write: a createEvent; with --filtered, a statement by the followed actor, or the deletion of the last one. */
  async function mutate(i: number): Promise<{ change: { id: string } | null }> {
    if (!FILTERED) return (await post<{ createEvent: { change: { id: string } } }>(CREATE_EVENT, { i: { title: `Bench meeting ${i}`, kind: 'MEETING', start: '2025-11-12' } })).createEvent;
    if (lastStatement) {
      const deleted = (await post<{ deleteStatement: { change: { id: string } } }>(DELETE_STATEMENT, { i: { id: lastStatement } })).deleteStatement;
      lastStatement = null;
      return deleted;
    }
    const input = { title: `Bench remarks ${i}`, kind: 'REMARKS', date: '2025-11-12', participants: [{ actor, role: 'SPEAKER' }] };
    const created = (await post<{ createStatement: { statement: { id: string }; change: { id: string } } }>(CREATE_STATEMENT, { i: input })).createStatement;
    lastStatement = created.statement.id;
    return created;
  }
  async function write(): Promise<{ changeId: number; sent: number; answered: number }> {
    const i = ++made;
    const sent = performance.now();
    const result = await mutate(i);
    const answered = performance.now();
    if (!result.change) throw new Error(`write ${i} recorded no change`);
    return { changeId: Number(decodeGlobalID(result.change.id).id), sent, answered };
  }

  console.error(`server ready at ${base}`);
  // Warm the server up (modules, plans, pools) before the memory baseline.
  for (let i = 0; i < 5; i++) await write();
  await sleep(1_000);
  const rssBefore = rssOf(server.pid!);

  // --- N subscribers, opened 50 at a time ---
  /** changeId -> arrival times (ms, performance.now) of the event carrying that id. */
  const arrivals = new Map<number, number[]>();
  const responses: IncomingMessage[] = [];
  function subscribe(query: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${base}/graphql?query=${encodeURIComponent(query)}`, { headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`subscribe: HTTP ${res.statusCode}`));
        responses.push(res);
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (chunk: string) => {
          const now = performance.now();
          text += chunk;
          for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
            const block = text.slice(0, end);
            text = text.slice(end + 2);
            const id = /^id: (.+)$/m.exec(block)?.[1];
            if (id) {
              const changeId = Number(decodeGlobalID(id).id);
              const list = arrivals.get(changeId) ?? [];
              list.push(now);
              arrivals.set(changeId, list);
            }
          }
        });
        resolve();
      });
      req.on('error', reject);
      req.end();
    });
  }
  for (let opened = 0; opened < N; opened += 50) {
    await Promise.all(Array.from({ length: Math.min(50, N - opened) }, (_, i) => subscribe((opened + i) % 2 ? (FILTERED ? followed(opened + i, actor) : TIMELINE) : CHANGES)));
  }
  console.error(`${N} subscribers open`);
  await sleep(3_000);
  const rssOpen = rssOf(server.pid!);

  // Three writes the subscribers receive before the measured ones: the first
  // deliveries also compile the code paths they take.
  for (let i = 0; i < 3; i++) {
    await write();
    await sleep(INTERVAL);
  }

  // --- one write a second ---
  const writes: { changeId: number; sent: number; answered: number }[] = [];
  for (let i = 0; i < WRITES; i++) {
    const started = performance.now();
    writes.push(await write());
    await sleep(Math.max(0, INTERVAL - (performance.now() - started)));
  }
  // Every delivery, or 30 s without one more: late events count with their delay, lost ones as missing.
  const delivered = () => writes.reduce((n, w) => n + (arrivals.get(w.changeId)?.length ?? 0), 0);
  for (let seen = -1, waited = 0; delivered() < WRITES * N && waited < 30_000; waited = delivered() === seen ? waited + 500 : 0) {
    seen = delivered();
    await sleep(500);
  }
  const rssAfter = rssOf(server.pid!);

  const fromSend: number[] = [];
  const writeTimes = writes.map((w) => w.answered - w.sent);
  let missing = 0;
  for (const { changeId, sent } of writes) {
    const times = arrivals.get(changeId) ?? [];
    missing += N - times.length;
    for (const t of times) fromSend.push(t - sent);
  }
  const pct = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  };
  const ms = (v: number) => `${v.toFixed(1)} ms`;

  console.log(`claimline live updates: ${N} SSE subscribers (half changes, half timelineUpdates${FILTERED ? ' each with its own actor filter; writes create and delete statements by that actor' : ''}), ${WRITES} writes ${INTERVAL} ms apart, ${args.postgres ? 'Postgres' : 'embedded database'}`);
  console.log(`server RSS: ${mb(rssBefore)} before, ${mb(rssOpen)} with ${N} open, ${mb(rssAfter)} after the writes`);
  console.log(`memory per open subscriber: ${((rssOpen - rssBefore) / N / 1024).toFixed(1)} kB (after the writes: ${((rssAfter - rssBefore) / N / 1024).toFixed(1)} kB)`);
  console.log(`write sent -> delivered (commit -> delivery, at most): p50 ${ms(pct(fromSend, 50))}, p99 ${ms(pct(fromSend, 99))}, max ${ms(Math.max(...fromSend))}`);
  console.log(`write sent -> answered (the write itself): p50 ${ms(pct(writeTimes, 50))}, p99 ${ms(pct(writeTimes, 99))}`);
  console.log(`deliveries: ${fromSend.length} of ${WRITES * N} expected, ${missing} missing`);
  if (missing) console.log(`missing, by write: ${writes.map((w, i) => `${i + 1}: ${N - (arrivals.get(w.changeId)?.length ?? 0)}`).filter((t) => !t.endsWith(': 0')).join(', ')}`);

  for (const res of responses) res.destroy();
} finally {
  if (server.exitCode == null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  await cleanup();
}
process.exit(0);
