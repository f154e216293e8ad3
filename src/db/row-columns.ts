// What a row is to its readers: every column but the full-text `search` vector,
// which exists for the index and would only weigh down every fetch (a source's
// vector is as long as its text).
import { getTableColumns, type Table } from 'drizzle-orm';

export type ReadColumns<T extends Table> = Omit<T['_']['columns'], 'search'>;

export function rowColumns<T extends Table>(table: T): ReadColumns<T> {
  const { search: _search, ...columns } = getTableColumns(table) as Record<string, unknown>;
  return columns as ReadColumns<T>;
}
