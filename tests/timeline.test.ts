// The timeline: one order for events and statements, every filter alone and
// combined, keyset walks both ways (also across inserts), totalCount and
// buckets only when asked, batched SQL, and index use for the common filters.
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTimeline } from '../bench/generate.js';
import { parseFuzzyDate, fuzzyDateToColumns } from '../src/dates/fuzzy-date.js';
import { selectRows } from '../src/db/rows.js';
import { statements } from '../src/db/schema.js';
import { timelinePageQuery, WHOLE_TIMELINE, type TimelineScope } from '../src/loaders/timeline.js';
import { planPage } from '../src/pagination/page-args.js';
import { seedDatabase } from '../src/seed/index.js';
import { createTestDatabase, databaseLabel, type TestDatabase } from './helpers/database.js';
import { errorCodes, type Exec, execFor, expectNoErrors, serverFor } from './helpers/graphql.js';

const ITEM = `
  cursor
  date { edtf earliest latest precision }
  node {
    __typename
    ... on Event { id slug eventKind: kind start { earliest latest precision } end { latest } }
    ... on Statement { id slug statementKind: kind date { earliest latest precision } }
  }`;

const TIMELINE = `query Timeline($filter: TimelineFilter, $order: SortDirection, $first: Int, $after: String, $last: Int, $before: String) {
  timeline(filter: $filter, order: $order, first: $first, after: $after, last: $last, before: $before) {
    edges { ${ITEM} }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const TIMELINE_WITH_COUNTS = `query TimelineCounts($filter: TimelineFilter, $granularity: TimelineGranularity!) {
  timeline(filter: $filter, first: 1) {
    totalCount
    buckets(granularity: $granularity) { start end label count }
  }
}`;

const ALL_EVENTS_AND_STATEMENTS = `query Everything {
  events(first: 100, filter: { from: "1950" }) { edges { node { id slug kind start { earliest latest precision } end { latest } participants { actor { id } } } } }
  statements(first: 100, filter: { from: "1950" }) { edges { node { id slug kind title summary date { earliest latest precision } participants { actor { id } } } } }
  actors(first: 100) { edges { node { id slug } } }
  topics(first: 100) { edges { node { id slug } } }
}`;

const ALL_CLAIMS = `query Claims($after: String) {
  claims(first: 100, after: $after) {
    edges { node { claimants { id } subjects { id } topics { topic { id } } appearances { statement { id } } events { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const ACTOR_TIMELINES = `query ActorTimelines {
  actors(first: 10) { edges { node { slug timeline(first: 3, filter: { types: [STATEMENT] }) { totalCount edges { node { ... on Statement { slug } } } } } } }
}`;

const PRECISION_RANK: Record<string, number> = { DECADE: 0, YEAR: 1, MONTH: 2, DAY: 3 };

interface Item {
  id: string;
  slug: string;
  type: 0 | 1;
  kind: string;
  earliest: string;
  latest: string;
  rank: number;
  actors: Set<string>;
  topics: Set<string>;
  text: string;
}

function numericId(globalId: string): number {
  return Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);
}

function globalId(type: string, id: number): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}

function compare(a: Item, b: Item): number {
  return a.earliest.localeCompare(b.earliest) || a.rank - b.rank || a.type - b.type || numericId(a.id) - numericId(b.id);
}

let database: TestDatabase;
let exec: Exec;
let items: Item[];
let actorIds: Record<string, string>;
let topicIds: Record<string, string>;

async function page(variables: Record<string, unknown>) {
  return expectNoErrors(await exec(TIMELINE, variables), TIMELINE).timeline;
}

async function slugs(variables: Record<string, unknown>): Promise<string[]> {
  return (await page({ first: 100, ...variables })).edges.map((e: any) => e.node.slug);
}

/** Every page of a filter, forward (first/after) or backward (last/before), as one list of slugs. */
async function walk(filter: unknown, size: number, backward: boolean, order = 'ASC', between?: (n: number) => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; ; n++) {
    const p: any = await page(backward ? { filter, order, last: size, before: cursor } : { filter, order, first: size, after: cursor });
    const got = p.edges.map((e: any) => e.node.slug);
    expect(got.length).toBeLessThanOrEqual(size);
    if (backward) seen.unshift(...got);
    else seen.push(...got);
    if (!(backward ? p.pageInfo.hasPreviousPage : p.pageInfo.hasNextPage)) return seen;
    cursor = backward ? p.pageInfo.startCursor : p.pageInfo.endCursor;
    await between?.(n);
  }
}

function expected(filter: (item: Item) => boolean): string[] {
  return items.filter(filter).sort(compare).map((i) => i.slug);
}

const overlaps = (from: string, to: string) => (i: Item) => i.earliest <= to && i.latest >= from;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDatabase(database.handle.db);
  // Far from the seeds (1900s), on three days: many items share a day and a precision.
  await generateTimeline(database.handle.db, { items: 240, prefix: 'tie', firstDay: '1900-01-01', days: 3, actors: 5, topics: 2 });
  exec = execFor(serverFor(database));
  const all = expectNoErrors(await exec(ALL_EVENTS_AND_STATEMENTS), ALL_EVENTS_AND_STATEMENTS);
  actorIds = Object.fromEntries(all.actors.edges.map((e: any) => [e.node.slug, e.node.id]));
  topicIds = Object.fromEntries(all.topics.edges.map((e: any) => [e.node.slug, e.node.id]));
  const claims: any[] = [];
  for (let after: string | null = null; ; ) {
    const batch: any = expectNoErrors(await exec(ALL_CLAIMS, { after }), ALL_CLAIMS).claims;
    claims.push(...batch.edges.map((e: any) => e.node));
    if (!batch.pageInfo.hasNextPage) break;
    after = batch.pageInfo.endCursor;
  }
  const claimsOf = (node: any) =>
    claims.filter((c) => c.appearances.some((a: any) => a.statement.id === node.id) || c.events.some((e: any) => e.id === node.id));
  items = [
    ...all.events.edges.map(({ node }: any): Item => ({
      id: node.id,
      slug: node.slug,
      type: 0,
      kind: node.kind,
      earliest: node.start.earliest,
      latest: node.end?.latest ?? node.start.latest,
      rank: PRECISION_RANK[node.start.precision]!,
      actors: new Set(node.participants.map((p: any) => p.actor.id)),
      topics: new Set(claimsOf(node).flatMap((c: any) => c.topics.map((t: any) => t.topic.id))),
      text: '',
    })),
    ...all.statements.edges.map(({ node }: any): Item => ({
      id: node.id,
      slug: node.slug,
      type: 1,
      kind: node.kind,
      earliest: node.date.earliest,
      latest: node.date.latest,
      rank: PRECISION_RANK[node.date.precision]!,
      actors: new Set([
        ...node.participants.map((p: any) => p.actor.id),
        ...claimsOf(node).flatMap((c: any) => [...c.claimants, ...c.subjects].map((a: any) => a.id)),
      ]),
      topics: new Set(claimsOf(node).flatMap((c: any) => c.topics.map((t: any) => t.topic.id))),
      text: `${node.title} ${node.summary ?? ''}`,
    })),
  ].filter((i) => !i.slug.startsWith('tie-'));
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

const SEEDS = { from: '1950' };
// Bounded on both sides: the seed dates known only as 'on or before' a day reach back to year 1.
const TIES = { from: '1900', to: '1909' };

describe(`timeline order (${databaseLabel})`, () => {
  it('merges events and statements by earliest day, coarser precision first, events before statements, then id', async () => {
    const got = await slugs({ filter: SEEDS });
    expect(got).toEqual(expected(() => true));
    expect(got.length).toBe(items.length);
    // A year sorts before a day inside it: '2025?' items come before the first 2025 day.
    // (Dates with an open start, '../2025-10-13', sort before them all, by their earliest day.)
    const edges = (await page({ filter: { from: '2025', to: '2025' }, first: 100 })).edges.filter((e: any) => e.date.earliest >= '2025-01-01');
    const firstDay = edges.findIndex((e: any) => e.date.precision === 'DAY');
    expect(edges.slice(0, firstDay).every((e: any) => e.date.precision !== 'DAY')).toBe(true);
    expect(edges.slice(firstDay).some((e: any) => e.date.precision === 'YEAR' && e.date.earliest === '2025-01-01')).toBe(false);
  });

  it('sorts an interval by its earliest day and finds it in any range that touches any part of it', async () => {
    const all = await page({ filter: SEEDS, first: 100 });
    const at = (slug: string) => all.edges.findIndex((e: any) => e.node.slug === slug);
    // Azerbaijan's objection, '2025?-12/2026?': between Waltz's remarks and the interview.
    const objection = all.edges[at('azerbaijan-objection-to-waltz-remarks')];
    expect(objection.date).toMatchObject({ edtf: '2025?-12/2026?', earliest: '2025-12-01', latest: '2026-12-31', precision: 'YEAR' });
    // Same earliest day as Waltz's remarks ('2025?-12'); the coarser interval (YEAR) comes first.
    expect(all.edges[at('waltz-remarks-2025-12')].date).toMatchObject({ earliest: '2025-12-01', precision: 'MONTH' });
    expect(at('azerbaijan-objection-to-waltz-remarks')).toBe(at('waltz-remarks-2025-12') - 1);
    expect(at('azerbaijan-objection-to-waltz-remarks')).toBeLessThan(at('aliyev-tv-interview'));
    for (const [from, to] of [['2025-12-31', '2025-12-31'], ['2026-06', '2026-06'], ['2026-12-31', '2027']]) {
      expect(await slugs({ filter: { from, to } }), `${from}..${to}`).toContain('azerbaijan-objection-to-waltz-remarks');
    }
    expect(await slugs({ filter: { from: '2025-11', to: '2025-11' } })).not.toContain('azerbaijan-objection-to-waltz-remarks');
    expect(await slugs({ filter: { from: '2027' } })).not.toContain('azerbaijan-objection-to-waltz-remarks');
    // The ceasefire, '../2025-10-13': open start, so it sorts first and every range up to its last day finds it.
    expect(all.edges[at('gaza-ceasefire-agreement-2025')].date).toMatchObject({ earliest: '0001-01-01', latest: '2025-10-13', precision: 'DAY' });
    expect(at('gaza-ceasefire-agreement-2025')).toBeLessThan(at('cmep-founded-1984'));
    expect(await slugs({ filter: { from: '2025-10-13', to: '2025-10-13' } })).toContain('gaza-ceasefire-agreement-2025');
    expect(await slugs({ filter: { from: '1990', to: '1990' } })).toContain('gaza-ceasefire-agreement-2025');
    expect(await slugs({ filter: { from: '2025-10-14' } })).not.toContain('gaza-ceasefire-agreement-2025');
  });

  it('gives each edge the date of its item: a statement its date, an event its start', async () => {
    for (const edge of (await page({ filter: SEEDS, first: 100 })).edges) {
      const own = edge.node.__typename === 'Event' ? edge.node.start : edge.node.date;
      expect(edge.date.earliest).toBe(own.earliest);
      expect(edge.date.latest).toBe(own.latest);
    }
  });

  it('orders DESC as the exact reverse of ASC', async () => {
    expect(await slugs({ filter: SEEDS, order: 'DESC' })).toEqual((await slugs({ filter: SEEDS })).reverse());
    const ties = await walk(TIES, 100, false);
    expect(await walk(TIES, 100, false, 'DESC')).toEqual([...ties].reverse());
  });
});

describe(`timeline pagination (${databaseLabel})`, () => {
  it('walks every page forward and backward to exactly the unpaged sequence', async () => {
    const full = await slugs({ filter: SEEDS });
    for (const size of [1, 7, 20]) {
      expect(await walk(SEEDS, size, false)).toEqual(full);
      expect(await walk(SEEDS, size, true)).toEqual(full);
    }
  });

  it('walks 240 items crowded onto three days without duplicates or gaps, in both orders', async () => {
    const rows = await selectRows<{ slug: string; day: string; rank: number; type: number; id: number }>(
      database.handle.db,
      sql`SELECT slug, CAST(start_earliest AS text) AS day, start_rank AS rank, 0 AS type, id FROM events WHERE slug LIKE 'tie-%'
        UNION ALL SELECT slug, CAST(date_earliest AS text), date_rank, 1, id FROM statements WHERE slug LIKE 'tie-%'`,
    );
    const sorted = rows
      .map((r) => ({ ...r, rank: Number(r.rank), type: Number(r.type), id: Number(r.id) }))
      .sort((a, b) => a.day.localeCompare(b.day) || a.rank - b.rank || a.type - b.type || a.id - b.id)
      .map((r) => r.slug);
    expect(sorted.length).toBe(240);
    // The seed dates with an open start ('../2025-10-13') touch 1900 too and sort before the ties, once each.
    const openStart = (await slugs({ filter: { from: '1900', to: '1900' } })).filter((slug) => !slug.startsWith('tie-'));
    expect(openStart.sort()).toEqual(['azerbaijan-isf-questionnaire', 'gaza-ceasefire-agreement-2025', 'politico-nsd-report-coalition-statement', 'us-sanctions-palestinian-rights-groups']);
    const ties = (list: string[]) => {
      expect(list.filter((slug) => !slug.startsWith('tie-')).sort()).toEqual(openStart);
      return list.filter((slug) => slug.startsWith('tie-'));
    };
    for (const size of [13, 100]) {
      expect(ties(await walk(TIES, size, false))).toEqual(sorted);
      expect(ties(await walk(TIES, size, true))).toEqual(sorted);
      expect(ties(await walk(TIES, size, false, 'DESC'))).toEqual([...sorted].reverse());
      expect(ties(await walk(TIES, size, true, 'DESC'))).toEqual([...sorted].reverse());
    }
  });

  it('stays exact when items are inserted between page requests', async () => {
    const before = await walk(TIES, 100, false);
    const inserted: string[] = [];
    const insert = async (slug: string, edtf: string) => {
      await database.handle.db.insert(statements).values({ slug, title: slug, kind: 'OTHER', ...fuzzyDateToColumns('date', parseFuzzyDate(edtf)) });
      inserted.push(slug);
    };
    const walked = await walk(TIES, 15, false, 'ASC', async (n) => {
      if (n !== 2) return;
      // Behind the cursor (a decade sorts before the days and months already walked), after it on a later day, and far ahead.
      await insert('tie-late-behind', '190X');
      await insert('tie-late-same-day', '1900-01-03');
      await insert('tie-late-ahead', '1909');
    });
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).not.toContain('tie-late-behind');
    expect(walked).toContain('tie-late-same-day');
    expect(walked).toContain('tie-late-ahead');
    expect(walked.filter((s) => !inserted.includes(s))).toEqual(before);
    const after = await walk(TIES, 100, false);
    expect(walked).toEqual(after.filter((s) => s !== 'tie-late-behind'));
    // Leave the data as the other tests expect it, whatever order they run in.
    await database.handle.db.delete(statements).where(inArray(statements.slug, inserted));
  });

  it('defaults to 20 items and refuses more than 100', async () => {
    expect((await page({ filter: SEEDS })).edges).toHaveLength(20);
    expect(errorCodes(await exec(TIMELINE, { first: 101 }))).toEqual(['INVALID_PAGINATION']);
    expect(errorCodes(await exec(TIMELINE, { last: 101 }))).toEqual(['INVALID_PAGINATION']);
    expect(errorCodes(await exec(TIMELINE, { after: 'bm90IGEgY3Vyc29y' }))).toEqual(['INVALID_CURSOR']);
  });
});

describe(`timeline filters (${databaseLabel})`, () => {
  it('from/to select items whose date range overlaps, in EDTF or ISO', async () => {
    expect(await slugs({ filter: { from: '2025-11', to: '2025-11' } })).toEqual(expected(overlaps('2025-11-01', '2025-11-30')));
    expect(await slugs({ filter: { from: '2025-11-12', to: '2025-11-12' } })).toEqual(expected(overlaps('2025-11-12', '2025-11-12')));
    // '2023' as to means through 2023-12-31.
    expect(await slugs({ filter: { from: '1950', to: '2023' } })).toEqual(expected(overlaps('1950-01-01', '2023-12-31')));
    expect(await slugs({ filter: { from: '2026-01-15' } })).toEqual(expected(overlaps('2026-01-15', '9999-12-31')));
    expect(await slugs({ filter: { from: '2023-10', to: '2023-10~' } })).toEqual(expected(overlaps('2023-10-01', '2023-10-31')));
  });

  it('from includes items begun before it and still under way on it', async () => {
    // Items dated only '2025' (or '2025?') are under way on 15 June 2025.
    const running = items.filter((i) => i.earliest < '2025-06-15' && i.latest >= '2025-06-15');
    expect(running.length).toBeGreaterThan(0);
    const got = await slugs({ filter: { from: '2025-06-15', to: '2025-06-15' } });
    expect(got).toEqual(expected(overlaps('2025-06-15', '2025-06-15')));
    for (const item of running) expect(got).toContain(item.slug);
  });

  it('types, eventKinds and statementKinds narrow their own kind of item', async () => {
    expect(await slugs({ filter: { ...SEEDS, types: ['EVENT'] } })).toEqual(expected((i) => i.type === 0));
    expect(await slugs({ filter: { ...SEEDS, types: ['STATEMENT'] } })).toEqual(expected((i) => i.type === 1));
    expect(await slugs({ filter: { ...SEEDS, eventKinds: ['ARMED_CONFLICT'] } })).toEqual(
      expected((i) => i.type === 1 || i.kind === 'ARMED_CONFLICT'),
    );
    expect(await slugs({ filter: { ...SEEDS, statementKinds: ['INTERVIEW', 'REMARKS'] } })).toEqual(
      expected((i) => i.type === 0 || ['INTERVIEW', 'REMARKS'].includes(i.kind)),
    );
  });

  it('actors select items any of them takes part in, as participant, claimant or subject', async () => {
    for (const slug of ['azerbaijan', 'ilham-aliyev', 'anca', 'mike-waltz']) {
      const id = actorIds[slug]!;
      const want = expected((i) => i.actors.has(id));
      expect(want.length).toBeGreaterThan(0);
      expect(await slugs({ filter: { actors: [id] } })).toEqual(want);
    }
    const two = [actorIds['anca']!, actorIds['mike-waltz']!];
    expect(await slugs({ filter: { actors: two } })).toEqual(expected((i) => two.some((a) => i.actors.has(a))));
  });

  it('topics select statements with a claim on the topic and events a claim on the topic is about', async () => {
    const id = topicIds['azerbaijan-isf-participation']!;
    const want = expected((i) => i.topics.has(id));
    expect(want.some((s) => items.find((i) => i.slug === s)!.type === 0)).toBe(true);
    expect(await slugs({ filter: { topics: [id] } })).toEqual(want);
  });

  it('search matches titles, summaries and claim texts', async () => {
    const got = await slugs({ filter: { search: 'Waltz' } });
    expect(got).toContain('waltz-remarks-2025-12');
    const viaStatements = expectNoErrors(await exec(`{ statements(first: 100, filter: { search: "Waltz" }) { edges { node { slug } } } }`));
    for (const e of viaStatements.statements.edges) expect(got).toContain(e.node.slug);
    expect(await slugs({ filter: { search: 'Waltz', types: ['STATEMENT'] } })).toEqual(viaStatements.statements.edges.map((e: any) => e.node.slug));
  });

  it('combines every filter', async () => {
    const azerbaijan = actorIds['azerbaijan']!;
    const topic = topicIds['azerbaijan-isf-participation']!;
    const want = expected(
      (i) =>
        overlaps('2025-01-01', '2026-12-31')(i) &&
        i.actors.has(azerbaijan) &&
        i.topics.has(topic) &&
        i.type === 1 &&
        ['INTERVIEW', 'OTHER', 'REMARKS'].includes(i.kind),
    );
    expect(want.length).toBeGreaterThan(1);
    const filter = {
      from: '2025',
      to: '2026',
      actors: [azerbaijan],
      topics: [topic],
      types: ['STATEMENT'],
      statementKinds: ['INTERVIEW', 'OTHER', 'REMARKS'],
      eventKinds: ['MEETING'],
    };
    expect(await slugs({ filter })).toEqual(want);
    expect(await walk(filter, 1, true)).toEqual(want);
    const withSearch = await slugs({ filter: { ...filter, search: 'Aliyev' } });
    expect(withSearch.length).toBeGreaterThan(0);
    expect(want).toEqual(expect.arrayContaining(withSearch));
  });

  it('refuses bad dates, unknown or wrong-type IDs and empty searches with a code', async () => {
    const codes = async (filter: unknown) => errorCodes(await exec(TIMELINE, { filter }));
    expect(await codes({ from: 'last tuesday' })).toEqual(['INVALID_DATE']);
    expect(await codes({ to: '2025-13-01' })).toEqual(['INVALID_DATE']);
    expect(await codes({ from: '2026', to: '2025' })).toEqual(['INVALID_DATE']);
    expect(await codes({ actors: [globalId('Actor', 999_999)] })).toEqual(['NOT_FOUND']);
    expect(await codes({ topics: [globalId('Topic', 999_999)] })).toEqual(['NOT_FOUND']);
    expect(await codes({ actors: [topicIds['azerbaijan-isf-participation']] })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ actors: ['not an id'] })).toEqual(['INVALID_ID']);
    expect(await codes({ search: '   ' })).toEqual(['INVALID_SEARCH']);
  });
});

describe(`timeline totalCount and buckets (${databaseLabel})`, () => {
  it('counts the whole filtered timeline, and buckets sum to it at every granularity', async () => {
    for (const filter of [SEEDS, { from: '2025', types: ['STATEMENT'] }, { actors: [actorIds['azerbaijan']] }, TIES]) {
      for (const granularity of ['DAY', 'MONTH', 'YEAR']) {
        const t = expectNoErrors(await exec(TIMELINE_WITH_COUNTS, { filter, granularity })).timeline;
        expect(t.buckets.reduce((sum: number, b: any) => sum + b.count, 0)).toBe(t.totalCount);
        const starts = t.buckets.map((b: any) => b.start);
        expect(starts).toEqual([...starts].sort());
      }
    }
    const all = expectNoErrors(await exec(TIMELINE_WITH_COUNTS, { filter: SEEDS, granularity: 'YEAR' })).timeline;
    expect(all.totalCount).toBe(items.length);
  });

  it('counts an item coarser than the period once, in the period of its earliest day', async () => {
    const t = expectNoErrors(await exec(TIMELINE_WITH_COUNTS, { filter: SEEDS, granularity: 'MONTH' })).timeline;
    const counts = new Map<string, number>();
    for (const i of items) counts.set(`${i.earliest.slice(0, 7)}-01`, (counts.get(`${i.earliest.slice(0, 7)}-01`) ?? 0) + 1);
    expect(t.buckets.map((b: any) => [b.start, b.count])).toEqual([...counts].sort(([a], [b]) => a.localeCompare(b)));
    // '2025?' (a year) counts in January 2025.
    const january = t.buckets.find((b: any) => b.start === '2025-01-01');
    expect(january).toMatchObject({ end: '2025-01-31', label: 'January 2025' });
    expect(january.count).toBe(items.filter((i) => i.earliest === '2025-01-01').length);
    const years = expectNoErrors(await exec(TIMELINE_WITH_COUNTS, { filter: SEEDS, granularity: 'YEAR' })).timeline.buckets;
    expect(years.find((b: any) => b.label === '2023')).toMatchObject({ start: '2023-01-01', end: '2023-12-31' });
    const days = expectNoErrors(await exec(TIMELINE_WITH_COUNTS, { filter: { from: '2025-11-12', to: '2025-11-12' }, granularity: 'DAY' })).timeline.buckets;
    expect(days.find((b: any) => b.start === '2025-11-12')).toMatchObject({ end: '2025-11-12', label: '12 November 2025' });
  });

  it('runs counts only when selected, and a page with its items\' rows as one query', async () => {
    database.queries.length = 0;
    await page({ filter: SEEDS, first: 50 });
    expect(database.queries).toHaveLength(1);
    expect(database.queries.filter((q) => /count\(|date_trunc/.test(q))).toEqual([]);
    database.queries.length = 0;
    expectNoErrors(await exec(TIMELINE_WITH_COUNTS, { filter: SEEDS, granularity: 'DAY' }));
    expect(database.queries.filter((q) => /count\(/.test(q))).toHaveLength(2);
  });

  it('batches Actor.timeline for a list of actors into one page query and one count query', async () => {
    database.queries.length = 0;
    const data = expectNoErrors(await exec(ACTOR_TIMELINES), ACTOR_TIMELINES);
    expect(data.actors.edges).toHaveLength(10);
    expect(database.queries.filter((q) => /LATERAL/.test(q))).toHaveLength(2);
    for (const { node } of data.actors.edges) {
      const want = expected((i) => i.type === 1 && i.actors.has(actorIds[node.slug]!));
      expect(node.timeline.totalCount).toBe(want.length);
      expect(node.timeline.edges.map((e: any) => e.node.slug)).toEqual(want.slice(0, 3));
    }
  });

  it('gives each item of a page, unfiltered or filtered, every field node(id) gives it', async () => {
    const fields = `__typename
      ... on Event { id slug title eventKind: kind description place start { edtf earliest latest precision } end { edtf earliest latest precision } }
      ... on Statement { id slug title statementKind: kind summary date { edtf earliest latest precision } }`;
    const pageQuery = `query Page($filter: TimelineFilter) { timeline(first: 100, filter: $filter) { edges { node { ${fields} } } } }`;
    const nodeQuery = `query Node($id: ID!) { node(id: $id) { ${fields} } }`;
    // No filter: the page built once with the rows' own columns; a filter: the page built per request with the rows as JSON.
    for (const filter of [null, SEEDS]) {
      const nodes = expectNoErrors(await exec(pageQuery, { filter }), pageQuery).timeline.edges.map((e: any) => e.node);
      expect(new Set(nodes.map((n: any) => n.__typename))).toEqual(new Set(['Event', 'Statement']));
      for (const node of nodes) expect(node).toEqual(expectNoErrors(await exec(nodeQuery, { id: node.id }), nodeQuery).node);
    }
  });

  it('reads only the columns a page\'s items need where the selection reads nothing but columns, and whole rows otherwise', async () => {
    const narrow = `query Narrow { timeline(first: 100) { edges { node { __typename ... on Event { id title } ... on Statement { id title } } } } }`;
    const wide = `query Wide { timeline(first: 100) { edges { node { __typename ... on Event { id title excerpts { quote } } ... on Statement { id title excerpts { quote } } } } } }`;
    const nodeQuery = `query Node($id: ID!) { node(id: $id) { __typename ... on Event { id title excerpts { quote } } ... on Statement { id title excerpts { quote } } } }`;
    database.queries.length = 0;
    const narrowNodes = expectNoErrors(await exec(narrow), narrow).timeline.edges.map((e: any) => e.node);
    expect(database.queries).toHaveLength(1);
    expect(database.queries[0]).toMatch(/"title"/);
    expect(database.queries[0]).not.toMatch(/"summary"|"description"|"date_edtf"/);
    database.queries.length = 0;
    const wideNodes = expectNoErrors(await exec(wide), wide).timeline.edges.map((e: any) => e.node);
    expect(database.queries[0]).toMatch(/"summary"/);
    expect(new Set(narrowNodes.map((n: any) => n.__typename))).toEqual(new Set(['Event', 'Statement']));
    expect(wideNodes.map(({ excerpts: _, ...n }: any) => n)).toEqual(narrowNodes);
    for (const node of wideNodes) expect(node).toEqual(expectNoErrors(await exec(nodeQuery, { id: node.id }), nodeQuery).node);
  });

  it('answers the root timeline and the actors\' timelines apart when one request asks both with the same arguments', async () => {
    const both = `query Both {
      timeline(first: 3, filter: { types: [STATEMENT], from: "1950" }) { totalCount edges { node { ... on Statement { slug } } } }
      actors(first: 10) { edges { node { slug timeline(first: 3, filter: { types: [STATEMENT], from: "1950" }) { totalCount edges { node { ... on Statement { slug } } } } } } }
    }`;
    // Either side may ask first; both orders of the fields are checked.
    const reversed = both.replace(/^(query Both \{)\s*(timeline[^\n]*\n)\s*(actors[^\n]*\n)/, '$1\n$3$2');
    expect(reversed).not.toBe(both);
    for (const query of [both, reversed]) {
      const data = expectNoErrors(await exec(query), query);
      const since1950 = overlaps('1950-01-01', '9999-12-31');
      const all = expected((i) => i.type === 1 && since1950(i));
      expect(data.timeline.totalCount).toBe(all.length);
      expect(data.timeline.edges.map((e: any) => e.node.slug)).toEqual(all.slice(0, 3));
      for (const { node } of data.actors.edges) {
        const want = expected((i) => i.type === 1 && since1950(i) && i.actors.has(actorIds[node.slug]!));
        expect(node.timeline.totalCount).toBe(want.length);
        expect(node.timeline.edges.map((e: any) => e.node.slug)).toEqual(want.slice(0, 3));
      }
    }
  });
});

describe(`timeline query plans (${databaseLabel})`, () => {

  async function explain(scope: Partial<TimelineScope>, args: { first?: number; last?: number; after?: string }, descending = false) {
    const query = timelinePageQuery({ ...WHOLE_TIMELINE, ...scope }, planPage(args, 'timeline'), descending)!;
    // Tiny tables make a sequential scan the cheapest plan; forbid it to see whether an index can serve.
    return database.handle.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      const rows = await selectRows<{ 'QUERY PLAN': string }>(tx as never, sql`EXPLAIN ${query}`);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it('reads events and statements through indexes for the common filters, at any depth', async () => {
    const deep = Buffer.from(JSON.stringify(['timeline', '1900-01-02', 3, 1, 1])).toString('base64url');
    const cases: [string, Partial<TimelineScope>, { first?: number; last?: number; after?: string }, boolean][] = [
      ['no filter', {}, { first: 20 }, false],
      ['deep page', {}, { first: 20, after: deep }, false],
      ['backward', {}, { last: 20 }, false],
      ['DESC', {}, { first: 20, after: deep }, true],
      ['from/to', { from: '2025-01-01', to: '2025-12-31' }, { first: 20 }, false],
      ['actors', { actorIds: [numericId(actorIds['azerbaijan']!)] }, { first: 20 }, false],
      ['types', { types: ['STATEMENT'] }, { first: 20, after: deep }, false],
    ];
    for (const [name, scope, args, descending] of cases) {
      const plan = await explain(scope, args, descending);
      expect(plan, name).not.toMatch(/Seq Scan on (events|statements)\b/);
      expect(plan, name).toMatch(/Index (Only )?Scan( Backward)? using (events|statements)_\w+ on (events|statements)|Bitmap Index Scan on (events|statements)_\w+|Index Scan using (events|statements)_pkey/);
    }
    const unfiltered = await explain({}, { first: 20, after: deep });
    expect(unfiltered).toMatch(/using events_start_order_idx/);
    expect(unfiltered).toMatch(/using statements_date_order_idx/);
    expect(unfiltered).not.toMatch(/OFFSET/i);
  });

  it('finds the items under way on `from` by the date-range index', async () => {
    const plan = await explain({ from: '2025-01-01', to: '2025-12-31' }, { first: 20 });
    expect(plan).toMatch(/Index Scan on events_span_idx|Index Scan using events_span_idx/);
    expect(plan).toMatch(/Index Scan on statements_span_idx|Index Scan using statements_span_idx/);
  });
});
