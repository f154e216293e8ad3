// Walks a nested connection page by page, both ways, and checks every page
// against the whole list it should add up to: the tests of lists read from an
// index in their order (an actor's statements, events and claims, an event's
// statements) share it.
import { expect } from 'vitest';

export interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
}

/** One page of the list, for `first`/`after` or `last`/`before`. */
export type PageOf = (args: Record<string, unknown>) => Promise<Connection>;

/**
 * The whole list walked forward and backward in pages of each size, and a
 * window between the first and the last cursor: every page's ids, totalCount
 * and pageInfo must agree with `want`. `label` names the list in failures.
 */
export async function expectPages(page: PageOf, label: string, want: string[], sizes: number[] = [1, 3, 50]): Promise<void> {
  for (const size of sizes) {
    const forward: string[] = [];
    let after: string | null = null;
    for (let i = 0; i <= want.length; i++) {
      const p: Connection = await page({ first: size, after });
      expect(p.totalCount, label).toBe(want.length);
      expect(p.edges.length, label).toBeLessThanOrEqual(size);
      expect(p.pageInfo.hasPreviousPage, label).toBe(after != null);
      forward.push(...p.edges.map((e) => e.node.id));
      expect(p.pageInfo.hasNextPage, `${label}, forward by ${size}`).toBe(forward.length < want.length);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(forward, `${label}, forward by ${size}`).toEqual(want);

    const backward: string[] = [];
    let before: string | null = null;
    for (let i = 0; i <= want.length; i++) {
      const p: Connection = await page({ last: size, before });
      expect(p.totalCount, label).toBe(want.length);
      backward.unshift(...p.edges.map((e) => e.node.id));
      expect(p.pageInfo.hasPreviousPage, `${label}, backward by ${size}`).toBe(backward.length < want.length);
      if (!p.pageInfo.hasPreviousPage) break;
      before = p.pageInfo.startCursor;
    }
    expect(backward, `${label}, backward by ${size}`).toEqual(want);
  }
  if (want.length >= 3) {
    const all = await page({ first: 100 });
    const window = await page({ first: 100, after: all.edges[0]!.cursor, before: all.edges.at(-1)!.cursor });
    expect(window.edges.map((e) => e.node.id), `${label}, between the first and the last`).toEqual(want.slice(1, -1));
    expect(window.totalCount, label).toBe(want.length);
  }
}
