// What a row is to its readers: every column but the full-text `search` vector,
// which exists for the index and would only weigh down every fetch (a source's
// vector is as long as its text).
import { type Column, getTableColumns, sql, type SQL, type Table } from 'drizzle-orm';

export type ReadColumns<T extends Table> = Omit<T['_']['columns'], 'search'>;

export function rowColumns<T extends Table>(table: T): ReadColumns<T> {
  const { search: _search, ...columns } = getTableColumns(table) as Record<string, unknown>;
  return columns as ReadColumns<T>;
}

/**
 * A table's read columns as one JSON object keyed by the row's property names,
 * for rows nested in another statement's answer (a claim's relations inside
 * its page). The columns are the table's own, so a renamed column fails the
 * type check here as anywhere else.
 */
export function jsonRow<T extends Table>(table: T): SQL {
  const pairs = Object.entries(rowColumns(table) as Record<string, Column>).map(([prop, column]) => sql`${sql.raw(`'${prop}'`)}, ${column}`);
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

/** The row a jsonRow object stands for, each value read as the driver's would be (timestamps as Dates). */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): { [K in keyof ReadColumns<T>]: ReadColumns<T>[K] extends Column ? ReadColumns<T>[K]['_']['data'] : never } {
  const row: Record<string, unknown> = {};
  for (const [prop, column] of Object.entries(rowColumns(table) as Record<string, Column>)) {
    const value = json[prop];
    row[prop] = value == null ? null : column.mapFromDriverValue(value);
  }
  return row as never;
}
