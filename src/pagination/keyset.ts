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

function checkCursor(key: SortKey, values: CursorValues, argumentName: string): void {
  if (values.length !== key.columns.length || !key.columns.every((c, i) => isKeyValue(values[i], c.type))) {
    throw userError('INVALID_CURSOR', `${argumentName} is not a cursor of this list.`, { argumentName });
  }
}

function compare(key: SortKey, values: unknown[], op: '>' | '<'): SQL {
  const params = key.columns.map((c, i) => sql`CAST(${values[i]} AS ${sql.raw(c.type)})`);
  return sql`${tuple(key.columns.map((c) => c.expr))} ${sql.raw(op)} ${tuple(params)}`;
}

/** The WHERE conditions for after/before, in the list's own direction. */
export function keysetConditions(key: SortKey, plan: PagePlan): SQL[] {
  if (plan.after) checkCursor(key, plan.after, 'after');
  if (plan.before) checkCursor(key, plan.before, 'before');
  return keysetBounds(key, plan, plan.after, plan.before);
}

function keysetBounds(key: SortKey, plan: PagePlan, after: unknown[] | null, before: unknown[] | null): SQL[] {
  const conditions: SQL[] = [];
  if (plan.after) conditions.push(compare(key, after!, key.descending ? '<' : '>'));
  if (plan.before) conditions.push(compare(key, before!, key.descending ? '>' : '<'));
  return conditions;
}

/** Which cursors a plan has and which way it reads: what shapes a page statement's text. */
export function planShape(plan: PagePlan): string {
  return `${plan.after ? 'a' : ''}${plan.before ? 'b' : ''}${plan.backward ? 'r' : 'f'}`;
}

/** keysetConditions with placeholders (a0, a1... and b0, b1...) for the cursor values, for a statement built once. */
export function keysetPlaceholderConditions(key: SortKey, plan: PagePlan): SQL[] {
  const placeholders = (prefix: string) => key.columns.map((_, i) => sql.placeholder(`${prefix}${i}`));
  return keysetBounds(key, plan, placeholders('a'), placeholders('b'));
}

/** The values of keysetPlaceholderConditions' placeholders, the cursors checked as keysetConditions checks them. */
export function keysetPlaceholderValues(key: SortKey, plan: PagePlan): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [prefix, cursor, name] of [['a', plan.after, 'after'], ['b', plan.before, 'before']] as const) {
    if (!cursor) continue;
    checkCursor(key, cursor, name);
    cursor.forEach((value, i) => (values[`${prefix}${i}`] = value));
  }
  return values;
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

/**
 * An edge whose cursor is encoded only when a client selects it: a page of 20
 * would otherwise stringify and base64-encode 20 keys per request for queries
 * that never read a cursor.
 */
class Edge<R, N> {
  constructor(
    private readonly row: R,
    readonly node: N,
    private readonly cursorKind: string,
    private readonly keyOf: (row: R) => CursorValues,
  ) {}

  get cursor(): string {
    return encodeCursor(this.cursorKind, this.keyOf(this.row));
  }
}

class PageInfo {
  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly edges: { cursor: string }[],
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

/** A page as a Relay connection; `keyOf` gives the sort key values of a row, `nodeOf` the node an edge shows (the row itself by default). */
export function toConnection<T, N = T>(
  page: Page<T>,
  cursorKind: string,
  keyOf: (row: T) => CursorValues,
  totalCount: () => Promise<number>,
  nodeOf: (row: T) => N = (row) => row as unknown as N,
): ConnectionShape<N> {
  const edges = page.rows.map((row) => new Edge(row, nodeOf(row), cursorKind, keyOf));
  return { edges, pageInfo: new PageInfo(page.hasNextPage, page.hasPreviousPage, edges), totalCount };
}
