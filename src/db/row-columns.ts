// What a row is to its readers: every column but the full-text `search` vector,
// which exists for the index and would only weigh down every fetch (a source's
// vector is as long as its text).
import { type AnyColumn, Column, getTableColumns, sql, type SQL, type Table } from 'drizzle-orm';
import { PgDialect, type PgTable } from 'drizzle-orm/pg-core';

export type ReadColumns<T extends Table> = Omit<T['_']['columns'], 'search'>;

/** Each table's read columns, worked out once: rows are read on every request, tables never change. */
const readColumns = new WeakMap<Table, Record<string, unknown>>();

export function rowColumns<T extends Table>(table: T): ReadColumns<T> {
  let columns = readColumns.get(table);
  if (!columns) {
    const { search: _search, ...read } = getTableColumns(table) as Record<string, unknown>;
    readColumns.set(table, (columns = read));
  }
  // A copy: callers spread and extend what they get.
  return { ...columns } as ReadColumns<T>;
}

/**
 * A table's read columns as one JSON object keyed by the row's property names,
 * for rows nested in another statement's answer (a claim's relations inside
 * its page). The columns are the table's own, so a renamed column fails the
 * type check here as anywhere else.
 */
export function jsonRow<T extends Table>(table: T, properties?: readonly string[]): SQL {
  const columns = (properties ? pickedColumns(table, properties) : rowColumns(table)) as Record<string, Column>;
  const pairs = Object.entries(columns).map(([prop, column]) => sql`${sql.raw(`'${prop}'`)}, ${column}`);
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

/** The row a jsonRow object stands for (of `properties` only, where given), each value read as the driver's would be (timestamps as Dates). */
export function rowFromJson<T extends Table>(
  table: T,
  json: Record<string, unknown>,
  properties?: readonly string[],
): { [K in keyof ReadColumns<T>]: ReadColumns<T>[K] extends Column ? ReadColumns<T>[K]['_']['data'] : never } {
  const row: Record<string, unknown> = {};
  for (const [prop, column] of jsonReaders(table, properties)) {
    const value = json[prop];
    row[prop] = value == null ? null : column ? column.mapFromDriverValue(value) : value;
  }
  return row as never;
}

/** Each property rowFromJson reads, with its column where the column maps what the driver gives (null: taken as it is); once per table and properties. */
const readersByTable = new WeakMap<Table, Map<string, [string, Column | null][]>>();
const asGiven = (Column.prototype as unknown as { mapFromDriverValue: unknown }).mapFromDriverValue;

function jsonReaders(table: Table, properties: readonly string[] | undefined): [string, Column | null][] {
  let byProperties = readersByTable.get(table);
  if (!byProperties) readersByTable.set(table, (byProperties = new Map()));
  const key = properties?.join(',') ?? '*';
  let readers = byProperties.get(key);
  if (!readers) {
    const columns = (properties ? pickedColumns(table, properties) : rowColumns(table)) as Record<string, Column>;
    readers = Object.entries(columns).map(([prop, column]) => [prop, column.mapFromDriverValue === asGiven ? null : column]);
    byProperties.set(key, readers);
  }
  return readers;
}

/**
 * The property names of `table`'s read columns that fields named `fields`
 * read, by name: a column named as the field, or beginning with it (date:
 * dateEdtf, dateEarliest...; parent: parentId), plus `always`. Null when some
 * field names no column (a computed or loaded field), which may need the
 * whole row.
 */
export function columnsForFields(table: Table, fields: Iterable<string>, always: readonly string[]): string[] | null {
  const properties = Object.keys(rowColumns(table) as Record<string, unknown>);
  const chosen = new Set(always);
  for (const field of fields) {
    if (field === '__typename') continue;
    const matching = properties.filter((p) => p === field || (p.startsWith(field) && /^[A-Z]/.test(p.slice(field.length))));
    if (!matching.length) return null;
    for (const p of matching) chosen.add(p);
  }
  return properties.filter((p) => chosen.has(p));
}

/** The read columns of `table` named in `properties`. */
export function pickedColumns<T extends Table>(table: T, properties: readonly string[]): Partial<ReadColumns<T>> {
  const columns = rowColumns(table) as Record<string, unknown>;
  return Object.fromEntries(properties.map((p) => [p, columns[p]])) as Partial<ReadColumns<T>>;
}

/** How property names become column names: the database's drizzle instance (src/db/client.ts) and the fragments below. */
export const COLUMN_CASING = 'snake_case' as const;

/** SQL templates rendered to text outside a query builder (here, and compiled reads), with the database's casing. */
export const SQL_DIALECT = new PgDialect({ casing: COLUMN_CASING });

/**
 * For a page of items of several tables, each tagged with its table's index in
 * `tables` (column `type`) and its id (column `id`) under `alias`: the `row`
 * column (the item's read columns as jsonRow JSON) and the LEFT JOINs that
 * bring it, so a page and its rows are one statement. Both hold only names and
 * numbers, so they are rendered to SQL text once: a statement built on every
 * request does not walk every column of every table again.
 */
export function rowsOfTypes(alias: string, tables: readonly (PgTable & { id: AnyColumn })[]): { row: SQL; joins: SQL } {
  const at = sql.raw(alias);
  const row = sql`CASE ${at}.type ${sql.join(
    tables.map((table, i) => sql`WHEN ${sql.raw(String(i))} THEN ${jsonRow(table)}`),
    sql` `,
  )} END AS row`;
  const joins = sql.join(
    tables.map((table, i) => sql`LEFT JOIN ${table} ON ${at}.type = ${sql.raw(String(i))} AND ${table.id} = ${at}.id`),
    sql` `,
  );
  return { row: rendered(row), joins: rendered(joins) };
}

/** A column's name in the database (the casing applied), for SQL that names it under an alias of its table. */
export function columnName(column: Column): string {
  const text = SQL_DIALECT.sqlToQuery(sql`${column}`).sql;
  return JSON.parse(text.slice(text.lastIndexOf('.') + 1)) as string;
}

function rendered(fragment: SQL): SQL {
  const query = SQL_DIALECT.sqlToQuery(fragment);
  if (query.params.length) throw new Error('rowsOfTypes: a fragment with parameters cannot be rendered once');
  return sql.raw(query.sql);
}

/** A row of rowsOfTypes' `row` column, read with its table's column types. */
export function rowOfType<T extends Table>(table: T, json: unknown) {
  return rowFromJson(table, jsonValue<Record<string, unknown>>(json));
}

/** A json column's value: parsed by the driver already, or its text when a driver left it as text. */
export function jsonValue<T>(json: unknown): T {
  return (typeof json === 'string' ? JSON.parse(json) : json) as T;
}
