// The timeline in SQL: events and statements in one order, (earliest day,
// precision rank, type, id), with type 0 for events and 1 for statements.
//
// A page is one statement: each table contributes its own keyset-bounded,
// LIMITed scan of its (earliest, rank, id) order index, and the outer query
// merges the two short lists. The item type is a constant within a table, so a
// cursor (day, rank, type, id) becomes, per table, a plain (day, rank, id) row
// comparison the btree index answers directly: for the cursor's own table the
// cursor id, for the table sorting before it at the same (day, rank) the largest
// id, for the table after it 0. Page depth changes only where the index scan
// starts, never how much it reads.
//
// Actor.timeline for many actors runs the same statement once per actor inside
// a LATERAL join, so a list of actors costs one query, not one per actor.
import { type Column, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { selectRows, valueList } from '../db/rows.js';
import { type EventKind, events, type StatementKind, statements } from '../db/schema.js';
import { columnName, rowColumns, rowOfType, rowsOfTypes } from '../db/row-columns.js';
import { userError } from '../errors.js';
import { type CursorValues, isKeyValue, MAX_INTEGER } from '../pagination/cursor.js';
import { type Page, planShape, toPage } from '../pagination/keyset.js';
import type { PagePlan } from '../pagination/page-args.js';
import { preparedOnce, type Prepared } from './prepared-statements.js';

export const TIMELINE_TYPES = ['EVENT', 'STATEMENT'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];
export type TimelineGranularity = 'DAY' | 'MONTH' | 'YEAR';

/** A validated TimelineFilter; null fields do not filter. */
export interface TimelineScope {
  from: string | null;
  to: string | null;
  actorIds: number[] | null;
  topicIds: number[] | null;
  types: readonly TimelineType[];
  eventKinds: EventKind[] | null;
  statementKinds: StatementKind[] | null;
  /** Matching statement ids and event ids, from the shared full-text search. */
  search: { statements: (id: SQL) => SQL; events: (id: SQL) => SQL } | null;
  /** Only this one item (type 0 event, 1 statement): does it match, and where does it sit? Live updates ask. */
  only?: { type: 0 | 1; id: number } | null;
}

/** The whole timeline: every item of both types. Filters narrow a copy of it. */
export const WHOLE_TIMELINE: TimelineScope = {
  from: null,
  to: null,
  actorIds: null,
  topicIds: null,
  types: TIMELINE_TYPES,
  eventKinds: null,
  statementKinds: null,
  search: null,
};

export interface TimelineKey {
  day: string;
  rank: number;
  type: 0 | 1;
  id: number;
}

export type TimelineEventRow = Omit<typeof events.$inferSelect, 'search'>;
export type TimelineStatementRow = Omit<typeof statements.$inferSelect, 'search'>;

/** A page's item: its key, and its row when the page was asked to bring rows (null otherwise). */
export interface TimelineEntry extends TimelineKey {
  row: TimelineEventRow | TimelineStatementRow | null;
}

export function keyValues(key: TimelineKey): CursorValues {
  return [key.day, key.rank, key.type, key.id];
}

interface Branch {
  type: 0 | 1;
  from: SQL;
  day: SQL;
  rank: SQL;
  id: SQL;
  conditions: SQL[];
  /**
   * The items begun before `from` and under way on it: found by the date-range
   * index, then sorted. Left to itself the planner may walk the order index
   * back through every earlier item looking for the few still under way (a
   * third of a second at a million events).
   */
  underWay?: boolean;
}

/** `actor` matches an actor id column: an IN list for the filter, `= parent` inside Actor.timeline's LATERAL join. */
type ActorMatch = (column: SQL) => SQL;

function eventsWithActor(match: ActorMatch): SQL {
  return sql`SELECT ep.event_id FROM event_participants ep WHERE ${match(sql`ep.actor_id`)}`;
}

/** Participant of the statement, or claimant (asserting participant anywhere it appears) or subject of a claim in it. */
function statementsWithActor(match: ActorMatch): SQL {
  return sql`SELECT sp.statement_id FROM statement_participants sp WHERE ${match(sql`sp.actor_id`)}
    UNION SELECT ca.statement_id FROM claim_subjects cs JOIN claim_appearances ca ON ca.claim_id = cs.claim_id
      WHERE ${match(sql`cs.actor_id`)}
    UNION SELECT ca.statement_id FROM claim_claimants cc JOIN claim_appearances ca ON ca.claim_id = cc.claim_id
      WHERE ${match(sql`cc.actor_id`)}`;
}

/**
 * With a `from` day, a table's items split in two disjoint parts: those beginning
 * on or after it (a range scan of the order index) and those begun before it and
 * still under way on it (the GiST index on the item's date range). Either part
 * is found without reading the items that ended before `from`.
 */
function splitAtFrom(branch: Omit<Branch, 'conditions'>, conditions: SQL[], span: SQL, from: string | null): Branch[] {
  if (!from) return [{ ...branch, conditions }];
  const day = sql`CAST(${from} AS date)`;
  return [
    { ...branch, conditions: [sql`${branch.day} >= ${day}`, ...conditions] },
    { ...branch, conditions: [sql`${span} @> ${day}`, sql`${branch.day} < ${day}`, ...conditions], underWay: true },
  ];
}

function branches(scope: TimelineScope, parentActor: SQL | null): Branch[] {
  const result: Branch[] = [];
  const matchers: ActorMatch[] = [];
  if (scope.actorIds) matchers.push((column) => sql`${column} IN (${valueList(scope.actorIds!)})`);
  if (parentActor) matchers.push((column) => sql`${column} = ${parentActor}`);

  const only = scope.only ?? null;
  if (scope.types.includes('EVENT') && (!only || only.type === 0)) {
    const c: SQL[] = [];
    if (only) c.push(sql`e.id = ${only.id}`);
    if (scope.to) c.push(sql`e.start_earliest <= CAST(${scope.to} AS date)`);
    for (const match of matchers) c.push(sql`e.id IN (${eventsWithActor(match)})`);
    if (scope.topicIds) {
      c.push(sql`e.id IN (SELECT ce.event_id FROM claim_events ce JOIN claim_topics ct ON ct.claim_id = ce.claim_id
        WHERE ct.topic_id IN (${valueList(scope.topicIds)}))`);
    }
    if (scope.eventKinds) c.push(sql`e.kind IN (${valueList(scope.eventKinds)})`);
    if (scope.search) c.push(scope.search.events(sql`e.id`));
    // An event covers start.earliest through (end ?? start).latest.
    const span = sql`daterange(e.start_earliest, coalesce(e.end_latest, e.start_latest), '[]')`;
    const branch = { type: 0 as const, from: sql`events e`, day: sql`e.start_earliest`, rank: sql`e.start_rank`, id: sql`e.id` };
    result.push(...splitAtFrom(branch, c, span, scope.from));
  }
  if (scope.types.includes('STATEMENT') && (!only || only.type === 1)) {
    const c: SQL[] = [];
    if (only) c.push(sql`s.id = ${only.id}`);
    if (scope.to) c.push(sql`s.date_earliest <= CAST(${scope.to} AS date)`);
    for (const match of matchers) c.push(sql`s.id IN (${statementsWithActor(match)})`);
    if (scope.topicIds) {
      c.push(sql`s.id IN (SELECT ca.statement_id FROM claim_appearances ca JOIN claim_topics ct ON ct.claim_id = ca.claim_id
        WHERE ct.topic_id IN (${valueList(scope.topicIds)}))`);
    }
    if (scope.statementKinds) c.push(sql`s.kind IN (${valueList(scope.statementKinds)})`);
    if (scope.search) c.push(scope.search.statements(sql`s.id`));
    const span = sql`daterange(s.date_earliest, s.date_latest, '[]')`;
    const branch = { type: 1 as const, from: sql`statements s`, day: sql`s.date_earliest`, rank: sql`s.date_rank`, id: sql`s.id` };
    result.push(...splitAtFrom(branch, c, span, scope.from));
  }
  return result;
}

function where(conditions: SQL[]): SQL {
  return conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
}

function checkCursor(values: CursorValues, argumentName: string): TimelineKey {
  const [day, rank, type, id] = values;
  if (
    values.length !== 4 ||
    !isKeyValue(day, 'date') ||
    !(rank === 0 || rank === 1 || rank === 2 || rank === 3) ||
    (type !== 0 && type !== 1) ||
    !isKeyValue(id, 'integer')
  ) {
    throw userError('INVALID_CURSOR', `${argumentName} is not a cursor of this list.`, { argumentName });
  }
  return { day: day as string, rank: rank as number, type, id: id as number };
}

/** A cursor's values, or placeholders for them (a statement built once); the type is always known. */
interface CursorBound {
  day: unknown;
  rank: unknown;
  type: 0 | 1;
  id: unknown;
}

/** The cursor as a (day, rank, id) bound on one table; see the header comment. */
function branchBound(branch: Branch, cursor: CursorBound, op: '>' | '<'): SQL {
  const id = branch.type === cursor.type ? cursor.id : branch.type < cursor.type ? MAX_INTEGER : 0;
  return sql`(${branch.day}, ${branch.rank}, ${branch.id}) ${sql.raw(op)} (CAST(${cursor.day} AS date), CAST(${cursor.rank} AS smallint), CAST(${id} AS integer))`;
}

/** One page's keys, as a query; null when no item type is selected. */
function pageQuery(scope: TimelineScope, plan: PagePlan, descending: boolean, parentActor: SQL | null): SQL | null {
  const after = plan.after ? checkCursor(plan.after, 'after') : null;
  const before = plan.before ? checkCursor(plan.before, 'before') : null;
  return boundedPageQuery(scope, plan, descending, parentActor, after, before, plan.size + 1);
}

function boundedPageQuery(
  scope: TimelineScope,
  plan: PagePlan,
  descending: boolean,
  parentActor: SQL | null,
  after: CursorBound | null,
  before: CursorBound | null,
  limit: unknown,
  extra?: { columns: (type: 0 | 1) => SQL; names: readonly string[] },
): SQL | null {
  const parts = branches(scope, parentActor);
  if (!parts.length) return null;
  const dir = sql.raw(descending !== plan.backward ? 'DESC' : 'ASC');
  const selects = parts.map((b) => {
    const conditions = [...b.conditions];
    if (after) conditions.push(branchBound(b, after, descending ? '<' : '>'));
    if (before) conditions.push(branchBound(b, before, descending ? '>' : '<'));
    const columns = sql`${sql.raw(String(b.type))} AS type, ${b.id} AS id, ${b.day} AS day, ${b.rank} AS rank${extra ? sql`, ${extra.columns(b.type)}` : sql``}`;
    // OFFSET 0 keeps the subquery whole: its rows are found by the range index and sorted after (see Branch.underWay).
    if (b.underWay) {
      return sql`(SELECT * FROM (SELECT ${columns} FROM ${b.from} ${where(conditions)} OFFSET 0) u
        ORDER BY u.day ${dir}, u.rank ${dir}, u.id ${dir} LIMIT ${limit})`;
    }
    return sql`(SELECT ${columns}
      FROM ${b.from} ${where(conditions)}
      ORDER BY ${b.day} ${dir}, ${b.rank} ${dir}, ${b.id} ${dir} LIMIT ${limit})`;
  });
  const extraNames = extra ? sql.raw(extra.names.map((name) => `, t."${name}"`).join('')) : sql``;
  return sql`SELECT t.type, t.id, CAST(t.day AS text) AS day, t.rank${extraNames} FROM (${sql.join(selects, sql` UNION ALL `)}) t
    ORDER BY t.day ${dir}, t.rank ${dir}, t.type ${dir}, t.id ${dir} LIMIT ${limit}`;
}

/** The root timeline's page query, for EXPLAIN in the index test and the benchmark. */
export function timelinePageQuery(scope: TimelineScope, plan: PagePlan, descending: boolean): SQL | null {
  return pageQuery(scope, plan, descending, null);
}

function countQuery(scope: TimelineScope, parentActor: SQL | null): SQL {
  const counts = branches(scope, parentActor).map((b) => sql`(SELECT count(*) FROM ${b.from} ${where(b.conditions)})`);
  return sql`SELECT ${counts.length ? sql.join(counts, sql` + `) : sql`0`} AS n`;
}

function bucketQuery(scope: TimelineScope, granularity: TimelineGranularity, parentActor: SQL | null): SQL {
  const unit = sql.raw(`'${granularity.toLowerCase()}'`);
  const days = branches(scope, parentActor).map(
    (b) => sql`SELECT CAST(date_trunc(${unit}, CAST(${b.day} AS timestamp)) AS date) AS bucket FROM ${b.from} ${where(b.conditions)}`,
  );
  if (!days.length) return sql`SELECT CAST(NULL AS date) AS bucket, 0 AS n WHERE false`;
  return sql`SELECT CAST(d.bucket AS text) AS bucket, count(*) AS n FROM (${sql.join(days, sql` UNION ALL `)}) d GROUP BY d.bucket`;
}

/**
 * A page query's keys with each item's row as one JSON value: the event's or
 * the statement's read columns, joined by primary key after the page is cut,
 * so a page and its rows are one statement. Filtered and per-actor pages
 * (built per request) read rows this way; the unfiltered root page, built
 * once, joins the rows' columns themselves (wholeTimelinePage).
 */
function withRows(page: SQL): SQL {
  return sql`SELECT p.type, p.id, p.day, p.rank, ${ITEM_ROWS.row} FROM (${page}) p ${ITEM_ROWS.joins}`;
}

/** Type 0 is an event, 1 a statement, as in the timeline's order. */
const ITEM_ROWS = rowsOfTypes('p', [events, statements]);

function entryRow(type: 0 | 1, json: unknown): TimelineEntry['row'] {
  if (json == null) return null;
  return type === 0 ? (rowOfType(events, json) as TimelineEventRow) : (rowOfType(statements, json) as TimelineStatementRow);
}

/**
 * Runs `build` once for the root timeline (parents null) or once per actor in a
 * LATERAL join; every row comes back tagged with its parent (0 for the root).
 */
async function perParent<T>(
  db: Database,
  parents: readonly number[] | null,
  build: (parentActor: SQL | null) => SQL,
  order: SQL = sql`1`,
): Promise<(T & { parent: number })[]> {
  const query = parents
    ? sql`SELECT a.parent, x.* FROM (VALUES ${sql.join(
        parents.map((id) => sql`(CAST(${id} AS integer))`),
        sql`, `,
      )}) a(parent) CROSS JOIN LATERAL (${build(sql`a.parent`)}) x ORDER BY a.parent, ${order}`
    : sql`SELECT 0 AS parent, x.* FROM (${build(null)}) x ORDER BY ${order}`;
  const rows = await selectRows<T & { parent: number }>(db, query);
  return rows.map((r) => ({ ...r, parent: Number(r.parent) }));
}


/**
 * Pages of the root timeline (parents null: one page) or of each actor's
 * timeline. With `rows`, each entry brings its event's or statement's row,
 * read in the page's own statement.
 */
export async function timelinePages(
  db: Database,
  scope: TimelineScope,
  plan: PagePlan,
  descending: boolean,
  parents: readonly number[] | null,
  options: { rows?: boolean; columns?: TimelineColumns | null } = {},
): Promise<Page<TimelineEntry>[]> {
  const rowsToo = options.rows ?? false;
  const keys = parents ?? [0];
  if (!scope.types.length) return keys.map(() => toPage([], plan));
  const dir = descending !== plan.backward ? 'DESC' : 'ASC';
  const order = sql.raw(['day', 'rank', 'type', 'id'].map((c) => `x.${c} ${dir}`).join(', '));
  const rows: PageRow[] =
    parents == null && isUnfiltered(scope)
      ? await wholeTimelinePage(db, scope, plan, descending, order, rowsToo, options.columns ?? null)
      : (
          await perParent<{ type: number; id: number; day: string; rank: number; row?: unknown }>(
            db,
            parents,
            (parent) => {
              const page = pageQuery(scope, plan, descending, parent)!;
              return rowsToo ? withRows(page) : page;
            },
            order,
          )
        ).map((r) => ({ ...r, row: rowsToo ? entryRow(Number(r.type) as 0 | 1, r.row) : null }));
  const byParent = new Map<number, TimelineEntry[]>();
  for (const r of rows) {
    const list = byParent.get(r.parent) ?? [];
    list.push({ day: r.day, rank: Number(r.rank), type: Number(r.type) as 0 | 1, id: Number(r.id), row: r.row });
    byParent.set(r.parent, list);
  }
  return keys.map((k) => toPage(byParent.get(k) ?? [], plan));
}

/**
 * The columns of the items' rows a page reads (property names), where the
 * client's selection reads only columns: fewer values for Postgres to write
 * and Node to parse. Null reads whole rows.
 */
export interface TimelineColumns {
  events: readonly string[];
  statements: readonly string[];
}

/** A page's row as read, before it becomes a TimelineEntry. */
interface PageRow {
  parent: number;
  type: number;
  id: number;
  day: string;
  rank: number;
  row: TimelineEntry['row'];
}

/** No filter but the item types: the root timeline as most clients first ask for it. */
function isUnfiltered(scope: TimelineScope): boolean {
  return (
    scope.from == null &&
    scope.to == null &&
    scope.actorIds == null &&
    scope.topicIds == null &&
    scope.eventKinds == null &&
    scope.statementKinds == null &&
    scope.search == null &&
    scope.only == null
  );
}

/**
 * An unfiltered root page, as perParent would fetch it, from a statement built
 * once per order and cursor shape (the cursors' item types shape the text, see
 * branchBound); the cursor values and the page size are placeholders.
 */
async function wholeTimelinePage(
  db: Database,
  scope: TimelineScope,
  plan: PagePlan,
  descending: boolean,
  order: SQL,
  rowsToo: boolean,
  columns: TimelineColumns | null,
): Promise<PageRow[]> {
  const after = plan.after ? checkCursor(plan.after, 'after') : null;
  const before = plan.before ? checkCursor(plan.before, 'before') : null;
  // The page size is written into the text, not a placeholder: planned once for
  // any limit (plan_cache_mode, src/db/client.ts), Postgres would assume a
  // tenth of each table and sort it instead of reading the day index in order.
  const limit = plan.size + 1;
  const columnsKey = columns ? `${columns.events.join(',')}/${columns.statements.join(',')}` : '*';
  const shape = `${scope.types.join(',')}:${descending}:${planShape(plan)}:${after?.type ?? ''}:${before?.type ?? ''}:${rowsToo}:${limit}:${columnsKey}`;
  const statement = preparedOnce(db, `timeline-page:${shape}`, () => {
    const bound = (prefix: string, cursor: TimelineKey | null): CursorBound | null =>
      cursor && { day: sql.placeholder(`${prefix}Day`), rank: sql.placeholder(`${prefix}Rank`), type: cursor.type, id: sql.placeholder(`${prefix}Id`) };
    const keyColumns = { parent: sql<number>`0`, type: sql<number>`x.type`, id: sql<number>`x.id`, day: sql<string>`x.day`, rank: sql<number>`x.rank` };
    if (!rowsToo) {
      const keys = boundedPageQuery(scope, plan, descending, null, bound('a', after), bound('b', before), sql.raw(String(limit)))!;
      return db
        .select({ ...keyColumns, event: sql<null>`NULL`, statement: sql<null>`NULL` })
        .from(sql`(${keys}) x`)
        .orderBy(order)
        .prepare('timeline-page') as unknown as Prepared<WholePageRow[]>;
    }
    // Each branch reads its items' columns as it reads their keys (events e,
    // statements s; the other table's columns as nulls), so no row is looked
    // up again after the page is cut, and only the columns the selection reads
    // (`columns`) are read: this page is the one most clients ask for.
    const eventColumns = pickColumns(events, columns?.events, 'e');
    const statementColumns = pickColumns(statements, columns?.statements, 's');
    const both = [...eventColumns, ...statementColumns];
    const extra = {
      names: both.map((c) => c.name),
      columns: (type: 0 | 1) =>
        sql.raw(both.map((c) => (c.alias === (type === 0 ? 'e' : 's') ? `${c.alias}."${c.dbName}"` : `CAST(NULL AS ${nullType(c.column)})`) + ` AS "${c.name}"`).join(', ')),
    };
    const keys = boundedPageQuery(scope, plan, descending, null, bound('a', after), bound('b', before), sql.raw(String(limit)), extra)!;
    const fields = (list: typeof both) => Object.fromEntries(list.map((c) => [c.property, sql.raw(`x."${c.name}"`).mapWith(c.column)]));
    return db
      .select({ ...keyColumns, event: fields(eventColumns), statement: fields(statementColumns) })
      .from(sql`(${keys}) x`)
      .orderBy(order)
      .prepare('timeline-page') as unknown as Prepared<WholePageRow[]>;
  });
  const values: Record<string, unknown> = {};
  for (const [prefix, cursor] of [['a', after], ['b', before]] as const) {
    if (cursor) Object.assign(values, { [`${prefix}Day`]: cursor.day, [`${prefix}Rank`]: cursor.rank, [`${prefix}Id`]: cursor.id });
  }
  const rows = await statement.execute(values);
  return rows.map(({ event, statement: statementRow, ...key }) => ({ ...key, row: Number(key.type) === 0 ? event : statementRow }));
}

/** The read columns of `table` named in `properties` (all when none are named), as `alias` reads them, each under a name of its own. */
function pickColumns(table: typeof events | typeof statements, properties: readonly string[] | undefined, alias: 'e' | 's') {
  const all = rowColumns(table) as Record<string, Column>;
  return (properties ?? Object.keys(all)).map((property) => ({
    property,
    column: all[property]!,
    dbName: columnName(all[property]!),
    alias,
    name: `${alias}_${property}`,
  }));
}

/** The type a null stands in for a column as (a serial column holds integers). */
function nullType(column: Column): string {
  const type = column.getSQLType();
  return { serial: 'integer', smallserial: 'smallint', bigserial: 'bigint' }[type] ?? type;
}

interface WholePageRow {
  parent: number;
  type: number;
  id: number;
  day: string;
  rank: number;
  event: TimelineEventRow | null;
  statement: TimelineStatementRow | null;
}

export async function timelineCounts(db: Database, scope: TimelineScope, parents: readonly number[] | null): Promise<number[]> {
  const rows = await perParent<{ n: number | string }>(db, parents, (parent) => countQuery(scope, parent));
  const byParent = new Map(rows.map((r) => [r.parent, Number(r.n)]));
  return (parents ?? [0]).map((k) => byParent.get(k) ?? 0);
}

export interface BucketCount {
  start: string;
  count: number;
}

/** Non-empty buckets, oldest first; an item counts in the bucket of its earliest day. */
export async function timelineBuckets(
  db: Database,
  scope: TimelineScope,
  granularity: TimelineGranularity,
  parents: readonly number[] | null,
): Promise<BucketCount[][]> {
  const rows = await perParent<{ bucket: string; n: number | string }>(db, parents, (parent) => bucketQuery(scope, granularity, parent), sql`x.bucket`);
  const byParent = new Map<number, BucketCount[]>();
  for (const r of rows) {
    const list = byParent.get(r.parent) ?? [];
    list.push({ start: r.bucket, count: Number(r.n) });
    byParent.set(r.parent, list);
  }
  return (parents ?? [0]).map((k) => byParent.get(k) ?? []);
}
