// Builds Relay connections: root lists run one keyset query; nested lists
// (an actor's statements) batch every parent's page into one query per request.
import { type SQL, sql } from 'drizzle-orm';
import type { Context } from '../context.js';
import { selectRows, valueList } from '../db/rows.js';
import { loadNestedPages, type NestedListSpec } from '../loaders/nested-pages.js';
import type { CursorValues } from './cursor.js';
import { type ConnectionShape, keysetConditions, keysetOrder, type SortKey, toConnection, toPage } from './keyset.js';
import { type PageArgs, planPage } from './page-args.js';

export interface RootListOptions<T> {
  /** Tags cursors so a cursor of another list is refused. */
  kind: string;
  key: SortKey;
  keyOf: (row: T) => CursorValues;
  /** Runs the page query: filters plus keyset conditions, the order, and the row limit. */
  fetch: (conditions: SQL[], orderBy: SQL, limit: number) => Promise<T[]>;
  count: () => Promise<number>;
}

export async function rootConnection<T>(args: PageArgs, options: RootListOptions<T>): Promise<ConnectionShape<T>> {
  const plan = planPage(args, options.kind);
  const rows = await options.fetch(keysetConditions(options.key, plan), keysetOrder(options.key, plan), plan.size + 1);
  return toConnection(toPage(rows, plan), options.kind, options.keyOf, options.count);
}

export interface NestedListOptions {
  kind: string;
  spec: NestedListSpec;
  /** Anything besides pagination that changes the list (a role filter); part of the batch key. */
  variant?: unknown;
}

/**
 * A page of a parent's list. Edges carry node IDs; the node types are loadable,
 * so Pothos fetches every page's nodes through one batched DataLoader call.
 */
export async function nestedConnection(
  ctx: Context,
  parentId: number,
  args: PageArgs,
  options: NestedListOptions,
): Promise<ConnectionShape<string>> {
  const plan = planPage(args, options.kind);
  const batchKey = JSON.stringify([options.kind, options.variant ?? null, args.first, args.after, args.last, args.before]);
  const pages = ctx.loader<number, Awaited<ReturnType<typeof loadNestedPages>>[number]>(`page:${batchKey}`, (ids) =>
    loadNestedPages(ctx.db, options.spec, ids, plan),
  );
  const page = await pages.load(parentId);
  const counts = ctx.loader<number, number>(`count:${JSON.stringify([options.kind, options.variant ?? null])}`, (ids) =>
    countNested(ctx, options.spec, ids),
  );
  const connection = toConnection(page, options.kind, (item) => item.key, () => counts.load(parentId));
  return { ...connection, edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: String(edge.node.id) })) };
}

async function countNested(ctx: Context, spec: NestedListSpec, parentIds: readonly number[]): Promise<number[]> {
  const conditions = [sql`${spec.parent} IN (${valueList(parentIds)})`, ...(spec.where ?? [])];
  const rows = await selectRows<{ parent: number; n: number | string }>(
    ctx.db,
    sql`SELECT ${spec.parent} AS parent, count(*) AS n FROM ${spec.from} WHERE ${sql.join(conditions, sql` AND `)} GROUP BY 1`,
  );
  const byParent = new Map(rows.map((r) => [Number(r.parent), Number(r.n)]));
  return parentIds.map((id) => byParent.get(id) ?? 0);
}
