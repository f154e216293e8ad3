// The fields a read can be answered with in one SQL statement, type by type:
// each builds the JSON its resolver's answer would serialize to, from the
// same tables, in the same order, with the same lists and pages (the pages'
// SQL is the nested pages' own: parentPage and the lists' specs). A field, or
// an argument, that is not here makes the whole operation run field by field.
import { type AnyColumn, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { FieldNode, SelectionSetNode } from 'graphql';
import { actors, claimRelations, claims, events, statementParticipants, statements } from '../db/schema.js';
import { timelinePageQuery, WHOLE_TIMELINE } from '../loaders/timeline.js';
import { REBUTTAL_ORDER, rebuttalsByFirstDay } from '../loaders/claim-relations.js';
import { isIsoDay } from '../dates/iso-day.js';
import { nodeIdOf } from '../schema/builder.js';
import { standingExpression, today } from '../schema/standing.js';
import { type NestedListSpec, parentCount, parentPage } from '../loaders/nested-pages.js';
import { keysetOrder, type SortKey } from '../pagination/keyset.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PagePlan } from '../pagination/page-args.js';
import { participation } from '../schema/actor.js';
import { nameKey, statementKey } from '../schema/sort-keys.js';
import { statementClaimsSpec, statementSignatoriesSpec } from '../schema/statement.js';
import { type Abstract, type ArgValue, type Compiler, type FieldSql, jsonObject, type ObjectSql, type Row } from './compiler.js';

/** A column exposed as it is stored (text, enums, dates as their ISO text). */
const column =
  (prop: string): FieldSql =>
  (_c, field, row) =>
    field.arguments?.length ? null : sql`${row[prop]}`;

/** The relay ID: base64 of `Type:id`, as the relay plugin encodes it. */
const globalId =
  (typename: string): FieldSql =>
  (_c, field, row) =>
    field.arguments?.length ? null : sql`encode(convert_to(${sql.raw(`'${typename}:'`)} || ${row.id}, 'UTF8'), 'base64')`;

/**
 * A fuzzy date from its columns (`<prefix>Edtf`, Earliest, Latest, Precision,
 * Note), as fuzzyDateFromColumns makes it: null unless the first four are all
 * there; approximate and uncertain from the EDTF's qualifiers. Its `display`
 * is worded in JavaScript and is not compiled.
 */
const fuzzyDate =
  (prefix: string): FieldSql =>
  (c, field, row) => {
    const fields = field.arguments?.length ? null : c.fields('FuzzyDate', field.selectionSet);
    if (!fields) return null;
    const [edtf, earliest, latest, precision, note] = ['Edtf', 'Earliest', 'Latest', 'Precision', 'Note'].map((part) => row[`${prefix}${part}`]!);
    const values: Record<string, SQL> = {
      __typename: sql.raw(`'FuzzyDate'`),
      edtf: sql`${edtf}`,
      precision: sql`${precision}`,
      approximate: sql`${edtf} ~ '[~%]'`,
      uncertain: sql`${edtf} ~ '[?%]'`,
      earliest: sql`${earliest}`,
      latest: sql`${latest}`,
      note: sql`${note}`,
    };
    const json = jsonObject(fields, (inner) => (Object.hasOwn(values, inner.name.value) && !inner.arguments?.length ? values[inner.name.value]! : null));
    return json && sql`CASE WHEN ${edtf} IS NULL OR ${earliest} IS NULL OR ${latest} IS NULL OR ${precision} IS NULL THEN NULL ELSE ${json} END`;
  };

/** One row of `table` whose id `reference` gives (null where it gives none). */
const one =
  (type: string, table: PgTable, reference: (row: Row) => AnyColumn): FieldSql =>
  (c, field, row) => {
    if (field.arguments?.length) return null;
    const child = c.alias(table);
    const json = c.object(type, field.selectionSet, child.row);
    return json && sql`(SELECT ${json} FROM ${child.table} WHERE ${child.row.id} = ${reference(row)})`;
  };

/** A plain list: the rows of `table` that `where` picks for the parent, in `order`. */
const list =
  (type: string, table: PgTable, where: (child: Row, parent: Row) => SQL, order: (child: Row) => AnyColumn[]): FieldSql =>
  (c, field, row) => {
    if (field.arguments?.length) return null;
    const child = c.alias(table);
    const json = c.object(type, field.selectionSet, child.row);
    return (
      json &&
      sql`(SELECT coalesce(json_agg(${json} ORDER BY ${sql.join(order(child.row), sql`, `)}), '[]') FROM ${child.table} WHERE ${where(child.row, row)})`
    );
  };

/** A constant argument's value (null when absent), or undefined where it is a placeholder. */
function constant(args: Record<string, ArgValue>, name: string): unknown {
  const value = args[name];
  if (!value) return null;
  return 'constant' in value ? value.constant : undefined;
}

/** A first page's size (first, or the default), or null for anything else: a cursor, last, a size out of range. */
function firstPageSize(args: Record<string, ArgValue>): number | null {
  if (constant(args, 'after') !== null || constant(args, 'before') !== null || constant(args, 'last') !== null) return null;
  const first = constant(args, 'first');
  if (first === null) return DEFAULT_PAGE_SIZE;
  return Number.isInteger(first) && (first as number) >= 0 && (first as number) <= MAX_PAGE_SIZE ? (first as number) : null;
}

const PAGE_ARGS = ['first', 'after', 'last', 'before'] as const;

/** How a page's entries become nodes: the joins that find their rows, and the node's JSON from them. */
type NodesOf = (c: Compiler, selection: SelectionSetNode | undefined, entry: string) => { joins: SQL; json: SQL | null };

/** Nodes that are rows of one table, of GraphQL type `type`. */
const rowsOf =
  (type: string, table: PgTable): NodesOf =>
  (c, selection, entry) => {
    const node = c.alias(table);
    return { joins: sql`JOIN ${node.table} ON ${node.row.id} = ${sql.raw(entry)}.node`, json: c.object(type, selection, node.row) };
  };

interface ListPage {
  nodes: NodesOf;
  names: { connection: string; edge: string };
  /** The page's entries as rows of node and k0, k1... (the key's values), in the key's order, size + 1 of them. */
  entries: (plan: PagePlan) => SQL;
  /** How many key columns the entries have, and whether the order is descending on all. */
  key: { columns: number; descending: boolean };
  /** The number of items in the whole list, where it is compiled. */
  count?: () => SQL;
}

/**
 * A connection's first page as its JSON: edges (node and __typename),
 * pageInfo (hasNextPage, hasPreviousPage), totalCount. The page reads one
 * entry more than its size, for hasNextPage, as the loaders' pages do.
 */
function firstPage(c: Compiler, field: FieldNode, size: number, page: ListPage): SQL | null {
  const plan: PagePlan = { size, backward: false, after: null, before: null };
  const fields = c.fields(page.names.connection, field.selectionSet);
  if (!fields) return null;
  const entry = c.name();
  const direction = page.key.descending ? 'DESC' : 'ASC';
  const keyOrder = sql.raw(Array.from({ length: page.key.columns }, (_, i) => `k${i} ${direction}`).join(', '));
  let readsEntries = false;
  let joins = sql``;
  const json = jsonObject(fields, (inner) => {
    const name = inner.name.value;
    if (name === '__typename') return sql.raw(`'${page.names.connection}'`);
    if (name === 'totalCount') return page.count?.() ?? null;
    if (name === 'edges') {
      readsEntries = true;
      const edge = edgeJson(c, inner, page, entry);
      if (!edge) return null;
      joins = edge.joins;
      return sql`coalesce(json_agg(${edge.json} ORDER BY ${sql.raw(entry)}.n) FILTER (WHERE ${sql.raw(entry)}.n <= ${sql.raw(String(size))}), '[]')`;
    }
    if (name === 'pageInfo') {
      readsEntries = true;
      return pageInfoJson(c, inner, sql`count(*) > ${sql.raw(String(size))}`);
    }
    return null;
  });
  if (!json) return null;
  if (!readsEntries) return sql`(SELECT ${json})`;
  return sql`(SELECT ${json}
    FROM (SELECT e.*, row_number() OVER (ORDER BY ${keyOrder}) AS n FROM (${page.entries(plan)}) e) ${sql.raw(entry)} ${joins})`;
}

function edgeJson(c: Compiler, field: FieldNode, page: ListPage, entry: string): { json: SQL; joins: SQL } | null {
  const fields = c.fields(page.names.edge, field.selectionSet);
  if (!fields || field.arguments?.length) return null;
  let joins = sql``;
  const json = jsonObject(fields, (inner) => {
    if (inner.name.value === '__typename') return sql.raw(`'${page.names.edge}'`);
    if (inner.name.value !== 'node' || inner.arguments?.length) return null;
    const nodes = page.nodes(c, inner.selectionSet, entry);
    joins = nodes.joins;
    return nodes.json;
  });
  return json && { json, joins };
}

/** A first page's pageInfo: no page before it; another after it when more entries than its size were read. */
function pageInfoJson(c: Compiler, field: FieldNode, more: SQL): SQL | null {
  const fields = c.fields('PageInfo', field.selectionSet);
  if (!fields || field.arguments?.length) return null;
  const values: Record<string, SQL> = { __typename: sql.raw(`'PageInfo'`), hasNextPage: more, hasPreviousPage: sql.raw('false') };
  return jsonObject(fields, (inner) => (Object.hasOwn(values, inner.name.value) ? values[inner.name.value]! : null));
}

/** A parent's connection listed by `spec` (the loaders' own), first pages only. */
const nested =
  (type: string, table: PgTable, names: ListPage['names'], spec: () => NestedListSpec): FieldSql =>
  (c, field, row) => {
    const args = c.args(field, PAGE_ARGS);
    const size = args && firstPageSize(args);
    if (size === null || size === undefined) return null;
    const list = spec();
    return firstPage(c, field, size, {
      nodes: rowsOf(type, table),
      names,
      key: { columns: list.key.columns.length, descending: list.key.descending },
      entries: (plan) => parentPage(list, plan, sql`${row.id}`),
      count: () => parentCount(list, sql`${row.id}`),
    });
  };

/** A root list's first page: its size and order (`order`, where `allowed` has it), or null where it has a filter. */
function rootPageArgs(c: Compiler, field: FieldNode, allowed: readonly string[]): { size: number; descending: boolean } | null {
  const args = c.args(field, [...PAGE_ARGS, ...allowed]);
  const size = args && firstPageSize(args);
  if (!args || size === null || constant(args, 'filter') !== null) return null;
  const order = constant(args, 'order') ?? 'ASC';
  if (order !== 'ASC' && order !== 'DESC') return null;
  return { size, descending: order === 'DESC' };
}

/** A root list of a whole table in its key's order (no filter), first pages only. */
const root =
  (type: string, table: PgTable, names: ListPage['names'], keyOf: (alias: string, row: Row, descending: boolean) => SortKey, allowed: readonly string[] = []): FieldSql =>
  (c, field) => {
    const page = rootPageArgs(c, field, allowed);
    if (!page) return null;
    const listed = c.alias(table);
    const key = keyOf(listed.name, listed.row, page.descending);
    const keyColumns = sql.join(
      key.columns.map((k, i) => sql`${k.expr} AS ${sql.raw(`k${i}`)}`),
      sql`, `,
    );
    return firstPage(c, field, page.size, {
      nodes: rowsOf(type, table),
      names,
      key: { columns: key.columns.length, descending: key.descending },
      entries: (plan) =>
        sql`SELECT ${listed.row.id} AS node, ${keyColumns} FROM ${listed.table} ORDER BY ${keysetOrder(key, plan)} LIMIT ${sql.raw(String(plan.size + 1))}`,
      count: () => sql`(SELECT count(*) FROM ${table})`,
    });
  };

/** Timeline items: an entry's k2 is its type (0 an event, 1 a statement), node its id. */
const timelineItems: NodesOf = (c, selection, entry) => {
  const event = c.alias(events);
  const statement = c.alias(statements);
  const at = sql.raw(entry);
  const eventJson = c.object('Event', selection, event.row, TIMELINE_ITEM);
  const statementJson = c.object('Statement', selection, statement.row, TIMELINE_ITEM);
  return {
    joins: sql`LEFT JOIN ${event.table} ON ${at}.k2 = 0 AND ${event.row.id} = ${at}.node LEFT JOIN ${statement.table} ON ${at}.k2 = 1 AND ${statement.row.id} = ${at}.node`,
    json: eventJson && statementJson && sql`CASE WHEN ${at}.k2 = 0 THEN ${eventJson} ELSE ${statementJson} END`,
  };
};

const TIMELINE_ITEM: Abstract = { members: ['Event', 'Statement'], fields: [] };

/** The whole timeline's first page (no filter), in either order: the timeline's own page query. */
const timeline: FieldSql = (c, field) => {
  const page = rootPageArgs(c, field, ['filter', 'order']);
  if (!page) return null;
  const { size, descending } = page;
  return firstPage(c, field, size, {
    nodes: timelineItems,
    names: { connection: 'TimelineConnection', edge: 'TimelineEdge' },
    // day, precision rank, type (events first), id: the timeline's order.
    key: { columns: 4, descending },
    entries: (plan) =>
      sql`SELECT t.id AS node, CAST(t.day AS date) AS k0, t.rank AS k1, t.type AS k2, t.id AS k3
        FROM (${timelinePageQuery(WHOLE_TIMELINE, plan, descending)!.inlineParams()}) t`,
  });
};

/** A root lookup by slug: the row, or null. */
const bySlug =
  (type: string, table: PgTable): FieldSql =>
  (c, field) => {
    const slug = c.args(field, ['slug'])?.slug;
    if (!slug) return null;
    const found = c.alias(table);
    const json = c.object(type, field.selectionSet, found.row);
    let value: SQL | null = null;
    if ('variable' in slug) {
      const name = slug.variable;
      value = c.runtime(`slug:${name}`, (variables) => (typeof variables[name] === 'string' ? variables[name] : undefined));
    } else if (typeof slug.constant === 'string') value = sql`${slug.constant}`;
    return json && value && sql`(SELECT ${json} FROM ${found.table} WHERE ${found.row.slug} = ${value})`;
  };

/** The node types compiled, by table; node(id:) with an ID of another type runs field by field. */
const NODE_TABLES: Record<string, PgTable> = { Statement: statements, Actor: actors, Claim: claims, Event: events };
const NODE: Abstract = { members: Object.keys(NODE_TABLES), fields: ['id'] };

/**
 * node(id:): the ID is read when the statement runs (a valid ID of a type
 * compiled, or the request runs field by field, where an invalid one is
 * refused with INVALID_ID), and the statement reads the row of its type.
 */
const node: FieldSql = (c, field) => {
  const id = c.args(field, ['id'])?.id;
  if (!id) return null;
  const given = (variables: Record<string, unknown>) => {
    const value = 'variable' in id ? variables[id.variable] : id.constant;
    const decoded = typeof value === 'string' ? nodeIdOf(value) : null;
    return decoded && Object.hasOwn(NODE_TABLES, decoded.typename) ? decoded : undefined;
  };
  const key = 'variable' in id ? id.variable : JSON.stringify(id.constant);
  const typename = c.runtime(`node-type:${key}`, (variables) => given(variables)?.typename);
  const rowId = c.runtime(`node-id:${key}`, (variables) => {
    const decoded = given(variables);
    return decoded ? Number(decoded.id) : undefined;
  });
  const cases: SQL[] = [];
  for (const [type, table] of Object.entries(NODE_TABLES)) {
    const found = c.alias(table);
    const json = c.object(type, field.selectionSet, found.row, NODE);
    if (!json) return null;
    cases.push(sql`WHEN ${sql.raw(`'${type}'`)} THEN (SELECT ${json} FROM ${found.table} WHERE ${found.row.id} = CAST(${rowId} AS integer))`);
  }
  return sql`CASE CAST(${typename} AS text) ${sql.join(cases, sql` `)} END`;
};

/** A claim's standing on asOf (a constant day, or today when not given), by the field's rule (standingExpression). */
const standing: FieldSql = (c, field, row) => {
  const args = c.args(field, ['asOf']);
  const asOf = args && constant(args, 'asOf');
  if (!args || asOf === undefined || (asOf !== null && !(typeof asOf === 'string' && isIsoDay(asOf)))) return null;
  const day = asOf === null ? sql`CAST(${c.runtime('today', () => today())} AS date)` : (asOf as string);
  return standingExpression(sql`${row.id}`, day);
};

/** The claims that challenge a claim, oldest first, each once (the loader's rebuttalsByFirstDay). */
const rebuttals: FieldSql = (c, field, row) => {
  if (field.arguments?.length) return null;
  const rebuttal = c.alias(claims);
  const json = c.object('Claim', field.selectionSet, rebuttal.row);
  return (
    json &&
    sql`(SELECT coalesce(json_agg(${json} ORDER BY ${REBUTTAL_ORDER}), '[]')
      FROM (${rebuttalsByFirstDay(sql`${row.id}`)}) firsts JOIN ${rebuttal.table} ON ${rebuttal.row.id} = firsts.claim_id)`
  );
};

/** A claim's relations with the claim at `end` (outgoing: from it), oldest first, as the loader lists them. */
const relationsAt = (end: 'fromClaimId' | 'toClaimId'): FieldSql =>
  list('ClaimRelation', claimRelations, (r, c) => sql`${r[end]} = ${c.id}`, (r) => [r.createdOn!, r.id!]);

const CLAIMS = { connection: 'ClaimConnection', edge: 'ClaimEdge' };
const ACTORS = { connection: 'ActorConnection', edge: 'ActorEdge' };
const STATEMENTS = { connection: 'StatementConnection', edge: 'StatementEdge' };

export const OBJECT_SQL: Record<string, ObjectSql> = {
  Query: {
    fields: {
      statement: bySlug('Statement', statements),
      actor: bySlug('Actor', actors),
      statements: root('Statement', statements, STATEMENTS, (alias, _row, descending) => statementKey(alias, descending), ['filter', 'order']),
      actors: root('Actor', actors, ACTORS, (_alias, row) => nameKey(row.name!, row.id!), ['filter']),
      timeline,
      node,
    },
  },
  Event: {
    fields: {
      id: globalId('Event'),
      slug: column('slug'),
      title: column('title'),
      kind: column('kind'),
      description: column('description'),
      place: column('place'),
      start: fuzzyDate('start'),
      end: fuzzyDate('end'),
    },
  },
  Statement: {
    fields: {
      id: globalId('Statement'),
      slug: column('slug'),
      title: column('title'),
      kind: column('kind'),
      summary: column('summary'),
      date: fuzzyDate('date'),
      participants: list(
        'StatementParticipant',
        statementParticipants,
        (p, s) => sql`${p.statementId} = ${s.id}`,
        (p) => [p.position!, p.role!],
      ),
      claims: nested('Claim', claims, CLAIMS, statementClaimsSpec),
      signatories: nested('Actor', actors, ACTORS, statementSignatoriesSpec),
    },
  },
  StatementParticipant: {
    fields: {
      role: column('role'),
      actor: one('Actor', actors, (p) => p.actorId!),
    },
  },
  Actor: {
    fields: {
      id: globalId('Actor'),
      slug: column('slug'),
      name: column('name'),
      kind: column('kind'),
      description: column('description'),
      statements: nested('Statement', statements, STATEMENTS, () => participation('statements', null)),
    },
  },
  Claim: {
    fields: {
      id: globalId('Claim'),
      slug: column('slug'),
      text: column('text'),
      kind: column('kind'),
      relations: relationsAt('fromClaimId'),
      incomingRelations: relationsAt('toClaimId'),
      standing,
      rebuttals,
    },
  },
  ClaimRelation: {
    fields: {
      kind: column('kind'),
      note: column('note'),
      createdOn: column('createdOn'),
      from: one('Claim', claims, (r) => r.fromClaimId!),
      to: one('Claim', claims, (r) => r.toClaimId!),
      statement: one('Statement', statements, (r) => r.statementId!),
    },
  },
};
