// Batch loading by key: one query per batch (built once per table), rows mapped back to key order,
// with values for the fields selected below the rows read in the same statement where asked.
import { type AnyColumn, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import { alias, type PgTable } from 'drizzle-orm/pg-core';
import { rowColumns } from '../db/row-columns.js';
import type { Database } from '../db/client.js';
import type { NestedExtra } from './nested-pages.js';
import { idArrayPlaceholder, preparedOnce, type Prepared } from './prepared-statements.js';

/**
 * A value read beside a row in the statement that reads it, for a field
 * selected below the row (a claim's relations, standing and rebuttals; a
 * statement's participants): `keep` leaves it for this request where the
 * field's loader finds it, so a lookup and the fields under it cost one
 * statement instead of one per level.
 */
export interface RowExtra extends NestedExtra {
  keep: (ctx: object, id: number, value: unknown) => void;
}

/** The extras to read beside the rows, and the request they are kept for. */
export interface ExtrasFor {
  ctx: object;
  extras: readonly RowExtra[];
}

/**
 * The statement reading a table's rows for the keys in `keys` (a relation with
 * one column, `key`, joined on `column`), with the extras' columns when there
 * are any; built once per table, key and set of extras.
 */
function lookup<T>(
  db: Database,
  table: PgTable,
  column: AnyColumn,
  name: string,
  shape: { where: () => SQL; keys: () => SQL },
  extras: readonly RowExtra[],
): Prepared<T[]> {
  return preparedOnce<T[]>(db, `${name}:${getTableName(table)}:${(column as { name: string }).name}:${extras.map((extra) => extra.name).join(',')}`, () => {
    if (!extras.length) return db.select(rowColumns(table)).from(table).where(shape.where()).prepare(name) as unknown as Prepared<T[]>;
    // Under an alias: an extra's subquery may read the same table (a claim's relations join the claims at their other end).
    const row = alias(table, 'looked_up');
    const columns = getTableColumns(row) as Record<string, AnyColumn>;
    const property = Object.entries(getTableColumns(table)).find(([, c]) => c === column)![0];
    const extraColumns = Object.fromEntries(extras.map((extra) => [extra.name, extra.column(sql`${columns.id}`)]));
    return db
      .select({ row: rowColumns(row), ...extraColumns })
      .from(shape.keys())
      .innerJoin(row, sql`${columns[property]} = k.key`)
      .prepare(`${name}-with-extras`) as unknown as Prepared<T[]>;
  });
}

/** The rows as lookup read them: each extra kept for the request, the rows themselves returned. */
function keptRows<T extends { id: number }>(rows: unknown[], withExtras: ExtrasFor | undefined): T[] {
  if (!withExtras?.extras.length) return rows as T[];
  return (rows as ({ row: T } & Record<string, unknown>)[]).map((read) => {
    for (const extra of withExtras.extras) extra.keep(withExtras.ctx, read.row.id, read[extra.name]);
    return read.row;
  });
}

/** For each id, the row with that id or null; with `withExtras`, their values are read in the same statement and kept. */
export async function rowsById<T extends { id: number }>(
  db: Database,
  table: PgTable,
  idColumn: AnyColumn,
  ids: readonly number[],
  withExtras?: ExtrasFor,
): Promise<(T | null)[]> {
  // A forged global ID can carry anything; only integers can name a row.
  const numeric = ids.filter(Number.isSafeInteger);
  const statement = lookup<unknown>(
    db,
    table,
    idColumn,
    'rows-by-id',
    { where: () => sql`${idColumn} = ANY(${idArrayPlaceholder('ids')})`, keys: () => sql`unnest(${idArrayPlaceholder('ids')}) AS k(key)` },
    withExtras?.extras ?? [],
  );
  const rows = numeric.length ? keptRows<T>(await statement.execute({ ids: numeric }), withExtras) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The row with this slug, or null: the root fields' lookup, one statement per table (and set of extras), built once. */
export async function rowBySlug<TTable extends PgTable & { slug: AnyColumn }>(
  db: Database,
  table: TTable,
  slug: string,
  withExtras?: ExtrasFor,
): Promise<Omit<TTable['$inferSelect'], 'search'> | null> {
  type Row = Omit<TTable['$inferSelect'], 'search'> & { id: number };
  const statement = lookup<unknown>(
    db,
    table,
    table.slug,
    'row-by-slug',
    { where: () => sql`${table.slug} = ${sql.placeholder('slug')}`, keys: () => sql`(SELECT CAST(${sql.placeholder('slug')} AS text)) AS k(key)` },
    withExtras?.extras ?? [],
  );
  return keptRows<Row>(await statement.execute({ slug }), withExtras)[0] ?? null;
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
