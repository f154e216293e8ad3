import { gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { fuzzyDateOf } from '../dates/fuzzy-date.js';
import { actors, claims, SIGNATORY_ROLES, STATEMENT_KINDS, statementParticipants, statements, type StatementKind } from '../db/schema.js';
import { excerptsOf } from '../loaders/excerpts.js';
import { rowBySlug, type RowExtra } from '../loaders/rows-by-id.js';
import type { GraphQLResolveInfo } from 'graphql';
import { prefetchRowsOnNodeLookup } from './node-prefetch.js';
import { selectsPath } from './selection.js';
import {
  eventsByStatement,
  keepPrefetchedParticipants,
  participantsJson,
  participantsOf,
  responseLinks,
  type ParticipantWithActor,
} from '../loaders/statement-relations.js';
import { nestedConnection, type NestedListOptions, tableConnection } from '../pagination/connection.js';
import type { NestedListSpec } from '../loaders/nested-pages.js';
import { connectionPageExtra } from './connection-prefetch.js';
import { Actor, ActorConnection, ParticipantRoleEnum } from './actor.js';
import { builder } from './builder.js';
import { rowNode } from './row-node.js';
import { claimPage } from './claim-page-extras.js';
import { ClaimConnection } from './claim.js';
import { dateRange } from './date-range.js';
import { Event } from './event.js';
import { FuzzyDateRef, SortDirectionEnum } from './fuzzy-date.js';
import { existingIds } from './filter-ids.js';
import { searchCondition } from './search-filter.js';
import { claimKey, statementKey } from './sort-keys.js';
import { Excerpt } from './source.js';
import { valueList } from '../db/rows.js';

export type StatementRow = Omit<typeof statements.$inferSelect, 'search'>;

export const StatementKindEnum = builder.enumType('StatementKind', {
  description: 'The form a statement took.',
  values: STATEMENT_KINDS,
});

export const Statement = builder.loadableNodeRef<StatementRow, number, number>('Statement', rowNode<StatementRow>(statements));

Statement.implement({
  description: 'Something actors said or put their name to, at a time.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key: statement(slug:) finds it.' }),
    title: t.exposeString('title', { description: 'A title for the statement.' }),
    kind: t.expose('kind', { type: StatementKindEnum, description: 'The form the statement took.' }),
    date: t.field({
      type: FuzzyDateRef,
      description: 'When it was made, as precisely as the sources say.',
      resolve: (s) => fuzzyDateOf(s, 'date')!,
    }),
    summary: t.exposeString('summary', { nullable: true, description: 'A short summary.' }),
    participants: t.loadableList({
      type: StatementParticipant,
      byPath: true,
      description: 'Who took part and how, in the order the source lists them; role narrows it.',
      args: { role: t.arg({ type: ParticipantRoleEnum, description: 'Only participants with this role.' }) },
      load: (ids: number[], ctx, args) => participantsOf(ctx, ids, args.role),
      resolve: (s) => s.id,
    }),
    signatories: t.field({
      type: ActorConnection,
      description: 'Actors with role LEAD_SIGNATORY or SIGNATORY, in the order the statement lists them.',
      args: t.arg.connectionArgs(),
      resolve: (s, args, ctx, info) => nestedConnection(ctx, s.id, args, statementSignatories(info)),
    }),
    claims: t.field({
      type: ClaimConnection,
      description: 'Claims appearing in this statement, in the order they appear.',
      args: t.arg.connectionArgs(),
      resolve: (s, args, ctx, info) => nestedConnection(ctx, s.id, args, statementClaims(info)),
    }),
    excerpts: t.loadableList({
      type: Excerpt,
      description: 'Where the statement is recorded or reported: verbatim spans of sources.',
      load: (ids: number[], ctx) => excerptsOf(ctx.db, 'statement', ids),
      resolve: (s) => s.id,
    }),
    events: t.loadableList({
      type: Event,
      description: 'Events the statement is about, oldest first.',
      load: (ids: number[], ctx) => eventsByStatement(ctx.db, ids),
      resolve: (s) => s.id,
    }),
    respondsTo: t.loadableList({
      type: Statement,
      description: "Earlier statements this one answers (Aliyev's interview -> Waltz's remarks), oldest first.",
      load: (ids: number[], ctx) => responseLinks(ctx.db, 'respondsTo', ids),
      resolve: (s) => s.id,
    }),
    responses: t.loadableList({
      type: Statement,
      description: 'Later statements that answer this one, oldest first.',
      load: (ids: number[], ctx) => responseLinks(ctx.db, 'responses', ids),
      resolve: (s) => s.id,
    }),
  }),
});

/** A statement's signatories in the order it lists them (each actor once, at its first place). */
export function statementSignatoriesSpec(): NestedListSpec {
  return {
    from: sql`(SELECT statement_id, actor_id, min(position) AS position FROM statement_participants
      WHERE role IN (${valueList(SIGNATORY_ROLES)}) GROUP BY 1, 2) x`,
    parent: sql`x.statement_id`,
    node: sql`x.actor_id`,
    key: {
      columns: [
        { expr: sql`x.position`, type: 'integer' },
        { expr: sql`x.actor_id`, type: 'integer' },
      ],
      descending: false,
    },
  };
}

/** A statement's signatories, as its `signatories` field (resolve info `info`) lists them. */
function statementSignatories(info: GraphQLResolveInfo): NestedListOptions<typeof actors> {
  return { selection: info, kind: 'statement-signatories', table: actors, spec: statementSignatoriesSpec };
}

/** A statement's claims in the order they appear. */
export function statementClaimsSpec(): NestedListSpec {
  return {
    from: sql`claim_appearances ca`,
    parent: sql`ca.statement_id`,
    node: sql`ca.claim_id`,
    key: { columns: [{ expr: sql`ca.position`, type: 'integer' }, ...claimKey(sql`ca.claim_id`).columns], descending: false },
  };
}

/** A statement's claims, as its `claims` field (resolve info `info`) lists them. */
function statementClaims(info: GraphQLResolveInfo): NestedListOptions<typeof claims> {
  return claimPage(info, 'statement-claims', statementClaimsSpec);
}

/**
 * What a lookup (node, statement(slug:)) reads beside a statement for the
 * fields selected on it: its participants, and the first page of its claims
 * (with what is selected on them that a claims page reads beside them) and of
 * its signatories.
 */
function statementExtras(info: GraphQLResolveInfo): RowExtra[] {
  const extras: (RowExtra | null)[] = [
    selectsPath(info, ['participants']) ? { name: 'participants', column: participantsJson, keep: keepPrefetchedParticipants } : null,
    connectionPageExtra(info, 'Statement', 'claims', statementClaims),
    connectionPageExtra(info, 'Statement', 'signatories', statementSignatories),
  ];
  return extras.filter((extra) => extra !== null);
}

// node(id) and statement(slug:) read a statement's participants beside its row when they are selected.
prefetchRowsOnNodeLookup<StatementRow>(Statement, statements, statementExtras);

export const StatementParticipant = builder.objectRef<ParticipantWithActor>('StatementParticipant').implement({
  description: 'An actor in a role in a statement.',
  fields: (t) => ({
    actor: t.field({ type: Actor, description: 'Who.', resolve: (p) => p.actor }),
    role: t.expose('role', { type: ParticipantRoleEnum, description: 'In which role.' }),
  }),
});

export const StatementConnection = builder.connectionObject(
  { type: Statement, name: 'StatementConnection', description: 'A page of statements.' },
  { name: 'StatementEdge', description: 'A statement in a page.' },
);

const StatementFilter = builder.inputType('StatementFilter', {
  description: 'Narrows a list of statements; every given field must match.',
  fields: (t) => ({
    kinds: t.field({ type: [StatementKindEnum], description: 'Only statements of these kinds.' }),
    from: t.string({ description: "EDTF or ISO date; statements whose date range reaches this day or later ('2023' means from 2023-01-01)." }),
    to: t.string({ description: "EDTF or ISO date; statements whose date range starts on or before this day ('2023' means through 2023-12-31)." }),
    participant: t.globalID({ for: Actor, description: 'Only statements this actor took part in, in any role.' }),
    search: t.string({ description: 'Full-text search over titles, summaries and the claims in the statement.' }),
  }),
});

/** SQL conditions on `statements` for a filter whose participant is already checked to exist (the export uses them too). */
export function statementFilterConditions(filter: {
  kinds?: readonly string[] | null;
  from?: string | null;
  to?: string | null;
  participant?: number | null;
  search?: string | null;
}): SQL[] {
  const filters: SQL[] = [];
  if (filter.kinds?.length) filters.push(inArray(statements.kind, filter.kinds as StatementKind[]));
  const range = dateRange(filter.from, filter.to);
  if (range.from) filters.push(gte(statements.dateLatest, range.from));
  if (range.to) filters.push(lte(statements.dateEarliest, range.to));
  if (filter.participant != null) {
    filters.push(sql`EXISTS (SELECT 1 FROM ${statementParticipants} sp WHERE sp.statement_id = ${statements.id} AND sp.actor_id = ${filter.participant})`);
  }
  if (filter.search != null) filters.push(searchCondition('statement', sql`${statements.id}`, filter.search));
  return filters;
}

builder.queryFields((t) => ({
  statement: t.field({
    type: Statement,
    nullable: true,
    description: 'The statement with this slug, or null.',
    args: { slug: t.arg.string({ required: true, description: "The statement's slug." }) },
    resolve: (_root, { slug }, ctx, info) => rowBySlug(ctx.db, statements, slug, { ctx, extras: statementExtras(info) }),
  }),
  statements: t.field({
    type: StatementConnection,
    description: 'All statements by date (earliest day, coarser precision first, then id).',
    args: {
      filter: t.arg({ type: StatementFilter, description: 'Narrows the list.' }),
      order: t.arg({ type: SortDirectionEnum, defaultValue: 'ASC', description: 'ASC oldest first; DESC is the exact reverse.' }),
      ...t.arg.connectionArgs(),
    },
    resolve: async (_root, args, ctx) => {
      const filter = args.filter;
      const [participant] = (await existingIds('participant', filter?.participant, (id) => Actor.getDataloader(ctx).load(id))) ?? [];
      const filters = statementFilterConditions({ ...filter, participant: participant ?? null });
      return tableConnection(ctx.db, statements, args, {
        kind: 'statements',
        key: statementKey('statements', args.order === 'DESC'),
        keyOf: (s: StatementRow) => [s.dateEarliest!, s.dateRank!, s.id],
        filters,
      });
    },
  }),
}));
