// claimline vs PostGraphile 5 (amber preset) vs a hand-written SQL floor, on
// one Postgres database of generated data. Checks that each pair answers the
// same data, counts SQL statements per request, then runs autocannon in
// interleaved rounds (every server takes its turn on a query before the next
// query starts, in a rotating order), so a noisy neighbour hits all three
// alike. Ratios are computed within a round, then the median is reported.
//
//   cd bench/compare && npm install && npm run compare -- --rounds 3 --duration 10
import { isDeepStrictEqual, parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { databaseUrl, generateData, hasData } from './generate-data.js';
import { compareQueries, type CompareQuery, loadFixtures, type Operation } from './queries.js';
import { cpuMs, type Running, rssMiB, type ServerName, StatementCounter, startServer, unpackCommit } from './servers.js';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    database: { type: 'string', default: 'claimline_compare' },
    items: { type: 'string', default: '100000' },
    fresh: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10,50' },
    /** Comma-separated substrings of query names to run (default: all). */
    only: { type: 'string' },
    /** Check answers and count statements, then stop. */
    'check-only': { type: 'boolean', default: false },
    /** Also run claimline as of this commit, for before/after ratios from the same rounds. */
    before: { type: 'string' },
    /** Seconds of unrecorded load per server and query before the rounds, so no run measures a cold process. */
    warmup: { type: 'string', default: '2' },
  },
});

const SERVERS: ServerName[] = ['claimline', ...(args.before ? (['before'] as const) : []), 'postgraphile', 'floor'];
const PORTS = { claimline: 5701, postgraphile: 5702, floor: 5703, before: 5704 };
const beforeRoot = args.before ? unpackCommit(args.before) : undefined;
const data = { adminUrl: args.url!, name: args.database!, items: Number(args.items) };
const dbUrl = databaseUrl(data.adminUrl, data.name);

if (args.fresh || !(await hasData(data))) {
  console.log(`generating ${data.items} items in database ${data.name}...`);
  const started = Date.now();
  await generateData(data, console.log);
  console.log(`generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** One request as autocannon will send it, for a server and a query. */
function requestFor(server: ServerName, query: CompareQuery, index: number): { path: string; body: string } | null {
  if (server === 'floor') return query.floor ? { path: `/${index}`, body: '{}' } : null;
  const op: Operation | undefined = server === 'claimline' || server === 'before' ? query.claimline : query.postgraphile;
  return op ? { path: '/graphql', body: JSON.stringify(op) } : null;
}

async function send(base: string, request: { path: string; body: string }): Promise<any> {
  const response = await fetch(base.replace(/\/graphql$/, '') + request.path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: request.body,
  });
  const json = (await response.json()) as { data?: unknown; errors?: unknown };
  if (json.errors || !response.ok) throw new Error(`${base}${request.path} answered ${response.status} ${JSON.stringify(json.errors)}`);
  return json.data;
}

async function startAll(urlFor: (name: ServerName) => string, queries: CompareQuery[]): Promise<Record<ServerName, Running>> {
  const floorQueries = queries.map((q) => q.floor ?? null);
  const running = await Promise.all(SERVERS.map((name) => startServer(name, PORTS[name], urlFor(name), floorQueries, beforeRoot)));
  return Object.fromEntries(running.map((r) => [r.name, r])) as Record<ServerName, Running>;
}

// Fixtures need PostGraphile's own cursors, so it starts once alone first.
const db = postgres(dbUrl, { max: 2, onnotice: () => {} });
const bootstrap = await startServer('postgraphile', PORTS.postgraphile, dbUrl, []);
const fixtures = await loadFixtures(db, (op) => send(bootstrap.url, { path: '/graphql', body: JSON.stringify(op) }));
await bootstrap.stop();
await db.end();
const filters = args.only?.split(',').map((s) => s.trim().toLowerCase());
const queries = compareQueries(fixtures).filter((q) => !filters || filters.some((f) => q.name.toLowerCase().includes(f)));

// Phase 1: every server behind a counting relay; check answers, count statements.
const pg = new URL(data.adminUrl);
const counters = Object.fromEntries(
  SERVERS.map((name, i) => [name, new StatementCounter({ host: pg.hostname, port: Number(pg.port || 5432) })]),
) as Record<ServerName, StatementCounter>;
await Promise.all(SERVERS.map((name, i) => counters[name].listen(5711 + i)));
const relayed = await startAll((name) => {
  const url = new URL(dbUrl);
  url.hostname = '127.0.0.1';
  url.port = String(5711 + SERVERS.indexOf(name));
  return url.toString();
}, queries);
const statementsPerRequest = new Map<string, number>();
let mismatches = 0;
for (const [index, query] of queries.entries()) {
  const answers: Partial<Record<ServerName, any>> = {};
  for (const name of SERVERS) {
    const request = requestFor(name, query, index);
    if (!request) continue;
    await send(relayed[name].url, request); // warm: plans, prepared statements, caches
    counters[name].count = 0;
    const times = 5;
    for (let i = 0; i < times; i++) answers[name] = await send(relayed[name].url, request);
    statementsPerRequest.set(`${query.name}|${name}`, counters[name].count / times);
  }
  const claimline = query.canon.claimline(answers.claimline);
  const checks: string[] = [];
  if (answers.floor !== undefined) {
    const same = isDeepStrictEqual(claimline, query.canon.claimline(answers.floor));
    checks.push(`floor ${same ? 'same' : 'DIFFERENT'}`);
    if (!same) mismatches++, console.log(JSON.stringify(claimline), '\n', JSON.stringify(query.canon.claimline(answers.floor)));
  }
  if (answers.before !== undefined) {
    const same = isDeepStrictEqual(claimline, query.canon.claimline(answers.before));
    checks.push(`before ${same ? 'same' : 'DIFFERENT'}`);
    if (!same) mismatches++, console.log(JSON.stringify(claimline), '\n', JSON.stringify(query.canon.claimline(answers.before)));
  }
  if (answers.postgraphile !== undefined && query.canon.postgraphile) {
    const same = isDeepStrictEqual(claimline, query.canon.postgraphile(answers.postgraphile));
    checks.push(`PostGraphile ${same ? 'same' : 'DIFFERENT'}`);
    if (!same) mismatches++, console.log(JSON.stringify(claimline), '\n', JSON.stringify(query.canon.postgraphile(answers.postgraphile)));
  }
  const counts = SERVERS.map((name) => `${name} ${statementsPerRequest.get(`${query.name}|${name}`) ?? '-'}`).join(', ');
  console.log(`check ${query.name}: ${checks.join(', ')}; SQL statements per request: ${counts}`);
}
await Promise.all(SERVERS.map((name) => relayed[name].stop()));
await Promise.all(SERVERS.map((name) => counters[name].close()));
if (mismatches) {
  console.error(`${mismatches} answers differ; no load run.`);
  process.exit(1);
}
if (args['check-only']) process.exit(0);

// Phase 2: the load, straight to the database.
const servers = await startAll(() => dbUrl, queries);
interface Sample {
  rps: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
  errors: number;
}
const samples = new Map<string, Sample[]>();
const rounds = Number(args.rounds);
const connectionCounts = args.connections!.split(',').map(Number);
let peakRss: Record<ServerName, number> = { claimline: 0, before: 0, postgraphile: 0, floor: 0 };

const monitor = postgres(dbUrl, { max: 1, onnotice: () => {} });
/** Waits until the database runs nothing for the servers: a slow query outliving its run would weigh on the next one. */
async function settle(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const [row] = await monitor`SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = ${data.name} AND state = 'active' AND pid <> pg_backend_pid()`;
    if (!row!.n) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until a server has stopped working off requests that outlived the last run (its CPU time stands still). */
async function quiet(server: Running): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const before = cpuMs(server.child.pid!);
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (cpuMs(server.child.pid!) - before <= 10) return;
  }
}

async function load(server: Running, request: { path: string; body: string }, connections: number): Promise<Sample> {
  await Promise.all(SERVERS.map((name) => quiet(servers[name])));
  await settle();
  const before = cpuMs(server.child.pid!);
  const result = await autocannon({
    url: server.url.replace(/\/graphql$/, '') + request.path,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: request.body,
    connections,
    duration: Number(args.duration),
  });
  const requests = result.requests.total || 1;
  peakRss[server.name] = Math.max(peakRss[server.name], rssMiB(server.child.pid!));
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequest: (cpuMs(server.child.pid!) - before) / requests,
    errors: result.errors + result.non2xx,
  };
}

// A server that has just started compiles its code on the first requests of
// each query; the rounds measure servers as they run for hours, so each
// answers each query for a while first, unrecorded.
if (Number(args.warmup) > 0) {
  for (const [index, query] of queries.entries()) {
    for (const name of SERVERS) {
      const request = requestFor(name, query, index);
      if (request) await autocannon({ url: servers[name].url.replace(/\/graphql$/, '') + request.path, method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body, connections: 10, duration: Number(args.warmup) });
    }
  }
  console.log(`warm-up done: ${args.warmup} s per server and query`);
}

for (let round = 0; round < rounds; round++) {
  for (const connections of connectionCounts) {
    for (const [index, query] of queries.entries()) {
      // Rotate who goes first, so no server always runs right after a warm-up by another.
      const order = SERVERS.map((_, i) => SERVERS[(i + round + index) % SERVERS.length]!);
      for (const name of order) {
        const request = requestFor(name, query, index);
        if (!request) continue;
        const sample = await load(servers[name], request, connections);
        const key = `${query.name}|${connections}|${name}`;
        samples.set(key, [...(samples.get(key) ?? []), sample]);
      }
    }
    console.log(`round ${round + 1}/${rounds} at ${connections} connections done`);
  }
}
await Promise.all(SERVERS.map((name) => servers[name].stop()));
await monitor.end();

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2 : NaN;
};
/** The median over rounds of one server's rate (claimline's unless told) divided by the other's, both from the same round. */
function ratio(query: string, connections: number, other: ServerName, own: ServerName = 'claimline'): string {
  const mine = samples.get(`${query}|${connections}|${own}`) ?? [];
  const theirs = samples.get(`${query}|${connections}|${other}`) ?? [];
  if (!mine.length || !theirs.length) return 'n/a';
  return median(mine.map((s, i) => s.rps / theirs[i]!.rps)).toFixed(2);
}

const cell = (name: ServerName, query: string, connections: number) => {
  const list = samples.get(`${query}|${connections}|${name}`);
  if (!list) return 'n/a';
  const errors = list.reduce((n, s) => n + s.errors, 0);
  return `${median(list.map((s) => s.rps)).toFixed(0)} r/s, p50 ${median(list.map((s) => s.p50))} p99 ${median(list.map((s) => s.p99))} ms, ${median(list.map((s) => s.cpuPerRequest)).toFixed(2)} CPU ms${errors ? `, ${errors} errors` : ''}`;
};

console.log(`\n${rounds} interleaved rounds of ${args.duration} s per server and query; medians; ratios are claimline's req/s over the other's in the same round.\n`);
const withBefore = SERVERS.includes('before');
console.log(
  withBefore
    ? '| query | conns | claimline | claimline before | PostGraphile | floor | claimline / PostGraphile, before -> after | claimline / floor, before -> after | after / before | SQL statements per request (claimline / before / PostGraphile / floor) |'
    : '| query | conns | claimline | PostGraphile | floor | claimline / PostGraphile | claimline / floor | SQL statements per request (claimline / PostGraphile / floor) |',
);
console.log(withBefore ? '|---|---:|---|---|---|---|---:|---:|---:|---|' : '|---|---:|---|---|---|---:|---:|---|');
for (const query of queries) {
  const statements = SERVERS.map((name) => statementsPerRequest.get(`${query.name}|${name}`)?.toString() ?? '-').join(' / ');
  for (const connections of connectionCounts) {
    const pg = ratio(query.name, connections, 'postgraphile');
    const floor = ratio(query.name, connections, 'floor');
    console.log(
      withBefore
        ? `| ${query.name} | ${connections} | ${cell('claimline', query.name, connections)} | ${cell('before', query.name, connections)} | ${cell('postgraphile', query.name, connections)} | ${cell('floor', query.name, connections)} | ${ratio(query.name, connections, 'postgraphile', 'before')} -> ${pg} | ${ratio(query.name, connections, 'floor', 'before')} -> ${floor} | ${ratio(query.name, connections, 'before')} | ${statements} |`
        : `| ${query.name} | ${connections} | ${cell('claimline', query.name, connections)} | ${cell('postgraphile', query.name, connections)} | ${cell('floor', query.name, connections)} | ${pg} | ${floor} | ${statements} |`,
    );
  }
}
console.log(`\npeak resident memory (MiB): ${SERVERS.map((name) => `${name} ${peakRss[name].toFixed(0)}`).join(', ')}`);
for (const query of queries) if (query.note) console.log(`- ${query.name}: ${query.note}`);
