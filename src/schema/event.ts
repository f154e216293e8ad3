import { gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { fuzzyDateOf } from '../dates/fuzzy-date.js';
import { EVENT_KINDS, events, type EventKind, statementEvents, statements } from '../db/schema.js';
import { childrenByEvent, participantsByEvent, type EventParticipantRow } from '../loaders/event-relations.js';
import { excerptsOf } from '../loaders/excerpts.js';
import { rowBySlug } from '../loaders/rows-by-id.js';
import { nestedConnection, tableConnection } from '../pagination/connection.js';
import { Actor, EventRoleEnum } from './actor.js';
import { builder } from './builder.js';
import { rowNode } from './row-node.js';
import { claimPage } from './claim-page-extras.js';
import { ClaimConnection } from './claim.js';
import { dateRange } from './date-range.js';
import { existingIds } from './filter-ids.js';
import { FuzzyDateRef, SortDirectionEnum } from './fuzzy-date.js';
import { claimKey, datedKeyOf, eventKey } from './sort-keys.js';
import { Excerpt } from './source.js';
import { StatementConnection } from './statement.js';

export type EventRow = Omit<typeof events.$inferSelect, 'search'>;

export const EventKindEnum = builder.enumType('EventKind', {
  description: 'What sort of happening an event is.',
  values: EVENT_KINDS,
});

export const Event = builder.loadableNodeRef<EventRow, number, number>('Event', rowNode<EventRow>(events));

Event.implement({
  description: 'A dated happening (a blockade, a war, a peace plan) with participants in roles.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key: event(slug:) finds it.' }),
    title: t.exposeString('title', { description: 'What happened, in a few words.' }),
    kind: t.expose('kind', { type: EventKindEnum, description: 'What sort of happening it is.' }),
    description: t.exposeString('description', { nullable: true, description: 'What happened, at more length.' }),
    start: t.field({ type: FuzzyDateRef, description: 'When it began, as precisely as the sources say.', resolve: (e) => fuzzyDateOf(e, 'start')! }),
    end: t.field({ type: FuzzyDateRef, nullable: true, description: 'When it ended, if it did and the sources say.', resolve: (e) => fuzzyDateOf(e, 'end') }),
    place: t.exposeString('place', { nullable: true, description: 'Where it happened.' }),
    participants: t.loadableList({
      type: EventParticipant,
      byPath: true,
      description: 'Who took part and how; role narrows it.',
      args: { role: t.arg({ type: EventRoleEnum, description: 'Only participants with this role.' }) },
      load: (ids: number[], ctx, args) => participantsByEvent(ctx.db, ids, args.role),
      resolve: (e) => e.id,
    }),
    parent: t.field({
      type: Event,
      nullable: true,
      description: 'The larger event this one is part of.',
      resolve: (e) => (e.parentId == null ? null : e.parentId),
    }),
    children: t.loadableList({
      type: Event,
      description: 'Events that are part of this one, oldest first.',
      load: (ids: number[], ctx) => childrenByEvent(ctx.db, ids),
      resolve: (e) => e.id,
    }),
    claims: t.field({
      type: ClaimConnection,
      description: 'Claims about this event, in the order they were recorded.',
      args: t.arg.connectionArgs(),
      resolve: (e, args, ctx, info) =>
        nestedConnection(
          ctx,
          e.id,
          args,
          claimPage(info, 'event-claims', () => ({ from: sql`claim_events ce`, parent: sql`ce.event_id`, node: sql`ce.claim_id`, key: claimKey(sql`ce.claim_id`) })),
        ),
    }),
    statements: t.field({
      type: StatementConnection,
      description: 'Statements about this event, oldest first.',
      args: t.arg.connectionArgs(),
      resolve: (e, args, ctx, info) =>
        nestedConnection(ctx, e.id, args, {
          selection: info,
          kind: 'event-statements',
          table: statements,
          // The link rows carry their statement's date (COPIED_COLUMNS): a page is a
          // short range of the event's index entries in date order, however many
          // statements the event has.
          spec: () => ({
            from: sql`${statementEvents}`,
            parent: sql`${statementEvents.eventId}`,
            node: sql`${statementEvents.statementId}`,
            key: datedKeyOf(statementEvents.dateEarliest, statementEvents.dateRank, statementEvents.statementId),
          }),
        }),
    }),
    excerpts: t.loadableList({
      type: Excerpt,
      description: 'Where the sources record the event: verbatim spans.',
      load: (ids: number[], ctx) => excerptsOf(ctx.db, 'event', ids),
      resolve: (e) => e.id,
    }),
  }),
});

export const EventParticipant = builder.objectRef<EventParticipantRow>('EventParticipant').implement({
  description: 'An actor in a role in an event.',
  fields: (t) => ({
    actor: t.field({ type: Actor, description: 'Who.', resolve: (p) => p.actorId }),
    role: t.expose('role', { type: EventRoleEnum, description: 'In which role.' }),
  }),
});

export const EventConnection = builder.connectionObject(
  { type: Event, name: 'EventConnection', description: 'A page of events.' },
  { name: 'EventEdge', description: 'An event in a page.' },
);

const EventFilter = builder.inputType('EventFilter', {
  description: 'Narrows a list of events; every given field must match.',
  fields: (t) => ({
    kinds: t.field({ type: [EventKindEnum], description: 'Only events of these kinds.' }),
    from: t.string({ description: "EDTF or ISO date; events whose date range reaches this day or later ('2023' means from 2023-01-01)." }),
    to: t.string({ description: "EDTF or ISO date; events that start on or before this day ('2023' means through 2023-12-31)." }),
    participant: t.globalID({ for: Actor, description: 'Only events this actor took part in, in any role.' }),
  }),
});

/** SQL conditions on `events` for a filter whose participant is already checked to exist (the export uses them too). */
export function eventFilterConditions(filter: {
  kinds?: readonly string[] | null;
  from?: string | null;
  to?: string | null;
  participant?: number | null;
}): SQL[] {
  const filters: SQL[] = [];
  if (filter.kinds?.length) filters.push(inArray(events.kind, filter.kinds as EventKind[]));
  const range = dateRange(filter.from, filter.to);
  // An event spans start.earliest through (end ?? start).latest.
  if (range.from) filters.push(gte(sql`coalesce(${events.endLatest}, ${events.startLatest})`, range.from));
  if (range.to) filters.push(lte(events.startEarliest, range.to));
  if (filter.participant != null) {
    filters.push(sql`EXISTS (SELECT 1 FROM event_participants ep WHERE ep.event_id = ${events.id} AND ep.actor_id = ${filter.participant})`);
  }
  return filters;
}

builder.queryFields((t) => ({
  event: t.field({
    type: Event,
    nullable: true,
    description: 'The event with this slug, or null.',
    args: { slug: t.arg.string({ required: true, description: "The event's slug." }) },
    resolve: (_root, { slug }, ctx) => rowBySlug(ctx.db, events, slug),
  }),
  events: t.field({
    type: EventConnection,
    description: 'All events by start date (earliest day, coarser precision first, then id).',
    args: {
      filter: t.arg({ type: EventFilter, description: 'Narrows the list.' }),
      order: t.arg({ type: SortDirectionEnum, defaultValue: 'ASC', description: 'ASC oldest first; DESC is the exact reverse.' }),
      ...t.arg.connectionArgs(),
    },
    resolve: async (_root, args, ctx) => {
      const filter = args.filter;
      const [participant] = (await existingIds('participant', filter?.participant, (id) => Actor.getDataloader(ctx).load(id))) ?? [];
      const filters = eventFilterConditions({ ...filter, participant: participant ?? null });
      return tableConnection(ctx.db, events, args, {
        kind: 'events',
        key: eventKey('events', args.order === 'DESC'),
        keyOf: (e: EventRow) => [e.startEarliest!, e.startRank!, e.id],
        filters,
      });
    },
  }),
}));
