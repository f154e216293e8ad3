// Query plans of what a GraphQL request sends, for tests that hold a nested
// page to an index read (Postgres only: EXPLAIN ANALYZE over the test database).
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { expect } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { selectRows } from '../../src/db/rows.js';
import { createServer } from '../../src/server.js';
import { serverUrl } from './database.js';
import { expectNoErrors } from './graphql.js';

/** A node of a plan as EXPLAIN (ANALYZE, FORMAT JSON) gives it; actual rows are per loop. */
export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** The node and every node under it. */
export function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/**
 * Runs `query` on a server of its own over the test's database (`db`), and
 * EXPLAIN ANALYZEs the one nested-page statement (the LATERAL join) it sent,
 * with its parameters. Gives the request's data and the plan.
 */
export async function explainNestedPage(db: Database, query: string, options: { compiled?: boolean } = {}): Promise<{ data: any; plan: PlanNode }> {
  const [current] = await selectRows<{ name: string }>(db, sql`SELECT current_database() AS name`);
  const url = new URL(serverUrl!);
  url.pathname = `/${current!.name}`;
  const sent: { query: string; params: unknown[] }[] = [];
  const handle = await openDatabase({ url: url.toString(), onQuery: (text, params) => sent.push({ query: text, params }) });
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const response = await createServer({ database: handle, compiledReads: options.compiled ?? false }).fetch('http://claimline.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const data = expectNoErrors((await response.json()) as never, query) as any;
    // The batched page statement, or with `compiled`, the compiled read's one statement (src/compiled-reads/).
    const pages = sent.filter((s) => (options.compiled ? /^SELECT json_build_object\('/ : /LATERAL/).test(s.query));
    expect(pages).toHaveLength(1);
    const [row] = await client.unsafe(`EXPLAIN (ANALYZE, FORMAT JSON) ${pages[0]!.query}`, pages[0]!.params as never[]);
    return { data, plan: (row!['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan };
  } finally {
    await client.end();
    await handle.close();
  }
}

/**
 * The plan reads each parent's page from one index (`onIndex` picks its scan):
 * one Limit over that scan and no Sort under it, the scan run once per parent
 * (`parents`), reading about one page of entries each (11, the 11th saying
 * another page follows; at most twice that), not all of the parent's rows.
 */
export function expectPagesFromIndex(plan: PlanNode, onIndex: (node: PlanNode) => boolean, parents: number, scanType: RegExp): void {
  const limits = nodesOf(plan).filter((n) => n['Node Type'] === 'Limit' && nodesOf(n).some(onIndex));
  expect(limits, JSON.stringify(plan)).toHaveLength(1);
  const perParent = nodesOf(limits[0]!);
  expect(perParent.map((n) => n['Node Type']), JSON.stringify(plan)).not.toContain('Sort');
  const scan = perParent.find(onIndex)!;
  expect(scan['Node Type']).toMatch(scanType);
  expect(scan['Actual Loops']).toBe(parents);
  expect(scan['Actual Rows'] + (scan['Rows Removed by Filter'] ?? 0), JSON.stringify(scan)).toBeGreaterThanOrEqual(11);
  expect(scan['Actual Rows'] + (scan['Rows Removed by Filter'] ?? 0), JSON.stringify(scan)).toBeLessThanOrEqual(22);
}
