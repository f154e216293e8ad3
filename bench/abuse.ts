// The abuse suite at scale, against a running server: every named attack of
// the hardening issue (the large ones bigger) and a seeded generated corpus,
// sent with some concurrency while /health is timed. Prints tallies by
// status and code, any answer that breaks the rules, and /health latency.
//
//   npm start            (in another terminal)
//   npm run bench:abuse -- --url http://localhost:4000 --cases 20000 --concurrency 32 [--key <EDITOR key>]
//   Without --key, the hostile writes meet UNAUTHENTICATED; with one they reach the domain layer (and write to that database).
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { CORPUS_SEED, hostileRequestArb, judge, namedAttacks, type HostileRequest } from '../tests/helpers/abuse-corpus.js';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:4000' },
    cases: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
    seed: { type: 'string', default: String(CORPUS_SEED) },
    /** An EDITOR key (npm run keys -- create abuse --role EDITOR): hostile writes are sent with it. */
    key: { type: 'string' },
  },
});
const base = args.url!.replace(/\/$/, '');
const cases = Number(args.cases);
const concurrency = Number(args.concurrency);

const byStatus = new Map<number, number>();
const byCode = new Map<string, number>();
const problems: string[] = [];
const healthMs: number[] = [];
let failedToAnswer = 0;

function count<K>(map: Map<K, number>, key: K) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

async function send(request: HostileRequest): Promise<void> {
  try {
    const response = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers: {
        ...(request.contentType ? { 'content-type': request.contentType } : {}),
        ...(request.authorized && args.key ? { authorization: `Bearer ${args.key}` } : {}),
      },
      body: request.body,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    count(byStatus, response.status);
    try {
      for (const error of JSON.parse(text).errors ?? []) count(byCode, String(error.extensions?.code));
    } catch {
      /* judged below */
    }
    const verdict = judge(response.status, text);
    if (!verdict.ok) problems.push(`${request.name}: ${verdict.problem} (HTTP ${response.status}) ${text.slice(0, 200)}`);
  } catch (error) {
    failedToAnswer++;
    problems.push(`${request.name}: no answer (${(error as Error).message})`);
  }
}

async function pollHealth(stop: { done: boolean }) {
  while (!stop.done) {
    const started = performance.now();
    try {
      await fetch(`${base}/health`, { signal: AbortSignal.timeout(30_000) });
      healthMs.push(performance.now() - started);
    } catch {
      healthMs.push(Number.POSITIVE_INFINITY);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runAll(requests: HostileRequest[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) await send(requests[next++]!);
    }),
  );
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

const attacks = namedAttacks(1);
const generated = fc.sample(hostileRequestArb, { seed: Number(args.seed), numRuns: cases });
console.log(`claimline abuse bench: ${attacks.length} named attacks, then ${generated.length} generated requests (seed ${args.seed}), ${concurrency} at a time, against ${base}`);
const stop = { done: false };
const health = pollHealth(stop);
const started = performance.now();
for (const attack of attacks) await send(attack);
await runAll(generated);
const seconds = (performance.now() - started) / 1000;
stop.done = true;
await health;

console.log(`\n${attacks.length + generated.length} requests in ${seconds.toFixed(1)} s (${((attacks.length + generated.length) / seconds).toFixed(0)} requests/s)`);
console.log('by HTTP status:', Object.fromEntries([...byStatus].sort((a, b) => a[0] - b[0])));
console.log('by error code: ', Object.fromEntries([...byCode].sort((a, b) => b[1] - a[1])));
console.log(`/health during the run: p50 ${percentile(healthMs, 50).toFixed(1)} ms, p99 ${percentile(healthMs, 99).toFixed(1)} ms, max ${Math.max(...healthMs).toFixed(1)} ms (${healthMs.length} checks)`);
console.log(`requests without an answer: ${failedToAnswer}`);
console.log(`answers breaking the rules: ${problems.length}`);
for (const problem of problems.slice(0, 20)) console.log(`  ${problem}`);
process.exitCode = problems.length ? 1 : 0;
