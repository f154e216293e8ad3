// totalCountEstimate (timeline, search): the planner's estimate, close to the
// exact count on generated data, and answered by EXPLAIN without running a
// count nor reading a page nobody selected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTimeline } from '../bench/generate.js';
import { createTestDatabase, databaseLabel, type TestDatabase } from './helpers/database.js';
import { type Exec, execFor, expectNoErrors, serverFor } from './helpers/graphql.js';

const TIMELINE_COUNTS = `query TimelineCounts($filter: TimelineFilter) {
  timeline(first: 1, filter: $filter) { totalCount totalCountEstimate }
}`;
const TIMELINE_ESTIMATE = `query TimelineEstimate { timeline(first: 1) { totalCountEstimate } }`;
const SEARCH_COUNTS = `query SearchCounts($q: String!) { search(query: $q, first: 1) { totalCount totalCountEstimate } }`;
const SEARCH_ESTIMATE = `query SearchEstimate($q: String!) { search(query: $q, first: 5) { totalCountEstimate } }`;
const SEARCH_PAGE_IN_FRAGMENT = `query SearchPageInFragment($q: String!) {
  search(query: $q, first: 3) { totalCountEstimate ...Page }
}
fragment Page on SearchConnection { edges { rank } }`;
const ACTOR_TIMELINE_COUNTS = `query ActorTimelineCounts {
  actors(first: 2) { edges { node { timeline(first: 1) { totalCount totalCountEstimate } } } }
}`;

const ITEMS = 4_000;
let database: TestDatabase;
let exec: Exec;

beforeAll(async () => {
  database = await createTestDatabase();
  await generateTimeline(database.handle.db, { items: ITEMS, prefix: 'est', actors: 250, topics: 5, fanOut: true });
  exec = execFor(serverFor(database));
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

/** estimate / exact, within [1 / factor, factor]. */
function expectClose(estimate: number, exact: number, factor: number) {
  expect(exact).toBeGreaterThan(0);
  expect(estimate / exact).toBeGreaterThanOrEqual(1 / factor);
  expect(estimate / exact).toBeLessThanOrEqual(factor);
}

describe(`count estimates (${databaseLabel})`, () => {
  it('estimates the whole timeline and a date range close to their exact counts', async () => {
    const whole = expectNoErrors(await exec(TIMELINE_COUNTS), TIMELINE_COUNTS).timeline;
    expect(whole.totalCount).toBe(ITEMS);
    expectClose(whole.totalCountEstimate, whole.totalCount, 1.25);
    const range = expectNoErrors(await exec(TIMELINE_COUNTS, { filter: { from: '2000', to: '2010' } }), TIMELINE_COUNTS).timeline;
    expectClose(range.totalCountEstimate, range.totalCount, 2);
  });

  it('estimates a search for a common word within a small factor', async () => {
    const result = expectNoErrors(await exec(SEARCH_COUNTS, { q: 'ceasefire' }), SEARCH_COUNTS).search;
    expectClose(result.totalCountEstimate, result.totalCount, 3);
  });

  it("estimates an actor's timeline", async () => {
    const actors = expectNoErrors(await exec(ACTOR_TIMELINE_COUNTS), ACTOR_TIMELINE_COUNTS).actors.edges;
    for (const { node } of actors) expect(node.timeline.totalCountEstimate).toBeGreaterThan(0);
  });

  it('plans the count and never runs it, nor reads a page nobody selected', async () => {
    for (const [operation, variables] of [
      [TIMELINE_ESTIMATE, {}],
      [SEARCH_ESTIMATE, { q: 'ceasefire' }],
    ] as const) {
      database.queries.length = 0;
      expectNoErrors(await exec(operation, variables), operation);
      expect(database.queries).toHaveLength(1);
      expect(database.queries[0]).toMatch(/^\s*EXPLAIN/i);
    }
  });

  it('reads the page when it is selected, through a fragment too', async () => {
    const result = expectNoErrors(await exec(SEARCH_PAGE_IN_FRAGMENT, { q: 'ceasefire' }), SEARCH_PAGE_IN_FRAGMENT).search;
    expect(result.edges).toHaveLength(3);
    expect(result.totalCountEstimate).toBeGreaterThan(0);
  });
});
