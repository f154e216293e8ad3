// Two server processes on one Postgres database, as replicas behind a load
// balancer run: a subscriber on one sees a write made through the other, and
// open event streams hold neither an admission slot nor a subscription place
// once their client is gone. Needs a Postgres server (TEST_DATABASE_URL).
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../src/db/rows.js';
import { createKey } from '../src/domain/keys.js';
import { createTestDatabase, serverUrl, type TestDatabase } from './helpers/database.js';
import { openEventStream } from './helpers/event-stream.js';

const CHANGES = 'subscription { changes { id mutation author } }';
const TIMELINE_UPDATES = 'subscription($f: TimelineFilter) { timelineUpdates(filter: $f) { operation itemId item { ... on Event { title } } } }';
const CREATE_EVENT = 'mutation($i: CreateEventInput!) { createEvent(input: $i) { event { id } change { id } } }';
const CREATE_TOPIC = 'mutation($i: CreateTopicInput!) { createTopic(input: $i) { change { id } } }';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Replica {
  base: string;
  process: ChildProcess;
}

async function startReplica(databaseUrl: string, env: Record<string, string> = {}): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', SEED_ON_START: 'false', GRAPHIQL: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode != null) throw new Error(`the server exited:\n${output}`);
    if (Date.now() > until) throw new Error(`the server did not get ready within 60 s:\n${output}`);
    const ready = await fetch(`${base}/ready`).then((r) => r.ok, () => false);
    if (ready) return { base, process: child };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function stop(replica: Replica | undefined): Promise<void> {
  if (!replica || replica.process.exitCode != null) return Promise.resolve();
  return new Promise((resolve) => {
    replica.process.once('exit', () => resolve());
    replica.process.kill('SIGKILL');
  });
}

describe.skipIf(!serverUrl)('replicas on one Postgres database', () => {
  let database: TestDatabase;
  let a: Replica;
  let b: Replica;
  let editor: string;
  let databaseUrl: string;

  const post = async (replica: Replica, query: string, variables: Record<string, unknown>) => {
    const response = await fetch(`${replica.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${editor}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    editor = await createKey(database.handle.db, 'editor', 'EDITOR');
    const [{ name }] = (await selectRows<{ name: string }>(database.handle.db, sql`SELECT current_database() AS name`)) as [{ name: string }];
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    // A has one admission slot and one subscription place: open streams must hold neither for long.
    databaseUrl = url.toString();
    [a, b] = await Promise.all([startReplica(databaseUrl, { MAX_ACTIVE_REQUESTS: '1', MAX_SUBSCRIPTIONS: '2' }), startReplica(databaseUrl)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await database?.drop();
  });

  it('delivers a write made through replica B to a subscriber on replica A', async () => {
    const changes = await openEventStream(fetch, a.base, CHANGES);
    const timeline = await openEventStream(fetch, a.base, TIMELINE_UPDATES, { variables: { f: { types: ['EVENT'] } } });
    try {
      const made = (await post(b, CREATE_EVENT, { i: { title: 'Talks in Baku', kind: 'MEETING', start: '2025-11-12' } })).createEvent;
      const change = await changes.next(10_000);
      expect(change!.id).toBe(made.change.id);
      expect(change!.data.data.changes).toEqual({ id: made.change.id, mutation: 'createEvent', author: 'editor' });
      const update = await timeline.next(10_000);
      expect(update!.data.data.timelineUpdates).toEqual({ operation: 'CREATE', itemId: made.event.id, item: { title: 'Talks in Baku' } });
    } finally {
      await changes.close();
      await timeline.close();
    }
  });

  it('answers queries while event streams are open, and frees a subscription place when its client hangs up', async () => {
    const first = await openEventStream(fetch, a.base, CHANGES);
    const second = await openEventStream(fetch, a.base, CHANGES);
    // Two open streams and the one admission slot is still free.
    const query = await fetch(`${a.base}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(query.status).toBe(200);
    const refused = await openEventStream(fetch, a.base, CHANGES);
    expect((await refused.next(10_000))!.data.errors[0].extensions.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    await refused.close();

    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = await openEventStream(fetch, a.base, CHANGES);
    try {
      const made = (await post(b, CREATE_TOPIC, { i: { name: 'Replicas' } })).createTopic;
      expect((await again.next(10_000))!.id).toBe(made.change.id);
      expect((await second.next(10_000))!.id).toBe(made.change.id);
    } finally {
      await again.close();
      await second.close();
    }
  });

  it('hangs up on open event streams when stopped, so their clients reconnect elsewhere, and exits cleanly', async () => {
    const leaving = await startReplica(databaseUrl);
    const stream = await openEventStream(fetch, leaving.base, CHANGES);
    const exited = new Promise<number | null>((resolve) => leaving.process.once('exit', (code) => resolve(code)));
    const started = Date.now();
    leaving.process.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The stream ends without `complete`: an EventSource reconnects.
    expect(await stream.next(1_000)).toBeNull();
    expect(stream.hungUp).toBe(true);
  }, 60_000);
});
