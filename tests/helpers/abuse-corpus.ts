// Hostile requests, shared by the abuse test (in-process) and bench/abuse.ts
// (against a running server): the attacks an attacker tried, by name, and a
// seeded generator of malformed queries, variables, IDs, cursors, dates and
// search strings. Also the rules every answer must keep.
import fc from 'fast-check';
import { encodeGlobalID } from '@pothos/plugin-relay';

export interface HostileRequest {
  name: string;
  method: 'GET' | 'POST';
  /** Path and query string, e.g. /graphql?query=... */
  path: string;
  contentType?: string;
  body?: string;
  /** Sent with an EDITOR key (writes), when the runner has one. */
  authorized?: boolean;
}

const NODE_TYPES = ['Actor', 'Source', 'Statement', 'Claim', 'Event', 'Topic', 'Foo', ''];

function post(name: string, payload: unknown, contentType = 'application/json'): HostileRequest {
  return { name, method: 'POST', path: '/graphql', contentType, body: typeof payload === 'string' ? payload : JSON.stringify(payload) };
}

function idList(n: number): string[] {
  return Array.from({ length: n }, (_, i) => encodeGlobalID('Actor', i + 1));
}

const NODES = 'query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }';
const IMPORT = 'mutation($content: String!) { importDocument(input: { format: YAML, content: $content }) { userErrors { field code } } }';

/** Ten levels of aliases, each ten times the last: 10^10 nodes if expanded. */
function yamlBomb(): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`);
  return lines.join('\n');
}
const TIMELINE = 'query T($filter: TimelineFilter) { timeline(filter: $filter) { totalCount edges { cursor } } }';

/** The attacks of the hardening issue, each by name. `scale` multiplies the large ones (bench runs bigger). */
export function namedAttacks(scale = 1): HostileRequest[] {
  const deep = (n: number) => `${'['.repeat(n)}"x"${']'.repeat(n)}`;
  return [
    post('a million IDs in a variable', { query: NODES, variables: { ids: idList(1_000_000 * scale) } }),
    post('100,000 IDs in a variable', { query: NODES, variables: { ids: idList(100_000) } }),
    post('70,000 actor IDs in a timeline filter', { query: TIMELINE, variables: { filter: { actors: idList(70_000) } } }),
    post('101 IDs inline', `{"query":"{ nodes(ids: [${idList(101).map((id) => `\\"${id}\\"`).join(',')}]) { id } }"}`),
    post('NUL in a slug', { query: 'query($s: String!) { actor(slug: $s) { id } }', variables: { s: 'a\u0000' } }),
    post('NUL in a search', { query: 'query($q: String!) { search(query: $q) { totalCount } }', variables: { q: '\u0000' } }),
    post('NUL in a cursor', { query: 'query($a: String) { statements(after: $a) { totalCount } }', variables: { a: '\u0000' } }),
    post('NUL inline', { query: '{ actor(slug: "\\u0000") { id } }' }),
    post('year 0000', { query: TIMELINE, variables: { filter: { from: '0000' } } }),
    post('year 300000', { query: TIMELINE, variables: { filter: { to: '300000' } } }),
    post('a Date of year 0', { query: '{ claims(filter: { standingAsOf: "0000-01-01" }) { totalCount } }' }),
    post('a list literal nested 2,000 deep', { query: `{ nodes(ids: ${deep(2000)}) { id } }` }),
    post('variables nested 100,000 deep', `{"query":${JSON.stringify(NODES)},"variables":{"ids":${deep(100_000)}}}`),
    post('__typename aliases', { query: `{ ${Array.from({ length: 200 }, (_, i) => `t${i}: __typename`).join(' ')} }` }),
    post('an alias flood', { query: `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: actors { totalCount }`).join(' ')} }` }),
    post('a fan-out of a million', {
      query: '{ actors(first: 100) { edges { node { statements(first: 100) { edges { node { claims(first: 100) { edges { node { text } } } } } } } } } }',
    }),
    post('a 1 MB search string', { query: 'query($q: String!) { search(query: $q) { totalCount } }', variables: { q: 'a '.repeat(500_000) } }),
    post('a form post', 'query=%7B__typename%7D', 'application/x-www-form-urlencoded'),
    post('a multipart post', '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{__typename}\r\n--x--', 'multipart/form-data; boundary=x'),
    post('a text/plain post', '{"query":"{__typename}"}', 'text/plain'),
    post('invalid JSON', '{"query": "{ __typename }"'),
    post('a JSON null body', 'null'),
    post('a batch array', [{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    post('variables as a string', { query: NODES, variables: 'ids' }),
    post('a huge number of tokens', { query: `{ ${'__typename '.repeat(20_000)} }` }),
    { name: 'a mutation over GET', method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation { __typename }')}` },
    { ...post('a YAML alias bomb in importDocument', { query: IMPORT, variables: { content: yamlBomb() } }), authorized: true },
    { ...post('a document of 7 MB', { query: IMPORT, variables: { content: 'x'.repeat(7_000_000) } }), authorized: true },
    { ...post('a claim text of 1 MB', { query: 'mutation($t: String!) { createTopic(input: { name: $t }) { userErrors { code } } }', variables: { t: 'x'.repeat(1_000_000) } }), authorized: true },
    post('a mutation without a key', { query: 'mutation { createTopic(input: { name: "x" }) { topic { id } } }' }),
    { name: 'broken percent-encoding over GET', method: 'GET', path: '/graphql?query=%E0%A4%A&variables=%' },
    { name: 'a query over GET with a bad variable', method: 'GET', path: `/graphql?query=${encodeURIComponent(NODES)}&variables=%7Bnope` },
  ];
}

// --- the generated corpus ---

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', "'; drop table actors; --", '%s%n', '../../etc/passwd', '${7*7}', '\\', '"'),
);

const idArb = fc.oneof(
  fc.base64String({ maxLength: 40 }),
  fc.tuple(fc.constantFrom(...NODE_TYPES), fc.oneof(fc.nat().map(String), hostileString, fc.constant('99999999999'))).map(([t, id]) =>
    encodeGlobalID(t, id),
  ),
  hostileString,
);

const cursorArb = fc.oneof(
  fc.array(fc.oneof(fc.constantFrom('statements', 'timeline', 'actors', 'search'), fc.string(), fc.integer(), fc.double(), fc.constant(null)), {
    maxLength: 6,
  }).map((values) => Buffer.from(JSON.stringify(values)).toString('base64url')),
  fc.base64String({ maxLength: 60 }),
  hostileString,
);

const dateArb = fc.oneof(
  fc.tuple(fc.integer({ min: -99999, max: 999999 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 })).map(
    ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
  fc.constantFrom('0000', '000X', '9999', '2025-12/2026-01', '../2026', '2025?-12', '2025-13', 'Y170000002', '2025-02-29', '1e9', ''),
  hostileString,
);

const searchArb = fc.oneof(
  hostileString,
  fc.array(fc.constantFrom('"', '*', '-', 'or', 'and', '&', '|', '!', ':', '(', ')', '<->', 'azerbaijan', '\u0000', ' '), { maxLength: 30 }).map((p) => p.join('')),
  fc.string({ minLength: 190, maxLength: 260 }),
);

const intArb = fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1e20, 0.5, Number.MAX_SAFE_INTEGER));
const anyJson = fc.jsonValue({ maxDepth: 4 });

const OPERATIONS: [string, Record<string, fc.Arbitrary<unknown>>][] = [
  ['query($id: ID!) { node(id: $id) { id } }', { id: idArb }],
  [NODES, { ids: fc.array(idArb, { maxLength: 110 }) }],
  ['query($q: String!, $first: Int) { search(query: $q, first: $first) { totalCount edges { node { __typename } } } }', { q: searchArb, first: intArb }],
  ['query($a: String, $f: Int) { statements(after: $a, first: $f) { edges { cursor } } }', { a: cursorArb, f: intArb }],
  ['query($b: String, $l: Int) { timeline(before: $b, last: $l) { edges { cursor } } }', { b: cursorArb, l: intArb }],
  ['query($a: String) { search(query: "azerbaijan", after: $a) { totalCount } }', { a: cursorArb }],
  [TIMELINE, { filter: fc.record({ from: dateArb, to: dateArb, search: searchArb, actors: fc.array(idArb, { maxLength: 5 }) }, { requiredKeys: [] }) }],
  ['query($f: ClaimFilter) { claims(filter: $f) { totalCount } }', { f: fc.oneof(anyJson, fc.record({ claimant: idArb, standingAsOf: dateArb, search: searchArb }, { requiredKeys: [] })) }],
  ['query($s: String!) { actor(slug: $s) { name statements(first: 2) { totalCount } } }', { s: hostileString }],
  ['query($f: StatementFilter) { statements(filter: $f) { totalCount } }', { f: anyJson }],
];

/** Writes with hostile inputs, sent with an EDITOR key: every refusal must be a userError or a coded error. */
const WRITES: [string, Record<string, fc.Arbitrary<unknown>>][] = [
  ['mutation($n: String!, $s: String) { createTopic(input: { name: $n, slug: $s }) { topic { id } userErrors { code } } }', { n: hostileString, s: hostileString }],
  [
    'mutation($i: CreateStatementInput!) { createStatement(input: $i) { statement { id } userErrors { field code } } }',
    {
      i: fc.record({
        title: hostileString,
        kind: fc.constantFrom('REMARKS', 'OTHER'),
        date: dateArb,
        participants: fc.array(fc.record({ actor: idArb, role: fc.constantFrom('SPEAKER', 'AUTHOR') }), { maxLength: 3 }),
        excerpts: fc.array(fc.record({ source: idArb, quote: hostileString, start: fc.option(fc.integer({ min: -5, max: 5000 })) }), { maxLength: 3 }),
      }),
    },
  ],
  ['mutation($f: ID!, $t: ID!, $n: String) { relateClaims(input: { from: $f, to: $t, kind: REBUTS, note: $n }) { userErrors { code } } }', { f: idArb, t: idArb, n: hostileString }],
  ['mutation($c: ID!) { revertChange(input: { change: $c }) { userErrors { code } } }', { c: idArb }],
  ['mutation($id: ID!, $v: Int) { deleteActor(input: { id: $id, version: $v }) { userErrors { code } } }', { id: idArb, v: intArb }],
  ['mutation($c: String!) { importDocument(input: { format: YAML, content: $c }) { userErrors { field code } } }', { c: fc.oneof(hostileString, fc.string({ maxLength: 400 }), anyJson.map((v) => JSON.stringify(v))) }],
  ['mutation($c: String!) { importDocument(input: { format: JSON, content: $c }) { userErrors { field code } } }', { c: anyJson.map((v) => JSON.stringify({ source: v, statements: [v] })) }],
];

const writeArb: fc.Arbitrary<HostileRequest> = fc.integer({ min: 0, max: WRITES.length - 1 }).chain((index) => {
  const [query, vars] = WRITES[index]!;
  return fc.record(vars).map((variables) => ({ ...post(`generated write ${index}`, { query, variables }), authorized: true }));
});

const operationArb: fc.Arbitrary<HostileRequest> = fc
  .tuple(fc.integer({ min: 0, max: OPERATIONS.length - 1 }), fc.boolean(), anyJson)
  .chain(([index, replaceVariables, junk]) => {
    const [query, vars] = OPERATIONS[index]!;
    return fc.record(vars, { requiredKeys: [] }).map((variables) => post(`generated operation ${index}`, { query, variables: replaceVariables ? junk : variables }));
  });

/** A valid operation with characters cut out or put in: malformed documents. */
const malformedArb: fc.Arbitrary<HostileRequest> = fc
  .tuple(fc.integer({ min: 0, max: OPERATIONS.length - 1 }), fc.nat(), fc.nat({ max: 20 }), fc.string({ unit: 'binary', maxLength: 20 }))
  .map(([index, at, cut, insert]) => {
    const query = OPERATIONS[index]![0];
    const where = at % (query.length + 1);
    return post('malformed document', { query: query.slice(0, where) + insert + query.slice(where + cut) });
  });

const getArb: fc.Arbitrary<HostileRequest> = fc
  .tuple(fc.integer({ min: 0, max: OPERATIONS.length - 1 }), hostileString, anyJson)
  .map(([index, extra, variables]) => ({
    name: 'generated GET',
    method: 'GET' as const,
    path: `/graphql?query=${encodeURIComponent((OPERATIONS[index]![0] + extra).replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}&variables=${encodeURIComponent(JSON.stringify(variables))}`,
  }));

export const hostileRequestArb: fc.Arbitrary<HostileRequest> = fc.oneof(
  { arbitrary: operationArb, weight: 6 },
  { arbitrary: malformedArb, weight: 3 },
  { arbitrary: getArb, weight: 1 },
  { arbitrary: writeArb, weight: 2 },
);

/** The seed the corpus is generated from; a failure names its seed and path, so it replays exactly. */
export const CORPUS_SEED = 20261123;

// --- what every answer must keep ---

/** HTTP statuses a hostile request may get: client errors, and the documented 503 (outage, timeout, overload). */
const LEAKS = [/\bat [\w.<>]+ \(/, /node_modules/, /\.ts:\d+/, /\/src\//, /\bselect\b.+\bfrom\b/i, /Failed query/, /\bstack\b/i];

export interface Verdict {
  ok: boolean;
  problem?: string;
}

export function judge(status: number, text: string): Verdict {
  if (status >= 500 && status !== 503) return { ok: false, problem: `HTTP ${status}` };
  for (const leak of LEAKS) if (leak.test(text)) return { ok: false, problem: `leaks ${leak}` };
  if (!text) return status === 405 || status < 300 ? { ok: true } : { ok: false, problem: 'empty body' };
  let body: { errors?: { extensions?: { code?: unknown }; message?: string }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'body is not JSON' };
  }
  for (const error of body.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string') return { ok: false, problem: `an error without a code: ${error.message}` };
    if (code === 'INTERNAL_SERVER_ERROR' || error.message === 'Unexpected error.') return { ok: false, problem: `an internal error: ${error.message}` };
  }
  return { ok: true };
}
