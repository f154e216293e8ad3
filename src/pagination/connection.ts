// Builds Relay connections: root lists run one keyset query; nested lists
// (an actor's statements) batch every parent's page into one query per request.
import { and, count, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import { rowColumns } from '../db/row-columns.js';
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

export interface TableListOptions<T> {
  kind: string;
  key: SortKey;
  keyOf: (row: T) => CursorValues;
  /** Conditions narrowing the list (a filter); cursors add their own. */
  filters?: SQL[];
}

/** A root list of one table's rows, read columns only, with the count over the same filters. */
export function tableConnection<T>(db: Database, table: PgTable, args: PageArgs, options: TableListOptions<T>) {
  const filters = options.filters ?? [];
  return rootConnection<T>(args, {
    ...options,
    fetch: async (conditions, orderBy, limit) =>
      (await db.select(rowColumns(table)).from(table).where(and(...filters, ...conditions)).orderBy(orderBy).limit(limit)) as T[],
    count: async () => (await db.select({ n: count() }).from(table).where(and(...filters)))[0]?.n ?? 0,
  });
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
