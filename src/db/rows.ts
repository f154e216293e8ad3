// Raw SQL for the few queries the query builder cannot express (window
// functions over unions). The drivers shape results differently; this evens it out.
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from './client.js';

export async function selectRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** A comma-separated list of bound values, for `IN (...)`. */
export function valueList(values: readonly (string | number)[]): SQL {
  return sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
}
