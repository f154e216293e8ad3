// Load figures: a realistic mix of read queries (timeline pages, lists,
// an actor with its statements, search, a claim walk, node lookups) at 200
// concurrent connections for 60 s against a running server, with autocannon.
// Prints requests/s, latency p50/p99 and errors.
//
//   npm start            (in another terminal)
//   npm run bench:load -- --url http://localhost:4000 --connections 200 --duration 60
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:4000' },
    connections: { type: 'string', default: '200' },
    duration: { type: 'string', default: '60' },
    /** Seconds autocannon waits for an answer before it counts a timeout. */
    timeout: { type: 'string', default: '10' },
  },
});
const base = args.url!.replace(/\/$/, '');

/** The mix: what a timeline front end, a list view, a profile page and a search box ask for. */
const MIX: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  { name: 'timeline page', query: '{ timeline(first: 20) { totalCount edges { cursor node { __typename ... on Statement { title date { display } } ... on Event { title start { display } } } } } }' },
  { name: 'timeline filtered', query: '{ timeline(first: 20, filter: { from: "2025-10", search: "Azerbaijan" }) { edges { node { __typename } } } }' },
  { name: 'statements page', query: '{ statements(first: 20) { edges { node { title kind date { edtf } participants { role actor { name } } signatories(first: 10) { edges { node { name } } } } } } }' },
  { name: 'actor profile', query: '{ actor(slug: "anca") { name statements(first: 10) { edges { node { title claims(first: 10) { edges { node { text } } } } } } } }' },
  { name: 'search', query: 'query($q: String!) { search(query: $q, first: 10) { totalCount edges { node { __typename } } } }', variables: { q: 'stabilization force' } },
  { name: 'claims with relations', query: '{ claims(first: 20) { edges { node { text claimants { name } incomingRelations { kind from { text } } } } } }' },
  { name: 'actors list', query: '{ actors(first: 50) { totalCount edges { node { name kind } } } }' },
];

const requests = MIX.map(({ query, variables }) => ({
  method: 'POST' as const,
  path: '/graphql',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
}));

// Every operation must answer cleanly once before the load starts.
for (const { name, query, variables } of MIX) {
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { errors?: unknown[] };
  if (!response.ok || body.errors) throw new Error(`${name} fails: HTTP ${response.status} ${JSON.stringify(body.errors)}`);
}

const result = await autocannon({
  url: base,
  connections: Number(args.connections),
  duration: Number(args.duration),
  timeout: Number(args.timeout),
  requests,
});

console.log(`claimline load: ${MIX.length} read operations in rotation, ${args.connections} connections, ${args.duration} s, ${base}`);
console.log(`requests/s: mean ${result.requests.average.toFixed(0)}, p50 ${result.requests.p50}`);
console.log(`latency ms: p50 ${result.latency.p50}, p99 ${result.latency.p99}, max ${result.latency.max}`);
console.log(`requests: ${result.requests.total}, errors: ${result.errors}, timeouts: ${result.timeouts}, non-2xx: ${result.non2xx}`);
