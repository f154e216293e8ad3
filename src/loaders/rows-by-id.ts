// Batch loading by key: one query per batch (built once per table), rows mapped back to key order.
import { type AnyColumn, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { rowColumns } from '../db/row-columns.js';
import type { Database } from '../db/client.js';
import { idArrayPlaceholder, preparedOnce, type Prepared } from './prepared-statements.js';

/** For each id, the row with that id or null. */
export async function rowsById<T extends { id: number }>(
  db: Database,
  table: PgTable,
  idColumn: AnyColumn,
  ids: readonly number[],
): Promise<(T | null)[]> {
  // A forged global ID can carry anything; only integers can name a row.
  const numeric = ids.filter(Number.isSafeInteger);
  const statement = preparedOnce<T[]>(db, `rows-by-id:${getTableName(table)}:${(idColumn as { name: string }).name}`, () =>
    db
      .select(rowColumns(table))
      .from(table)
      .where(sql`${idColumn} = ANY(${idArrayPlaceholder('ids')})`)
      .prepare('rows-by-id') as unknown as Prepared<T[]>,
  );
  const rows = numeric.length ? await statement.execute({ ids: numeric }) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The row with this slug, or null: the root fields' lookup, one statement per table, built once. */
export async function rowBySlug<TTable extends PgTable & { slug: AnyColumn }>(
  db: Database,
  table: TTable,
  slug: string,
): Promise<Omit<TTable['$inferSelect'], 'search'> | null> {
  type Row = Omit<TTable['$inferSelect'], 'search'>;
  const statement = preparedOnce<Row[]>(db, `row-by-slug:${getTableName(table)}`, () =>
    db
      .select(rowColumns(table))
      .from(table as PgTable)
      .where(sql`${table.slug} = ${sql.placeholder('slug')}`)
      .prepare('row-by-slug') as unknown as Prepared<Row[]>,
  );
  return (await statement.execute({ slug }))[0] ?? null;
}

/** Groups rows by a key so each requested key gets its list (empty when none), in key order. */
export function groupByKey<T, K>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}
