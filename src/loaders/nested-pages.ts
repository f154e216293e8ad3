// One page of a connection for many parents at once (Actor.statements for every
// actor in a list), in one SQL statement: the parent ids go in as one array,
// and a LATERAL subquery reads each parent's page from the list's index with
// its own ORDER BY ... LIMIT, so no parent's rows beyond its page are read or
// numbered. The same statement joins the listed rows, so a page arrives with
// its nodes and nothing is loaded in a second trip.
import { type AnyColumn, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import { jsonRow, jsonValue, pickedColumns, rowColumns, rowFromJson } from '../db/row-columns.js';
import type { CursorValues } from '../pagination/cursor.js';
import {
  keysetOrder,
  keysetPlaceholderConditions,
  keysetPlaceholderValues,
  type Page,
  planShape,
  type SortKey,
  toPage,
} from '../pagination/keyset.js';
import type { PagePlan } from '../pagination/page-args.js';
import { idArrayPlaceholder, preparedOnce, type Prepared } from './prepared-statements.js';

export interface NestedListSpec {
  /** FROM clause, joins included; may be a subquery. */
  from: SQL;
  /** Expression of the parent's id in `from`. */
  parent: SQL;
  /** Expression of the listed node's id in `from`. */
  node: SQL;
  key: SortKey;
  /** Extra conditions (a role filter, say). */
  where?: SQL[];
  /**
   * A node may have several rows for one parent (an actor in two roles of one
   * statement), rows that share its key: the page lists it once and the count
   * counts it once.
   */
  distinctNodes?: boolean;
}

export interface NestedItem<T> {
  row: T;
  key: CursorValues;
  /** The extra columns asked for, by name. */
  extras?: Record<string, unknown>;
}

/** A value read beside each listed row in the page's statement (the row's relations, say), from the row's id. */
export interface NestedExtra {
  name: string;
  column: (node: SQL) => SQL;
}

/**
 * Each parent's page. `shapeKey` names the list and its variant (what
 * nestedConnection batches on): the statement is built once per key and plan
 * shape, then runs with the parent ids, cursor values and page size as
 * placeholders.
 */
export async function loadNestedPages<T>(
  db: Database,
  spec: NestedListSpec,
  table: PgTable,
  ids: readonly number[],
  plan: PagePlan,
  shapeKey: string,
  extras: readonly NestedExtra[] = [],
  columns: readonly string[] | null = null,
): Promise<Page<NestedItem<T>>[]> {
  const values = keysetPlaceholderValues(spec.key, plan);
  type Row = { parent: number; node: unknown } & Record<string, unknown>;
  const extraKey = extras.map((extra) => extra.name).join(',');
  const limit = plan.size + 1;
  const statement = preparedOnce<Row[]>(db, `nested-page:${shapeKey}:${planShape(plan)}:${extraKey}:${limit}:${columns?.join(',') ?? '*'}`, () => {
    const descending = spec.key.descending !== plan.backward;
    const keyOrder = (alias: string) => spec.key.columns.map((_, i) => sql.raw(`${alias}.k${i} ${descending ? 'DESC' : 'ASC'}`));
    return db
      .select({
        parent: sql<number>`p.parent`,
        // Only the columns the selection reads, where it says (connection.ts, selectedColumns).
        node: columns ? (pickedColumns(table, columns) as ReturnType<typeof rowColumns<PgTable>>) : rowColumns(table),
        // Each sort key value as a column of its own (a date as its text), read without parsing JSON.
        ...Object.fromEntries(
          spec.key.columns.map((c, i) => [`k${i}`, c.type === 'date' ? sql.raw(`CAST(x.k${i} AS text)`) : sql.raw(`x.k${i}`)]),
        ),
        ...Object.fromEntries(extras.map((extra) => [extra.name, extra.column(sql`x.node`)])),
      })
      .from(sql`unnest(${idArrayPlaceholder('ids')}) AS p(parent) CROSS JOIN LATERAL (${parentPage(spec, plan, sql`p.parent`)}) x`)
      .innerJoin(table, sql`${getTableColumns(table).id} = x.node`)
      .orderBy(sql`p.parent`, ...keyOrder('x'))
      .prepare('nested-page') as Prepared<Row[]>;
  });
  const rows = await statement.execute({ ...values, ids: [...ids] });
  const byParent = new Map<number, NestedItem<T>[]>();
  for (const row of rows) {
    const parent = Number(row.parent);
    let list = byParent.get(parent);
    if (!list) byParent.set(parent, (list = []));
    const item: NestedItem<T> = { row: row.node as T, key: spec.key.columns.map((c, i) => normalizeKeyValue(row[`k${i}`], c.type)) };
    if (extras.length) item.extras = Object.fromEntries(extras.map((extra) => [extra.name, row[extra.name]]));
    list.push(item);
  }
  return ids.map((id) => toPage(byParent.get(id) ?? [], plan));
}

/**
 * One parent's page of the list, as a subquery of `node` and the key columns
 * k0, k1...: where the list has an index in its key's order within a parent
 * (for links to another table's rows, copies of their key: COPIED_COLUMNS),
 * it reads the page's entries and stops. The page size is written into the
 * text: a statement built once is planned once for any values
 * (src/db/client.ts).
 */
export function parentPage(spec: NestedListSpec, plan: PagePlan, parent: SQL): SQL {
  const keyCols = spec.key.columns.map((c, i) => sql`${c.expr} AS ${sql.raw(`k${i}`)}`);
  const conditions = [sql`${spec.parent} = ${parent}`, ...(spec.where ?? []), ...keysetPlaceholderConditions(spec.key, plan)];
  const distinct = spec.distinctNodes ? sql`DISTINCT ` : sql``;
  const rowsOfParent = sql`SELECT ${distinct}${spec.node} AS node, ${sql.join(keyCols, sql`, `)} FROM ${spec.from} WHERE ${sql.join(conditions, sql` AND `)}`;
  return sql`${rowsOfParent} ORDER BY ${keysetOrder(spec.key, plan)} LIMIT ${sql.raw(String(plan.size + 1))}`;
}

/**
 * One parent's first (or last) page as a JSON array, for a lookup that reads
 * it beside the parent's row in its own statement (connection-prefetch.ts):
 * each item its row (jsonRow, the columns asked for), its key values and its
 * extras. Only for a page with no cursor, whose statement has no placeholder.
 */
export function nestedPageJson(spec: NestedListSpec, table: PgTable & { id: AnyColumn }, plan: PagePlan, parent: SQL, extras: readonly NestedExtra[], columns: readonly string[] | null): SQL {
  const descending = spec.key.descending !== plan.backward;
  const order = spec.key.columns.map((_, i) => sql.raw(`x.k${i} ${descending ? 'DESC' : 'ASC'}`));
  const item = [
    sql`'row', ${jsonRow(table, columns ?? undefined)}`,
    ...spec.key.columns.map((_, i) => sql.raw(`'k${i}', x.k${i}`)),
    ...extras.map((extra) => sql`${sql.raw(`'${extra.name}'`)}, ${extra.column(sql`x.node`)}`),
  ];
  return sql`(SELECT coalesce(json_agg(json_build_object(${sql.join(item, sql`, `)}) ORDER BY ${sql.join(order, sql`, `)}), '[]')
    FROM (${parentPage(spec, plan, parent)}) x JOIN ${table} ON ${table.id} = x.node)`;
}

/** A nestedPageJson value as the page loadNestedPages gives for its parent. */
export function nestedPageFromJson<T>(json: unknown, spec: NestedListSpec, table: PgTable, plan: PagePlan, extras: readonly NestedExtra[], columns: readonly string[] | null): Page<NestedItem<T>> {
  const items = jsonValue<Record<string, unknown>[]>(json).map((read) => {
    const item: NestedItem<T> = {
      row: rowFromJson(table, read.row as Record<string, unknown>, columns ?? undefined) as T,
      key: spec.key.columns.map((c, i) => normalizeKeyValue(read[`k${i}`], c.type)),
    };
    if (extras.length) item.extras = Object.fromEntries(extras.map((extra) => [extra.name, read[extra.name]]));
    return item;
  });
  return toPage(items, plan);
}

/** Each parent's number of rows in the list, counted per parent like the pages; built once per `shapeKey` too. */
export async function countNestedLists(db: Database, spec: NestedListSpec, ids: readonly number[], shapeKey: string): Promise<number[]> {
  const statement = preparedOnce<{ parent: number; n: number | string }[]>(db, `nested-count:${shapeKey}`, () => {
    return db
      .select({ parent: sql<number>`p.parent`, n: sql<number | string>`${parentCount(spec, sql`p.parent`)}` })
      .from(sql`unnest(${idArrayPlaceholder('ids')}) AS p(parent)`)
      .prepare('nested-count') as Prepared<{ parent: number; n: number | string }[]>;
  });
  const rows = await statement.execute({ ids: [...ids] });
  const byParent = new Map(rows.map((r) => [Number(r.parent), Number(r.n)]));
  return ids.map((id) => byParent.get(id) ?? 0);
}

/** One parent's number of rows in the list, as a scalar subquery (a node listed twice counted once where the spec says). */
export function parentCount(spec: NestedListSpec, parent: SQL): SQL {
  const conditions = [sql`${spec.parent} = ${parent}`, ...(spec.where ?? [])];
  return sql`(SELECT count(${spec.distinctNodes ? sql`DISTINCT ${spec.node}` : sql`*`}) FROM ${spec.from} WHERE ${sql.join(conditions, sql` AND `)})`;
}

function normalizeKeyValue(value: unknown, type: string): string | number {
  if (type === 'integer' || type === 'real') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}
