// node(id) and nodes(ids) read a type's rows with the values of the fields
// selected on them that can come in the same statement (a claim's standing and
// rebuttals, say): a type registers how, and the lookup then finds its rows,
// and the fields their values, already loaded. A type with nothing registered,
// or nothing selected, loads as before through its DataLoader.
import type { AnyColumn } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { type RowExtra, rowsById } from '../loaders/rows-by-id.js';

/** Reads the rows of one type with these ids, and what the selection needs beside them, and primes their loaders. */
export type NodePrefetch = (ctx: Context, info: GraphQLResolveInfo, ids: number[]) => Promise<void>;

const prefetchers = new Map<string, NodePrefetch>();

export function prefetchOnNodeLookup(typename: string, prefetch: NodePrefetch): void {
  prefetchers.set(typename, prefetch);
}

/** Runs the registered prefetches for the decoded IDs asked for, one per type, at once. */
export async function prefetchNodes(ctx: Context, info: GraphQLResolveInfo, ids: readonly { typename: string; id: string }[]): Promise<void> {
  const byType = new Map<string, number[]>();
  for (const { typename, id } of ids) {
    if (!prefetchers.has(typename)) continue;
    const list = byType.get(typename) ?? [];
    list.push(Number(id));
    byType.set(typename, list);
  }
  if (byType.size) await Promise.all([...byType].map(([typename, list]) => prefetchers.get(typename)!(ctx, info, list)));
}

/**
 * For a type backed by one table: when the selection asks for any of the
 * extras `extrasOf` gives, its rows are read with them in one statement and
 * primed into the type's loader (null where no row has the id, so nothing is
 * read again).
 */
export function prefetchRowsOnNodeLookup<Row extends { id: number }>(
  type: { name: string; getDataloader(ctx: Context): { prime(id: number, row: Row): unknown } },
  table: PgTable & { id: AnyColumn },
  extrasOf: (info: GraphQLResolveInfo) => RowExtra[],
): void {
  prefetchOnNodeLookup(type.name, async (ctx, info, ids) => {
    const extras = extrasOf(info);
    if (!extras.length) return;
    const rows = await rowsById<Row>(ctx.db, table, table.id, ids, { ctx, extras });
    const loader = type.getDataloader(ctx);
    rows.forEach((row, i) => loader.prime(ids[i]!, row as Row));
  });
}
