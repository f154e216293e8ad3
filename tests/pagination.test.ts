// Keyset pagination: pages walked forward or backward equal the unpaged order,
// cursors stay valid across inserts, and page sizes are enforced.
import { describe, expect, it } from 'vitest';
import { parseFuzzyDate, fuzzyDateToColumns } from '../src/dates/fuzzy-date.js';
import { statements } from '../src/db/schema.js';
import { eq } from 'drizzle-orm';
import { useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { insertDebate } from './helpers/factories.js';
import { errorCodes, expectNoErrors, type Exec } from './helpers/graphql.js';

const STATEMENTS_PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String, $last: Int, $before: String, $order: SortDirection) {
    statements(first: $first, after: $after, last: $last, before: $before, order: $order) {
      edges { cursor node { slug } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;
const STATEMENT_COUNT = /* GraphQL */ `
  query { statements(first: 1) { totalCount } }
`;
const ACTORS_PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String, $last: Int, $before: String) {
    actors(first: $first, after: $after, last: $last, before: $before) {
      edges { node { slug } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;
const NESTED_PAGE = /* GraphQL */ `
  query Nested($slug: String!, $first: Int, $after: String, $last: Int, $before: String) {
    actor(slug: $slug) {
      statements(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        edges { node { slug } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }
`;

type Walker = (vars: Record<string, unknown>) => Promise<{ slugs: string[]; pageInfo: any }>;

async function walkForward(fetch: Walker, size: number, extra: Record<string, unknown> = {}, from?: string): Promise<string[]> {
  const seen: string[] = [];
  let after = from;
  for (;;) {
    const page = await fetch({ ...extra, first: size, after });
    seen.push(...page.slugs);
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
}

async function walkBackward(fetch: Walker, size: number, extra: Record<string, unknown> = {}): Promise<string[]> {
  const seen: string[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await fetch({ ...extra, last: size, before });
    seen.unshift(...page.slugs);
    if (!page.pageInfo.hasPreviousPage) return seen;
    before = page.pageInfo.startCursor;
  }
}

describe(`pagination (${databaseLabel})`, () => {
  const api = useTestApi(async (database) => {
    await insertDebate(database.handle.db, 'page', 23);
    // Same day, coarser precision: must sort before the day-precise items of that month.
    await database.handle.db.insert(statements).values([
      { slug: 'page-month', title: 'month', kind: 'OTHER', ...fuzzyDateToColumns('date', parseFuzzyDate('2024-01')) },
      { slug: 'page-year', title: 'year', kind: 'OTHER', ...fuzzyDateToColumns('date', parseFuzzyDate('2024')) },
    ]);
  });
  const exec: Exec = (query, variables) => api.exec(query, variables);

  const statementsPage: Walker = async (vars) => {
    const data = expectNoErrors(await exec(STATEMENTS_PAGE, vars), STATEMENTS_PAGE);
    return { slugs: data.statements.edges.map((e: any) => e.node.slug), pageInfo: data.statements.pageInfo };
  };

  it('walks statements forward and backward in exactly the unpaged order', async () => {
    const all = (await statementsPage({ first: 100 })).slugs;
    expect(all).toHaveLength(48);
    expect(all.slice(0, 3)).toEqual(['page-year', 'page-month', 'page-statement-0']);
    expect(new Set(all).size).toBe(all.length);
    for (const size of [1, 7, 20]) {
      expect(await walkForward(statementsPage, size)).toEqual(all);
      expect(await walkBackward(statementsPage, size)).toEqual(all);
    }
  });

  it('orders DESC as the exact reverse, page by page', async () => {
    const asc = (await statementsPage({ first: 100 })).slugs;
    expect(await walkForward(statementsPage, 9, { order: 'DESC' })).toEqual([...asc].reverse());
    expect(await walkBackward(statementsPage, 9, { order: 'DESC' })).toEqual([...asc].reverse());
  });

  it('keeps cursors valid when a row is inserted between two page requests', async () => {
    const first = await statementsPage({ first: 10 });
    await api.database.handle.db
      .insert(statements)
      .values({ slug: 'page-inserted', title: 'inserted', kind: 'OTHER', ...fuzzyDateToColumns('date', parseFuzzyDate('2024-01-20')) });
    const rest = await walkForward(statementsPage, 10, {}, first.pageInfo.endCursor);
    const all = (await statementsPage({ first: 100 })).slugs;
    expect([...first.slugs, ...rest]).toEqual(all);
    expect(all).toContain('page-inserted');
    // Leave the data as the other tests expect it, whatever order they run in.
    await api.database.handle.db.delete(statements).where(eq(statements.slug, 'page-inserted'));
  });

  it('walks actors and a nested connection fully both ways', async () => {
    const actorsPage: Walker = async (vars) => {
      const data = expectNoErrors(await exec(ACTORS_PAGE, vars), ACTORS_PAGE);
      return { slugs: data.actors.edges.map((e: any) => e.node.slug), pageInfo: data.actors.pageInfo };
    };
    const allActors = (await actorsPage({ first: 100 })).slugs;
    expect(allActors).toHaveLength(46);
    expect(await walkForward(actorsPage, 6)).toEqual(allActors);
    expect(await walkBackward(actorsPage, 6)).toEqual(allActors);

    const nested: Walker = async (vars) => {
      const data = expectNoErrors(await exec(NESTED_PAGE, { slug: 'page-actor-0', ...vars }), NESTED_PAGE);
      expect(data.actor.statements.totalCount).toBe(2);
      return { slugs: data.actor.statements.edges.map((e: any) => e.node.slug), pageInfo: data.actor.statements.pageInfo };
    };
    const allNested = (await nested({ first: 100 })).slugs;
    expect(allNested).toEqual(['page-statement-0', 'page-statement-23']);
    expect(await walkForward(nested, 1)).toEqual(allNested);
    expect(await walkBackward(nested, 1)).toEqual(allNested);
  });

  it('defaults to 20 items and counts only when asked', async () => {
    expect((await statementsPage({})).slugs).toHaveLength(20);
    api.database.queries.length = 0;
    await statementsPage({ first: 5 });
    expect(api.database.queries.some((q) => /count\(/i.test(q))).toBe(false);
    const counted = expectNoErrors(await exec(STATEMENT_COUNT));
    expect(counted.statements.totalCount).toBeGreaterThanOrEqual(48);
  });

  it('refuses more than 100 items, negative sizes, first with last, and foreign cursors', async () => {
    const tooMany = await exec(STATEMENTS_PAGE, { first: 101 });
    expect(errorCodes(tooMany)).toEqual(['INVALID_PAGINATION']);
    expect(tooMany.errors?.[0]?.message).toMatch(/first must be between 0 and 100/);
    expect(errorCodes(await exec(STATEMENTS_PAGE, { last: 101 }))).toEqual(['INVALID_PAGINATION']);
    expect(errorCodes(await exec(STATEMENTS_PAGE, { first: -1 }))).toEqual(['INVALID_PAGINATION']);
    expect(errorCodes(await exec(STATEMENTS_PAGE, { first: 2, last: 2 }))).toEqual(['INVALID_PAGINATION']);
    expect(errorCodes(await exec(STATEMENTS_PAGE, { after: 'bm90IGEgY3Vyc29y' }))).toEqual(['INVALID_CURSOR']);
    const actorCursor = expectNoErrors(await exec(ACTORS_PAGE, { first: 1 })).actors.pageInfo.endCursor;
    expect(errorCodes(await exec(STATEMENTS_PAGE, { after: actorCursor }))).toEqual(['INVALID_CURSOR']);
  });
});
