// Exports of the curated data, read back and compared with what the GraphQL API
// returns for the same records: NDJSON field by field for every export, the
// timeline's order under filters, CSV through a parser, JSON-LD expanded by a
// JSON-LD processor (offline), TimelineJS's shape, and `all` line by line.
import { parse as parseCsv } from 'csv-parse/sync';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { CSV_OPTIONS, csvHeader, LIST_SEPARATOR } from '../src/export/csv.js';
import { claimLine, recordJson } from '../src/export/json-shape.js';
import { type ClaimRecord, readRecords } from '../src/export/records.js';
import { offlineSchemaOrgLoader } from '../src/export/schema-org-context.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { type Exec, expectNoErrors } from './helpers/graphql.js';

const DATE = 'edtf precision approximate uncertain earliest latest note';
const EXCERPTS = 'excerpts { source { id } start end quote }';

const LISTS = {
  actors: `query($after: String) { actors(first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { node {
    id slug name kind description aliases affiliations { organization { id } role since { ${DATE} } until { ${DATE} } } } } } }`,
  sources: `query($after: String) { sources(first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { node {
    id slug title kind publisher { id } url published { ${DATE} } fileName text } } } }`,
  topics: `query($after: String) { topics(first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id slug name description } } } }`,
  events: `query($after: String) { events(first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { node {
    id slug title kind description start { ${DATE} } end { ${DATE} } place parent { id } participants { actor { id } role } ${EXCERPTS} } } } }`,
  statements: `query($after: String) { statements(first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { node {
    id slug title kind date { ${DATE} } summary participants { actor { id } role } events { id } respondsTo { id } ${EXCERPTS}
    claims(first: 100) { edges { node { id } } } } } } }`,
  claims: `query($after: String) { claims(first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { node {
    id slug text kind date { ${DATE} } claimants { id } subjects { id } events { id } topics { topic { id } stance }
    appearances { statement { id } ${EXCERPTS} } } } } }`,
} as const;

type Node = Record<string, any>;

async function allNodes(exec: Exec, what: keyof typeof LISTS): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const data = expectNoErrors(await exec(LISTS[what], { after }), LISTS[what]) as Record<string, any>;
    const page = data[what];
    nodes.push(...page.edges.map((e: { node: Node }) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

const ids = (list: Node[]): string[] => list.map((x) => x.id);
const excerpts = (list: Node[]) => list.map((e) => ({ source: e.source.id, start: e.start, end: e.end, quote: e.quote }));

/** A GraphQL node in the NDJSON shape: nested records as IDs. */
function asExported(what: keyof typeof LISTS, n: Node): Node {
  switch (what) {
    case 'actors':
      return { type: 'Actor', ...n, affiliations: n.affiliations.map((a: Node) => ({ ...a, organization: a.organization.id })) };
    case 'sources':
      return { type: 'Source', ...n, publisher: n.publisher?.id ?? null };
    case 'topics':
      return { type: 'Topic', ...n };
    case 'events':
      return {
        type: 'Event',
        ...n,
        parent: n.parent?.id ?? null,
        participants: n.participants.map((p: Node) => ({ actor: p.actor.id, role: p.role })),
        excerpts: excerpts(n.excerpts),
      };
    case 'statements':
      return {
        type: 'Statement',
        ...n,
        participants: n.participants.map((p: Node) => ({ actor: p.actor.id, role: p.role })),
        events: ids(n.events),
        respondsTo: ids(n.respondsTo),
        excerpts: excerpts(n.excerpts),
        claims: n.claims.edges.map((e: Node) => e.node.id),
      };
    case 'claims':
      return {
        type: 'Claim',
        ...n,
        claimants: ids(n.claimants),
        subjects: ids(n.subjects),
        events: ids(n.events),
        topics: n.topics.map((t: Node) => ({ topic: t.topic.id, stance: t.stance })),
        appearances: n.appearances.map((a: Node) => ({ statement: a.statement.id, excerpts: excerpts(a.excerpts) })),
      };
  }
}

const TIMELINE = `query($filter: TimelineFilter, $after: String) { timeline(filter: $filter, first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { __typename ... on Event { id } ... on Statement { id } } } } }`;

async function timelineIds(exec: Exec, filter: Record<string, unknown>): Promise<string[]> {
  const result: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data = expectNoErrors(await exec(TIMELINE, { filter, after }), TIMELINE) as Record<string, any>;
    result.push(...data.timeline.edges.map((e: Node) => e.node.id));
    if (!data.timeline.pageInfo.hasNextPage) return result;
    after = data.timeline.pageInfo.endCursor;
  }
}

const IDS = `query { actor(slug: "anca") { id } topic(slug: "azerbaijan-isf-participation") { id } }`;

describe(`exports of the curated data (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);

  async function download(path: string): Promise<{ status: number; type: string | null; text: string }> {
    const response = await api.server.fetch(`http://claimline.test${path}`);
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  }
  const ndjsonLines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Node);

  for (const what of Object.keys(LISTS) as (keyof typeof LISTS)[]) {
    it(`NDJSON of ${what} holds, in the same order, exactly what the API returns`, async () => {
      const exported = await download(`/export/${what}.ndjson`);
      expect(exported.status).toBe(200);
      const api_ = (await allNodes(api.exec, what)).map((n) => asExported(what, n));
      expect(api_.length).toBeGreaterThan(0);
      expect(ndjsonLines(exported.text)).toEqual(api_);
    });
  }

  it('writes each claim line as JSON.stringify writes its JSON shape, byte for byte', async () => {
    const claims: ClaimRecord[] = [];
    for await (const batch of readRecords(api.database.handle.db, 'claims', { conditions: [], scope: null as never, empty: true })) {
      claims.push(...(batch as ClaimRecord[]));
    }
    expect(claims.length).toBeGreaterThan(100);
    const [first] = claims;
    // Text that JSON must escape: quotes, backslashes, control characters, line breaks, a lone surrogate, non-ASCII.
    const awkward = 'a "quote", a \\ backslash, a tab\t, a \u0001, lines\r\n, a lone \ud800, Artsakh’s 🇦🇲';
    claims.push({
      ...first!,
      id: 2 ** 31 - 1,
      text: awkward,
      slug: awkward,
      date: first!.date && { ...first!.date, note: awkward, approximate: true },
      topics: [{ topic: { id: 1, slug: 'x' }, stance: null }],
      appearances: [{ statement: first!.appearances[0]!.statement, excerpts: [] }, ...first!.appearances],
    });
    claims.push({ ...first!, date: null, claimants: [], subjects: [], events: [], topics: [], appearances: [] });
    for (const claim of claims) expect(claimLine(claim)).toBe(`${JSON.stringify(recordJson(claim))}\n`);
  });

  it('NDJSON of relations lists every relation of every claim, with statement, note and day', async () => {
    const claims = await allNodes(api.exec, 'claims');
    const QUERY = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Claim { id relations { kind from { id } to { id } statement { id } note createdOn } } } }`;
    const fromApi: Node[] = [];
    for (let i = 0; i < claims.length; i += 50) {
      const data = expectNoErrors(await api.exec(QUERY, { ids: ids(claims.slice(i, i + 50)) }), QUERY) as { nodes: Node[] };
      for (const c of data.nodes) {
        for (const r of c.relations) fromApi.push({ type: 'ClaimRelation', kind: r.kind, from: r.from.id, to: r.to.id, statement: r.statement?.id ?? null, note: r.note, createdOn: r.createdOn });
      }
    }
    const exported = ndjsonLines((await download('/export/relations.ndjson')).text);
    const key = (r: Node) => `${r.from}|${r.to}|${r.kind}`;
    expect(exported.map(key).sort()).toEqual(fromApi.map(key).sort());
    expect(new Map(exported.map((r) => [key(r), r]))).toEqual(new Map(fromApi.map((r) => [key(r), r])));
  });

  it('`all` tags each line with its type and holds every list once', async () => {
    const lines = ndjsonLines((await download('/export/all.ndjson')).text);
    const count = (type: string) => lines.filter((l) => l.type === type).length;
    expect(count('Actor')).toBe((await allNodes(api.exec, 'actors')).length);
    expect(count('Claim')).toBe((await allNodes(api.exec, 'claims')).length);
    expect(count('Statement')).toBe((await allNodes(api.exec, 'statements')).length);
    expect(count('Event')).toBe((await allNodes(api.exec, 'events')).length);
    expect(count('ClaimRelation')).toBeGreaterThan(0);
    expect(new Set(lines.map((l) => l.type))).toEqual(new Set(['Actor', 'Topic', 'Source', 'Event', 'Statement', 'Claim', 'ClaimRelation']));
  });

  it("the timeline export has the API's timeline order under every filter", async () => {
    const known = expectNoErrors(await api.exec(IDS)) as { actor: { id: string }; topic: { id: string } };
    const cases: [string, Record<string, unknown>][] = [
      ['', {}],
      ['?from=2025', { from: '2025' }],
      ['?to=2025-11', { to: '2025-11' }],
      ['?from=2025-06&to=2026', { from: '2025-06', to: '2026' }],
      ['?actor=anca', { actors: [known.actor.id] }],
      [`?actor=${encodeURIComponent(known.actor.id)}&from=2025`, { actors: [known.actor.id], from: '2025' }],
      ['?topic=azerbaijan-isf-participation', { topics: [known.topic.id] }],
      ['?type=EVENT', { types: ['EVENT'] }],
      ['?type=STATEMENT&statementKind=INTERVIEW,REMARKS', { types: ['STATEMENT'], statementKinds: ['INTERVIEW', 'REMARKS'] }],
      ['?eventKind=BLOCKADE', { eventKinds: ['BLOCKADE'] }],
      ['?search=peacekeeping', { search: 'peacekeeping' }],
    ];
    for (const [query, filter] of cases) {
      const exported = ndjsonLines((await download(`/export/timeline.ndjson${query}`)).text || '{}\n').filter((l) => l.id);
      const expected = await timelineIds(api.exec, filter);
      expect(exported.map((l) => l.id), `timeline${query}`).toEqual(expected);
    }
  });

  it('CSV is RFC 4180: every export parses back, one row per record, quotes, commas, line breaks and non-ASCII intact', async () => {
    for (const what of ['actors', 'sources', 'topics', 'events', 'statements', 'claims', 'relations', 'timeline'] as const) {
      const exported = await download(`/export/${what}.csv`);
      expect(exported.type).toMatch(/^text\/csv/);
      expect(exported.text).toContain('\r\n');
      const rows = parseCsv(exported.text) as string[][];
      expect(rows[0]).toEqual(csvHeader(what));
      const lines = ndjsonLines((await download(`/export/${what}.ndjson`)).text);
      expect(rows.length - 1, what).toBe(lines.length);
    }
    const rows = parseCsv((await download('/export/sources.csv')).text, { columns: true }) as Record<string, string>[];
    const sources = await allNodes(api.exec, 'sources');
    // The full texts hold commas, quotes, line breaks and curly quotes: all come back as they are.
    expect(rows.map((r) => r.text)).toEqual(sources.map((s) => s.text));
    expect(sources.some((s) => /[,"\n’]/.test(s.text))).toBe(true);
    // A lone line feed or carriage return in a field is quoted too, so a reader that takes either for a line end keeps the row whole.
    const tricky = [['one\ntwo', 'three\rfour', 'plain'], ['a, b', 'say "hi"', 'Şuşa']];
    const written = stringifyCsv(tricky, CSV_OPTIONS);
    expect(written).toBe('"one\ntwo","three\rfour",plain\r\n"a, b","say ""hi""",Şuşa\r\n');
    expect(parseCsv(written, { record_delimiter: ['\r\n', '\n', '\r'] })).toEqual(tricky);
    const claims = parseCsv((await download('/export/claims.csv')).text, { columns: true }) as Record<string, string>[];
    const first = (await allNodes(api.exec, 'claims'))[0]!;
    expect(claims[0]!.text).toBe(first.text);
    expect(claims[0]!.quotes).toBe(first.appearances.flatMap((a: Node) => a.excerpts.map((e: Node) => e.quote)).join(LIST_SEPARATOR));
    expect(claims[0]!.date_edtf).toBe(first.date.edtf);
  });

  it('JSON-LD expands with a JSON-LD processor into schema.org claims, authors and appearances carrying the quotes', async () => {
    const exported = await download('/export/claims.jsonld?actor=anca');
    expect(exported.type).toMatch(/^application\/ld\+json/);
    const doc = JSON.parse(exported.text);
    expect(doc['@context']).toBe('https://schema.org');
    const expanded = await jsonld.expand(doc, { documentLoader: offlineSchemaOrgLoader as never });
    const S = 'https://schema.org/';
    const claims = expanded.filter((n) => (n['@type'] as string[]).includes(`${S}Claim`));
    expect(claims.length).toBe(doc['@graph'].length);
    const claim = claims[0] as Record<string, any>;
    expect(claim[`${S}author`].some((a: Node) => a['@id'] === 'urn:claimline:actor:anca')).toBe(true);
    expect(claim[`${S}author`][0]['@type'][0]).toMatch(/^https:\/\/schema\.org\/(Person|Organization)$/);
    const appearance = claim[`${S}appearance`][0];
    expect(appearance['@type']).toEqual([`${S}CreativeWork`]);
    expect(appearance[`${S}text`][0]['@value'].length).toBeGreaterThan(0);
    expect(claim[`${S}firstAppearance`]).toBeDefined();

    // Only dates known to their precision: an uncertain date ('2026?') gives no datePublished.
    const all = JSON.parse((await download('/export/claims.jsonld')).text)['@graph'] as Node[];
    const ndjson = ndjsonLines((await download('/export/claims.ndjson')).text);
    ndjson.forEach((c, i) => {
      if (c.date.uncertain || c.date.approximate || c.date.edtf.includes('/')) expect(all[i]!.datePublished, c.slug).toBeUndefined();
      else expect(all[i]!.datePublished, c.slug).toBe(c.date.edtf);
    });
    const actors = await jsonld.expand(JSON.parse((await download('/export/actors.jsonld')).text), { documentLoader: offlineSchemaOrgLoader as never });
    const anca = actors.find((a) => a['@id'] === 'urn:claimline:actor:anca') as Record<string, any>;
    expect(anca['@type']).toEqual([`${S}Organization`]);
    expect(anca[`${S}alternateName`].map((v: Node) => v['@value'])).toContain('ANCA');
  });

  it('TimelineJS: events in timeline order with only the known date parts, display_date for uncertain dates, headline, group, unique_id', async () => {
    const exported = await download('/export/timeline.json?actor=anca&from=2025');
    expect(exported.type).toMatch(/^application\/json/);
    const { events } = JSON.parse(exported.text) as { events: Node[] };
    const ndjson = ndjsonLines((await download('/export/timeline.ndjson?actor=anca&from=2025')).text);
    expect(events.map((e) => e.unique_id)).toEqual(ndjson.map((r) => `${r.type.toLowerCase()}-${r.slug}`));
    events.forEach((event, i) => {
      const record = ndjson[i]!;
      const date = record.type === 'Event' ? record.start : record.date;
      expect(event.group).toBe(record.type);
      expect(event.text.headline.length).toBeGreaterThan(0);
      const keys = Object.keys(event.start_date);
      if (date.edtf.includes('/')) expect(event.display_date).toBeTruthy();
      else expect(keys).toEqual({ DAY: ['year', 'month', 'day'], MONTH: ['year', 'month'], YEAR: ['year'], DECADE: ['year'] }[date.precision as string]);
      if (date.uncertain || date.approximate) expect(event.display_date).toBeTruthy();
      if (!date.uncertain && !date.approximate && !date.edtf.includes('/') && date.precision !== 'DECADE') expect(event.display_date).toBeUndefined();
    });
    expect(events.length).toBeGreaterThan(0);
  });

  it('refuses formats that cannot hold an export', async () => {
    const refused = await download('/export/actors.json');
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
