// Raw SQL for the few queries the query builder cannot express (window
// functions over unions). The drivers shape results differently; this evens it out.
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from './client.js';

export async function selectRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Ids as one array parameter, for `= ANY(...)` and `unnest(...)`: the statement
 * text is the same whatever their number, so a prepared statement is reused.
 */
export function idArray(ids: readonly number[]): SQL {
  return sql`CAST(${sql.param([...ids])} AS integer[])`;
}

/** A comma-separated list of bound values, for `IN (...)`. */
export function valueList(values: readonly (string | number)[]): SQL {
  return sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
}
