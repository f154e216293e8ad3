// Keyset pagination in SQL: WHERE (key) > (cursor) ORDER BY key LIMIT n + 1.
// Every sort key ends in a unique column, so the order is total and stable.
import { type SQL, sql } from 'drizzle-orm';
import { userError } from '../errors.js';
import { encodeCursor, isKeyValue, type CursorValues, type KeyType } from './cursor.js';
import type { PagePlan } from './page-args.js';

export interface KeyColumn {
  expr: SQL;
  /** SQL type the cursor value is cast to, so both drivers compare like with like. */
  type: KeyType;
}

export interface SortKey {
  /** The key's columns, most significant first; the last one is unique. */
  columns: KeyColumn[];
  /** Order of the list as the client asked for it. */
  descending: boolean;
}

function tuple(parts: SQL[]): SQL {
  return sql`(${sql.join(parts, sql`, `)})`;
}

function compare(key: SortKey, values: CursorValues, op: '>' | '<', argumentName: string): SQL {
  if (values.length !== key.columns.length || !key.columns.every((c, i) => isKeyValue(values[i], c.type))) {
    throw userError('INVALID_CURSOR', `${argumentName} is not a cursor of this list.`, { argumentName });
  }
  const params = key.columns.map((c, i) => sql`CAST(${values[i]} AS ${sql.raw(c.type)})`);
  return sql`${tuple(key.columns.map((c) => c.expr))} ${sql.raw(op)} ${tuple(params)}`;
}

/** The WHERE conditions for after/before, in the list's own direction. */
export function keysetConditions(key: SortKey, plan: PagePlan): SQL[] {
  const forwardOp = key.descending ? '<' : '>';
  const backwardOp = key.descending ? '>' : '<';
  const conditions: SQL[] = [];
  if (plan.after) conditions.push(compare(key, plan.after, forwardOp, 'after'));
  if (plan.before) conditions.push(compare(key, plan.before, backwardOp, 'before'));
  return conditions;
}

/** ORDER BY for the fetch: reversed when paging backward. */
export function keysetOrder(key: SortKey, plan: PagePlan): SQL {
  const descending = key.descending !== plan.backward;
  const dir = sql.raw(descending ? 'DESC' : 'ASC');
  return sql.join(
    key.columns.map((c) => sql`${c.expr} ${dir}`),
    sql`, `,
  );
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** Trims the extra row fetched to detect another page and restores the list's order. */
export function toPage<T>(fetched: T[], plan: PagePlan): Page<T> {
  const more = fetched.length > plan.size;
  const rows = fetched.slice(0, plan.size);
  if (plan.backward) rows.reverse();
  // A cursor given on the far side means its item, at least, lies beyond the page.
  return {
    rows,
    hasNextPage: plan.backward ? plan.before != null : more || plan.before != null,
    hasPreviousPage: plan.backward ? more || plan.after != null : plan.after != null,
  };
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

/** A page as a Relay connection; `keyOf` gives the sort key values of a row. */
export function toConnection<T>(
  page: Page<T>,
  cursorKind: string,
  keyOf: (row: T) => CursorValues,
  totalCount: () => Promise<number>,
): ConnectionShape<T> {
  const edges = page.rows.map((row) => ({ cursor: encodeCursor(cursorKind, keyOf(row)), node: row }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
