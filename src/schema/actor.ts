import { inArray, sql, type SQL } from 'drizzle-orm';
import { fuzzyDateOf } from '../dates/fuzzy-date.js';
import {
  ACTOR_KINDS,
  actors,
  claimClaimants,
  claims,
  EVENT_ROLES,
  eventParticipants,
  events,
  PARTICIPANT_ROLES,
  statementParticipants,
  statements,
} from '../db/schema.js';
import { affiliationsBy, aliasesByActor, type AffiliationRow } from '../loaders/actor-relations.js';
import { rowBySlug, type RowExtra } from '../loaders/rows-by-id.js';
import type { NestedListSpec } from '../loaders/nested-pages.js';
import { nestedConnection, type NestedListOptions, tableConnection } from '../pagination/connection.js';
import type { GraphQLResolveInfo } from 'graphql';
import { connectionPageExtra } from './connection-prefetch.js';
import { prefetchRowsOnNodeLookup } from './node-prefetch.js';
import { builder } from './builder.js';
import { rowNode } from './row-node.js';
import { claimPage } from './claim-page-extras.js';
import { ClaimConnection } from './claim.js';
import { EventConnection } from './event.js';
import { FuzzyDateRef } from './fuzzy-date.js';
import { searchCondition } from './search-filter.js';
import { StatementConnection } from './statement.js';
import { claimKey, datedKeyOf, nameKey } from './sort-keys.js';

export type ActorRow = Omit<typeof actors.$inferSelect, 'search'>;

export const ActorKindEnum = builder.enumType('ActorKind', {
  description: 'What sort of actor this is.',
  values: ACTOR_KINDS,
});

export const ParticipantRoleEnum = builder.enumType('ParticipantRole', {
  description: 'The part an actor plays in a statement.',
  values: PARTICIPANT_ROLES,
});

export const EventRoleEnum = builder.enumType('EventRole', {
  description: 'The part an actor plays in an event.',
  values: EVENT_ROLES,
});

export const Actor = builder.loadableNodeRef<ActorRow, number, number>('Actor', rowNode<ActorRow>(actors));

Actor.implement({
  description: 'An organization, coalition, person, state, government body, media outlet or group that says or does things.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key: actor(slug:) finds it.' }),
    name: t.exposeString('name', { description: 'The name the actor goes by.' }),
    kind: t.expose('kind', { type: ActorKindEnum, description: 'What sort of actor this is.' }),
    description: t.exposeString('description', { nullable: true, description: 'A short description.' }),
    aliases: t.loadableList({
      type: 'String',
      description: 'Other names the sources use for this actor, as they write them.',
      load: (ids: number[], ctx) => aliasesByActor(ctx.db, ids),
      resolve: (actor) => actor.id,
    }),
    affiliations: t.loadableList({
      type: Affiliation,
      description: 'Roles this actor holds in others: Aram Hamparian -> ANCA, Executive Director.',
      load: (ids: number[], ctx) => affiliationsBy(ctx.db, 'member', ids),
      resolve: (actor) => actor.id,
    }),
    members: t.loadableList({
      type: Affiliation,
      description: 'The inverse of affiliations: who holds roles in this actor (a coalition lists its members).',
      load: (ids: number[], ctx) => affiliationsBy(ctx.db, 'organization', ids),
      resolve: (actor) => actor.id,
    }),
    statements: t.field({
      type: StatementConnection,
      description: 'Statements this actor authored, signed, spoke or published, oldest first; role narrows it.',
      args: { role: t.arg({ type: ParticipantRoleEnum, description: 'Only statements where the actor has this role.' }), ...t.arg.connectionArgs() },
      resolve: (actor, args, ctx, info) => nestedConnection(ctx, actor.id, args, actorStatements(info, args)),
    }),
    claims: t.field({
      type: ClaimConnection,
      description: 'Claims this actor asserted (as author, signatory or speaker of a statement they appear in), in the order they were recorded.',
      args: t.arg.connectionArgs(),
      resolve: (actor, args, ctx, info) => nestedConnection(ctx, actor.id, args, actorClaims(info)),
    }),
    claimsAbout: t.field({
      type: ClaimConnection,
      description: 'Claims whose subject is this actor, in the order they were recorded.',
      args: t.arg.connectionArgs(),
      resolve: (actor, args, ctx, info) => nestedConnection(ctx, actor.id, args, actorClaimsAbout(info)),
    }),
    events: t.field({
      type: EventConnection,
      description: 'Events this actor took part in, oldest first; role narrows it.',
      args: { role: t.arg({ type: EventRoleEnum, description: 'Only events where the actor has this role.' }), ...t.arg.connectionArgs() },
      resolve: (actor, args, ctx, info) => nestedConnection(ctx, actor.id, args, actorEvents(info, args)),
    }),
  }),
});

// How each of an actor's connections is read: by its field's resolver, and by
// a lookup that reads its first page beside the actor (actorExtras).
type RoleArgs = { role?: string | null };

function actorStatements(info: GraphQLResolveInfo, args: RoleArgs): NestedListOptions<typeof statements> {
  return { selection: info, kind: 'actor-statements', table: statements, variant: args.role, spec: () => participation('statements', args.role) };
}

function actorEvents(info: GraphQLResolveInfo, args: RoleArgs): NestedListOptions<typeof events> {
  return { selection: info, kind: 'actor-events', table: events, variant: args.role, spec: () => participation('events', args.role) };
}

function actorClaims(info: GraphQLResolveInfo): NestedListOptions<typeof claims> {
  // claim_claimants holds each actor's asserted claims once (kept by triggers), keyed
  // (actor, claim): a page is a range of the key with LIMIT, the count an index-only count.
  return claimPage(info, 'actor-claims', () => ({
    from: sql`${claimClaimants}`,
    parent: sql`${claimClaimants.actorId}`,
    node: sql`${claimClaimants.claimId}`,
    key: claimKey(sql`${claimClaimants.claimId}`),
  }));
}

function actorClaimsAbout(info: GraphQLResolveInfo): NestedListOptions<typeof claims> {
  return claimPage(info, 'actor-claims-about', () => ({ from: sql`claim_subjects cs`, parent: sql`cs.actor_id`, node: sql`cs.claim_id`, key: claimKey(sql`cs.claim_id`) }));
}

/** What a lookup (node, actor(slug:)) reads beside an actor: the first page of each of its connections selected. */
function actorExtras(info: GraphQLResolveInfo): RowExtra[] {
  const extras = [
    connectionPageExtra(info, 'Actor', 'statements', actorStatements),
    connectionPageExtra(info, 'Actor', 'claims', actorClaims),
    connectionPageExtra(info, 'Actor', 'claimsAbout', actorClaimsAbout),
    connectionPageExtra(info, 'Actor', 'events', actorEvents),
  ];
  return extras.filter((extra) => extra !== null);
}

// node(id) and actor(slug:) read the first pages of an actor's connections beside its row when they are selected.
prefetchRowsOnNodeLookup<ActorRow>(Actor, actors, actorExtras);

/**
 * Statements or events an actor takes part in, each once whatever its roles;
 * `role` narrows it to one. The participation rows carry their item's date
 * (COPIED_COLUMNS), so a page is a short range of the actor's index entries in
 * date order, with or without the role: a page of 10 reads about 10 entries
 * however many items the actor has.
 */
export function participation(items: 'statements' | 'events', role: string | null | undefined): NestedListSpec {
  const [links, item, earliest, rank] =
    items === 'statements'
      ? [statementParticipants, statementParticipants.statementId, statementParticipants.dateEarliest, statementParticipants.dateRank]
      : [eventParticipants, eventParticipants.eventId, eventParticipants.startEarliest, eventParticipants.startRank];
  return {
    from: sql`${links}`,
    parent: sql`${links.actorId}`,
    node: sql`${item}`,
    key: datedKeyOf(earliest, rank, item),
    where: role ? [sql`${links.role} = ${role}`] : [],
    distinctNodes: true,
  };
}

export const Affiliation = builder.objectRef<AffiliationRow>('Affiliation').implement({
  description: 'A role one actor holds in another: a person in an organization, an organization in a coalition.',
  fields: (t) => ({
    member: t.field({ type: Actor, description: 'Who holds the role.', resolve: (a) => a.memberId }),
    organization: t.field({ type: Actor, description: 'Where the role is held.', resolve: (a) => a.organizationId }),
    role: t.exposeString('role', { nullable: true, description: "The role: 'Executive Director', 'member'." }),
    since: t.field({ type: FuzzyDateRef, nullable: true, description: 'When the role began, if known.', resolve: (a) => fuzzyDateOf(a, 'since') }),
    until: t.field({ type: FuzzyDateRef, nullable: true, description: 'When the role ended, if known.', resolve: (a) => fuzzyDateOf(a, 'until') }),
  }),
});

export const ActorConnection = builder.connectionObject(
  { type: Actor, name: 'ActorConnection', description: 'A page of actors.' },
  { name: 'ActorEdge', description: 'An actor in a page.' },
);

const ActorFilter = builder.inputType('ActorFilter', {
  description: 'Narrows a list of actors; every given field must match.',
  fields: (t) => ({
    kinds: t.field({ type: [ActorKindEnum], description: 'Only actors of these kinds.' }),
    search: t.string({ description: 'Full-text search over names and aliases.' }),
  }),
});

builder.queryFields((t) => ({
  actor: t.field({
    type: Actor,
    nullable: true,
    description: 'The actor with this slug, or null.',
    args: { slug: t.arg.string({ required: true, description: "The actor's slug, e.g. 'anca'." }) },
    resolve: (_root, { slug }, ctx, info) => rowBySlug(ctx.db, actors, slug, { ctx, extras: actorExtras(info) }),
  }),
  actors: t.field({
    type: ActorConnection,
    description: 'All actors, by name.',
    args: { filter: t.arg({ type: ActorFilter, description: 'Narrows the list.' }), ...t.arg.connectionArgs() },
    resolve: (_root, args, ctx) => {
      const filters: SQL[] = [];
      if (args.filter?.kinds?.length) filters.push(inArray(actors.kind, args.filter.kinds));
      if (args.filter?.search != null) filters.push(searchCondition('actor', sql`${actors.id}`, args.filter.search));
      return tableConnection(ctx.db, actors, args, {
        kind: 'actors',
        key: nameKey(actors.name, actors.id),
        keyOf: (a: ActorRow) => [a.name, a.id],
        filters,
      });
    },
  }),
}));

