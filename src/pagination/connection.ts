// Builds Relay connections: root lists run one keyset query; nested lists
// (an actor's statements) batch every parent's page, rows included, into one query per request.
import { type AnyColumn, and, count, sql, type SQL } from 'drizzle-orm';
import type { GraphQLResolveInfo } from 'graphql';
import { columnsForFields } from '../db/row-columns.js';
import { fieldsAtPath, selectsEdgeFields } from '../schema/selection.js';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import { rowColumns } from '../db/row-columns.js';
import type { Context } from '../context.js';
import {
  countNestedLists,
  loadNestedPages,
  type NestedExtra,
  type NestedItem,
  type NestedListSpec,
  nestedPageFromJson,
  nestedPageJson,
} from '../loaders/nested-pages.js';
import { keyedLoader } from '../loaders/keyed-loader.js';
import { preparedOnce, type Prepared } from '../loaders/prepared-statements.js';
import type { CursorValues } from './cursor.js';
import {
  type ConnectionShape,
  keysetConditions,
  keysetOrder,
  keysetPlaceholderConditions,
  keysetPlaceholderValues,
  type Page,
  planShape,
  type SortKey,
  toConnection,
  toPage,
} from './keyset.js';
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

/**
 * A root list of one table's rows, read columns only, with the count over the
 * same filters. Unfiltered, the page statement is built once per list and
 * shape (its kind and order name its sort key) and runs with the cursor
 * values and the page size as placeholders.
 */
export async function tableConnection<T>(db: Database, table: PgTable, args: PageArgs, options: TableListOptions<T>) {
  const filters = options.filters ?? [];
  const countRows = async (): Promise<number> => (await db.select({ n: count() }).from(table).where(and(...filters)))[0]?.n ?? 0;
  if (filters.length) {
    return rootConnection<T>(args, {
      ...options,
      fetch: async (conditions, orderBy, limit) =>
        (await db.select(rowColumns(table)).from(table).where(and(...filters, ...conditions)).orderBy(orderBy).limit(limit)) as T[],
      count: countRows,
    });
  }
  const plan = planPage(args, options.kind);
  const values = keysetPlaceholderValues(options.key, plan);
  // The page size is written into the text: a statement built once is planned once for any
  // values (src/db/client.ts), and with the limit unknown Postgres would plan for a tenth of the table.
  const limit = plan.size + 1;
  const page = preparedOnce<T[]>(db, `table-page:${options.kind}:${options.key.descending}:${planShape(plan)}:${limit}`, () =>
    db
      .select(rowColumns(table))
      .from(table)
      .where(and(...keysetPlaceholderConditions(options.key, plan)))
      .orderBy(keysetOrder(options.key, plan))
      // As text, not a parameter (drizzle's limit takes numbers and placeholders; SQL goes in as it is).
      .limit(sql.raw(String(limit)) as unknown as number)
      .prepare(`table-page-${options.kind}`) as Prepared<T[]>,
  );
  const rows = await page.execute(values);
  return toConnection(toPage(rows, plan), options.kind, options.keyOf, countRows);
}

export interface NestedListOptions<TTable extends PgTable> {
  kind: string;
  /** The list's SQL; asked for once per batch (not per parent), so a hundred parents do not build it a hundred times. */
  spec: () => NestedListSpec;
  /** The listed rows' table: each page comes with its rows (read columns), joined in the page's statement. */
  table: TTable;
  /** Anything besides pagination that changes the list (a role filter); part of the batch key. */
  variant?: unknown;
  /**
   * Values read beside each row in the page's statement, each handed to `keep`
   * with the row's id once the batch is read (a claim's relations, kept for the
   * field that lists them), so a nested selection costs no statement of its own.
   */
  extras?: (NestedExtra & { keep: (ctx: Context, nodeId: number, value: unknown) => void })[];
  /** The field's resolve info: the page reads only the columns of the rows its selection reads (selectedColumns). */
  selection?: GraphQLResolveInfo;
}

/**
 * The columns of a connection's rows that its selection reads, where the
 * fields on its nodes are nothing but columns (columnsForFields) and its edges
 * have no field of their own but node and cursor; null for whole rows.
 */
export function selectedColumns(info: GraphQLResolveInfo, table: PgTable): string[] | null {
  // Worked out once per field of the operation, not once per parent (a hundred actors' statements).
  const known = columnsByField.get(info.fieldNodes);
  if (known !== undefined) return known;
  const fields = [['edges', 'node'], ['nodes']].flatMap((path) => [...(fieldsAtPath(info, path, []).get('*') ?? [])]);
  const columns = selectsEdgeFields(info) ? null : columnsForFields(table, fields, ['id']);
  columnsByField.set(info.fieldNodes, columns);
  return columns;
}

/** selectedColumns' answers by the field's nodes in the operation (one connection field, one table). */
const columnsByField = new WeakMap<GraphQLResolveInfo['fieldNodes'], string[] | null>();

/** What a page of the list reads for these arguments: its plan (planPage refuses bad arguments), the extras beside its rows and the columns of them. */
function pageShape<TTable extends PgTable>(args: PageArgs, options: NestedListOptions<TTable>) {
  return {
    plan: planPage(args, options.kind),
    extras: options.extras ?? [],
    columns: options.selection ? selectedColumns(options.selection, options.table) : null,
  };
}

/** What nestedConnection batches a page on, and the loader that reads it: parents asking the same list with the same arguments share it. */
function nestedPages<TTable extends PgTable, T>(ctx: Context, args: PageArgs, options: NestedListOptions<TTable>) {
  const { plan, extras, columns } = pageShape(args, options);
  // The list and its variant decide the spec: the first caller's spec serves the whole batch, and its statement is built once.
  const listKey = JSON.stringify([options.kind, options.variant ?? null]);
  // Parents asking for other columns (the same list under two aliases) batch apart: a row read for one serves only its own.
  const batchKey = JSON.stringify([options.kind, options.variant ?? null, args.first, args.after, args.last, args.before, extras.map((e) => e.name), columns]);
  const keepExtras = (page: Page<NestedItem<T>>) => {
    for (const item of page.rows) {
      for (const extra of extras) extra.keep(ctx, (item.row as { id: number }).id, item.extras?.[extra.name]);
    }
  };
  const pages = keyedLoader<number, Page<NestedItem<T>>>(ctx, `page:${batchKey}`, async (ids) => {
    const loaded = await loadNestedPages<T>(ctx.db, options.spec(), options.table, ids, plan, listKey, extras, columns);
    loaded.forEach(keepExtras);
    return loaded;
  });
  return { plan, listKey, extras, columns, pages, keepExtras };
}

/**
 * A page of a parent's list, its rows included. Every parent's page of the same
 * list and arguments is fetched in one batched statement.
 */
export async function nestedConnection<TTable extends PgTable, T = Omit<TTable['$inferSelect'], 'search'>>(
  ctx: Context,
  parentId: number,
  args: PageArgs,
  options: NestedListOptions<TTable>,
): Promise<ConnectionShape<T>> {
  const { pages, listKey } = nestedPages<TTable, T>(ctx, args, options);
  const page = await pages.load(parentId);
  const counts = keyedLoader<number, number>(ctx, `count:${listKey}`, (ids) => countNestedLists(ctx.db, options.spec(), ids, listKey));
  return toConnection(page, options.kind, (item) => item.key, () => counts.load(parentId), (item) => item.row);
}

/**
 * A parent's first or last page (no cursor) read beside the parent's row by
 * its lookup, as a JSON column (nestedPageJson): `column` gives it, `keep`
 * primes the page for nestedConnection with the same arguments, which then
 * reads nothing. Null where the arguments have a cursor or are refused (the
 * field's own resolver then reads, or refuses, as ever).
 */
export function nestedPageColumn<TTable extends PgTable & { id: AnyColumn }>(args: PageArgs, options: NestedListOptions<TTable>) {
  if (args.after != null || args.before != null) return null;
  let shape: ReturnType<typeof pageShape<TTable>>;
  try {
    shape = pageShape(args, options);
  } catch {
    return null;
  }
  const { plan, extras, columns } = shape;
  let listSpec: NestedListSpec | undefined;
  const spec = () => (listSpec ??= options.spec());
  return {
    /** Names everything the column's SQL depends on, for the statement built once that reads it. */
    name: JSON.stringify([options.kind, options.variant ?? null, planShape(plan), plan.size, extras.map((e) => e.name), columns]),
    column: (parent: SQL) => nestedPageJson(spec(), options.table, plan, parent, extras, columns),
    keep: (ctx: Context, parentId: number, json: unknown) => {
      const { pages, keepExtras } = nestedPages<TTable, unknown>(ctx, args, options);
      const page = nestedPageFromJson<unknown>(json, spec(), options.table, plan, extras, columns);
      keepExtras(page);
      pages.prime(parentId, page);
    },
  };
}
