import { inArray, sql, type SQL } from 'drizzle-orm';
import { fuzzyDateOf } from '../dates/fuzzy-date.js';
import { ASSERTING_ROLES, CLAIM_KINDS, CLAIM_RELATION_KINDS, claimClaimants, claims, STANCES } from '../db/schema.js';
import {
  appearancesByClaim,
  claimantsByClaim,
  type AppearanceRow,
  type ClaimRelationWithClaim,
  type ClaimTopicRow,
  eventsByClaim,
  firstStatementByClaim,
  relationsOf,
  subjectsByClaim,
  topicsByClaim,
} from '../loaders/claim-relations.js';
import { excerptsOf } from '../loaders/excerpts.js';
import { tableConnection } from '../pagination/connection.js';
import { Actor } from './actor.js';
import { builder } from './builder.js';
import { rowNode } from './row-node.js';
import { Event } from './event.js';
import { FuzzyDateRef } from './fuzzy-date.js';
import { existingIds } from './filter-ids.js';
import { searchCondition } from './search-filter.js';
import { claimKey } from './sort-keys.js';
import { Excerpt } from './source.js';
import { ClaimStandingEnum, challengesOf, standingCondition, standingOn, today } from './standing.js';
import { Statement } from './statement.js';
import { Topic } from './topic.js';
import { claimExtras } from './claim-page-extras.js';
import { prefetchRowsOnNodeLookup } from './node-prefetch.js';

export type ClaimRow = Omit<typeof claims.$inferSelect, 'search'>;

export const ClaimKindEnum = builder.enumType('ClaimKind', {
  description: 'What sort of proposition a claim is.',
  values: {
    FACTUAL: { description: "A checkable assertion of fact: 'up to 40% of Israel's oil imports come from Azerbaijan'." },
    NORMATIVE: { description: "A position, demand or judgement: 'reject any Azerbaijani role in the ISF'." },
    COMMITMENT: { description: "A statement of intent or commitment: 'Azerbaijan will not send troops'." },
    PREDICTION: { description: 'A claim about what will happen.' },
  } satisfies Record<(typeof CLAIM_KINDS)[number], unknown>,
});

export const ClaimRelationKindEnum = builder.enumType('ClaimRelationKind', {
  description: 'How one claim bears on another.',
  values: {
    SUPPORTS: { description: 'Gives grounds for the target.' },
    REBUTS: { description: 'Answers the target directly and denies it.' },
    UNDERCUTS: { description: "Attacks the target's grounds or relevance, not the target itself." },
    CONTRADICTS: { description: 'Incompatible with the target without answering it.' },
    QUALIFIES: { description: 'Adds a condition or limit to the target.' },
    RESTATES: { description: 'Says the same thing again.' },
  } satisfies Record<(typeof CLAIM_RELATION_KINDS)[number], unknown>,
});

export const StanceEnum = builder.enumType('Stance', {
  description: 'Where a claim stands on a topic.',
  values: STANCES,
});

export const Claim = builder.loadableNodeRef<ClaimRow, number, number>('Claim', rowNode<ClaimRow>(claims));

Claim.implement({
  description: 'One proposition. It may appear in several statements; relations to other claims are first-class.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key of the claim.' }),
    text: t.exposeString('text', { description: 'The proposition in plain words; the exact words are in the excerpts.' }),
    kind: t.expose('kind', { type: ClaimKindEnum, description: 'What sort of proposition it is.' }),
    date: t.loadable({
      type: FuzzyDateRef,
      description: "The earliest appearance's date.",
      load: async (ids: number[], ctx) =>
        (await firstStatementByClaim(ctx.db, ids)).map((statement) => (statement ? fuzzyDateOf(statement, 'date')! : new Error('The claim has no appearance to date it by.'))),
      resolve: (c) => c.id,
    }),
    appearances: t.loadableList({
      type: ClaimAppearance,
      description: 'The statements it appears in, oldest first, with the excerpts that record it there.',
      load: (ids: number[], ctx) => appearancesByClaim(ctx.db, ids),
      resolve: (c) => c.id,
    }),
    claimants: t.loadableList({
      type: Actor,
      description: `Actors that asserted it (${ASSERTING_ROLES.join(', ')} of a statement it appears in), earliest first.`,
      load: (ids: number[], ctx) => claimantsByClaim(ctx.db, ids),
      resolve: (c) => c.id,
    }),
    subjects: t.loadableList({
      type: Actor,
      description: 'Actors it is about.',
      load: (ids: number[], ctx) => subjectsByClaim(ctx.db, ids),
      resolve: (c) => c.id,
    }),
    events: t.loadableList({
      type: Event,
      description: 'Events it is about, oldest first.',
      load: (ids: number[], ctx) => eventsByClaim(ctx.db, ids),
      resolve: (c) => c.id,
    }),
    topics: t.loadableList({
      type: ClaimTopic,
      description: 'Topics it bears on, with its stance on each.',
      load: (ids: number[], ctx) => topicsByClaim(ctx.db, ids),
      resolve: (c) => c.id,
    }),
    relations: t.loadableList({
      type: ClaimRelation,
      byPath: true,
      description: 'Relations from this claim to others (this claim REBUTS that one).',
      args: { kind: t.arg({ type: ClaimRelationKindEnum, description: 'Only relations of this kind.' }) },
      load: (ids: number[], ctx, args) => relationsOf(ctx, 'outgoing', args.kind, ids),
      resolve: (c) => c.id,
    }),
    incomingRelations: t.loadableList({
      type: ClaimRelation,
      byPath: true,
      description: 'Relations from other claims to this one (that claim REBUTS this one).',
      args: { kind: t.arg({ type: ClaimRelationKindEnum, description: 'Only relations of this kind.' }) },
      load: (ids: number[], ctx, args) => relationsOf(ctx, 'incoming', args.kind, ids),
      resolve: (c) => c.id,
    }),
    rebuttals: t.field({
      type: [Claim],
      description: 'Claims that rebut, undercut or contradict this one, oldest first.',
      resolve: async (c, _args, ctx) => (await challengesOf(ctx).load({ claimId: c.id, part: 'rebuttals' })).rebuttals,
    }),
    standing: t.field({
      type: ClaimStandingEnum,
      description:
        "Derived from the relations in effect on asOf (default: today, UTC): a relation asserted in a statement counts from the statement's latest possible day, an editorial one from the day it was made.",
      args: { asOf: t.arg({ type: 'Date', description: 'The day to judge on (default: today, UTC).' }) },
      resolve: async (c, args, ctx) => standingOn(await challengesOf(ctx).load({ claimId: c.id, part: 'standing' }), args.asOf ?? today()),
    }),
  }),
});

// node(id) and nodes(ids) read a claim's standing, rebuttals and relations
// beside its row when they are selected: one statement instead of two.
prefetchRowsOnNodeLookup<ClaimRow>(Claim, claims, (info) => claimExtras(info, [[]]));

export const ClaimAppearance = builder.objectRef<AppearanceRow>('ClaimAppearance').implement({
  description: 'A claim in one statement.',
  fields: (t) => ({
    statement: t.field({ type: Statement, description: 'The statement.', resolve: (a) => a.statementId }),
    excerpts: t.loadableList({
      type: Excerpt,
      description: 'The verbatim spans that record the claim in this statement.',
      load: (ids: number[], ctx) => excerptsOf(ctx.db, 'appearance', ids),
      resolve: (a) => a.id,
    }),
  }),
});

export const ClaimRelation = builder.objectRef<ClaimRelationWithClaim>('ClaimRelation').implement({
  description: 'A typed link between two claims: from REBUTS to.',
  fields: (t) => ({
    kind: t.expose('kind', { type: ClaimRelationKindEnum, description: 'How from bears on to.' }),
    from: t.field({ type: Claim, description: 'The claim making the move.', resolve: (r) => r.fromClaim ?? r.fromClaimId }),
    to: t.field({ type: Claim, description: 'The claim it bears on.', resolve: (r) => r.toClaim ?? r.toClaimId }),
    statement: t.field({
      type: Statement,
      nullable: true,
      description: 'The statement in which the relation was asserted; null for an editorial link.',
      resolve: (r) => (r.statementId == null ? null : r.statementId),
    }),
    note: t.exposeString('note', { nullable: true, description: 'Why the link holds; always given for an editorial link.' }),
    createdOn: t.expose('createdOn', {
      type: 'Date',
      description:
        "The asserting statement's first possible day, or the day an editorial link was made. Standing counts an asserted link from its statement's last possible day (a link made in '2026-01?' counts from 2026-01-31), an editorial one from this day.",
    }),
  }),
});

export const ClaimTopic = builder.objectRef<ClaimTopicRow>('ClaimTopic').implement({
  description: 'A topic a claim bears on, with its stance.',
  fields: (t) => ({
    topic: t.field({ type: Topic, description: 'The topic.', resolve: (ct) => ct.topicId }),
    stance: t.expose('stance', { type: StanceEnum, nullable: true, description: 'The stance it takes, if any.' }),
  }),
});

export const ClaimConnection = builder.connectionObject(
  { type: Claim, name: 'ClaimConnection', description: 'A page of claims.' },
  { name: 'ClaimEdge', description: 'A claim in a page.' },
);

export const ClaimFilter = builder.inputType('ClaimFilter', {
  description: 'Narrows a list of claims; every given field must match.',
  fields: (t) => ({
    kinds: t.field({ type: [ClaimKindEnum], description: 'Only claims of these kinds.' }),
    claimant: t.globalID({ for: Actor, description: 'Only claims this actor asserted.' }),
    subject: t.globalID({ for: Actor, description: 'Only claims about this actor.' }),
    topic: t.globalID({ for: Topic, description: 'Only claims on this topic.' }),
    standing: t.field({ type: ClaimStandingEnum, description: 'Only claims with this standing on standingAsOf, by the rule of Claim.standing.' }),
    standingAsOf: t.field({ type: 'Date', description: 'The day standing is judged on (default: today, UTC).' }),
    search: t.string({ description: 'Full-text search over claim texts (phrases in quotes, word* for prefixes).' }),
  }),
});

/** SQL conditions on `claims` for a filter. */
export function claimFilterConditions(filter: typeof ClaimFilter.$inferInput | null | undefined): SQL[] {
  const conditions: SQL[] = [];
  if (!filter) return conditions;
  if (filter.kinds?.length) conditions.push(inArray(claims.kind, filter.kinds));
  if (filter.claimant) {
    // claim_claimants: the pairs of asserting participants and their statements' claims, kept by triggers.
    conditions.push(sql`EXISTS (SELECT 1 FROM ${claimClaimants} cc WHERE cc.claim_id = ${claims.id} AND cc.actor_id = ${Number(filter.claimant.id)})`);
  }
  if (filter.subject) {
    conditions.push(sql`EXISTS (SELECT 1 FROM claim_subjects cs WHERE cs.claim_id = ${claims.id} AND cs.actor_id = ${Number(filter.subject.id)})`);
  }
  if (filter.topic) {
    conditions.push(sql`EXISTS (SELECT 1 FROM claim_topics ct WHERE ct.claim_id = ${claims.id} AND ct.topic_id = ${Number(filter.topic.id)})`);
  }
  if (filter.standing) conditions.push(standingCondition(sql`${claims.id}`, filter.standing, filter.standingAsOf ?? today()));
  if (filter.search != null) conditions.push(searchCondition('claim', sql`${claims.id}`, filter.search));
  return conditions;
}

builder.queryFields((t) => ({
  claims: t.field({
    type: ClaimConnection,
    description: 'All claims, in the order they were recorded.',
    args: { filter: t.arg({ type: ClaimFilter, description: 'Narrows the list.' }), ...t.arg.connectionArgs() },
    resolve: async (_root, args, ctx) => {
      const actor = (id: number) => Actor.getDataloader(ctx).load(id);
      await Promise.all([
        existingIds('claimant', args.filter?.claimant, actor),
        existingIds('subject', args.filter?.subject, actor),
        existingIds('topic', args.filter?.topic, (id) => Topic.getDataloader(ctx).load(id)),
      ]);
      const filters = claimFilterConditions(args.filter);
      return tableConnection(ctx.db, claims, args, {
        kind: 'claims',
        key: claimKey(sql`${claims.id}`),
        keyOf: (c: ClaimRow) => [c.id],
        filters,
      });
    },
  }),
}));
