// node(id) and nodes(ids) read a type's rows with the values of the fields
// selected on them that can come in the same statement (a claim's standing and
// rebuttals, say): a type registers how, and the lookup then finds its rows,
// and the fields their values, already loaded. A type with nothing registered,
// or nothing selected, loads as before through its DataLoader.
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';

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
