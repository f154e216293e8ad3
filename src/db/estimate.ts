// Row estimates from the query planner, for counts a client wants to show
// ("about 250,000 results") without paying for an exact count: counting a
// million rows reads a million index entries, where planning a query reads
// only the statistics ANALYZE keeps (row counts, value histograms, the most
// common words of each search vector), in about a millisecond at any size.
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { selectRows } from './rows.js';
import { jsonValue } from './row-columns.js';

interface PlanNode {
  'Plan Rows'?: number;
}

/** The planner's estimate of the rows `query` returns; 0 for no query. Never runs the query. */
export async function estimateRows(db: Database, query: SQL | null): Promise<number> {
  if (!query) return 0;
  const [row] = await selectRows<{ 'QUERY PLAN': unknown }>(db, sql`EXPLAIN (FORMAT JSON) ${query}`);
  // The json column arrives parsed on one driver and as text on another.
  const value = row?.['QUERY PLAN'];
  const explained = jsonValue<{ Plan: PlanNode }[]>(value);
  return Math.round(Number(explained[0]?.Plan['Plan Rows'] ?? 0));
}
