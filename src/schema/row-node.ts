// What every node type backed by one table shares: its global ID holds the
// row's numeric id, which is also the key its DataLoader batches on, so an ID
// decoded by the relay plugin reaches rowsById as a number, never as a string.
import type { AnyColumn } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Context } from '../context.js';
import { rowsById } from '../loaders/rows-by-id.js';

/** The id a global ID carries, as its row's key (decodeGlobalID has already refused anything but an integer in range). */
export function rowIdOf(id: string): number {
  return Number(id);
}

/** Options for builder.loadableNodeRef<Row, number, number>: the id, its parsing, and the batched load by id. */
export function rowNode<Row extends { id: number }>(table: PgTable & { id: AnyColumn }) {
  return {
    id: { resolve: (row: Row) => row.id, parse: rowIdOf },
    load: (ids: number[], ctx: Context) => rowsById<Row>(ctx.db, table, table.id, ids) as Promise<Row[]>,
  };
}
