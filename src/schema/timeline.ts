// The timeline: events and statements in one order, filtered, paged by keyset,
// with counts per period for histograms. Adds Query.timeline and Actor.timeline.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { fuzzyDateOf } from '../dates/fuzzy-date.js';
import { participantsByEvent } from '../loaders/event-relations.js';
import { keyedLoader } from '../loaders/keyed-loader.js';
import { participantsByStatement } from '../loaders/statement-relations.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { columnsForFields } from '../db/row-columns.js';
import { events, statements } from '../db/schema.js';
import {
  type BucketCount,
  keyValues,
  type TimelineColumns,
  TIMELINE_TYPES,
  type TimelineGranularity,
  type TimelineScope,
  timelineBuckets,
  timelineCounts,
  timelinePageQuery,
  timelinePages,
} from '../loaders/timeline.js';
import { toConnection, type ConnectionShape } from '../pagination/keyset.js';
import { type PageArgs, planPage } from '../pagination/page-args.js';
import { Actor } from './actor.js';
import { builder } from './builder.js';
import { dateRange } from './date-range.js';
import { Event, EventKindEnum, type EventRow } from './event.js';
import { SortDirectionEnum, FuzzyDateRef } from './fuzzy-date.js';
import { searchCondition, searchQuery } from './search-filter.js';
import { fieldsAtPath, PAGE_FIELDS, selectsAnyOf, selectsEdgeFields } from './selection.js';
import { Statement, StatementKindEnum, type StatementRow } from './statement.js';
import { Topic } from './topic.js';
import { AGGREGATE_COMPLEXITY } from '../query-limits.js';
import { estimateRows } from '../db/estimate.js';
import { existingIds } from './filter-ids.js';

export const CURSOR_KIND = 'timeline';
const ONE_LINE_MAX = 160;

/** JOINT_STATEMENT -> 'Joint statement'. */
function kindLabel(kind: string): string {
  const words = kind.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The first sentence of a text, cut at a word and marked with an ellipsis when it is longer than a line. */
function oneLine(text: string | null): string | null {
  if (!text?.trim()) return null;
  // A sentence ends after a lower-case letter or digit, so 'U.S.' or 'A.B.' does not end one.
  const sentence = text.trim().split(/(?<=[\p{Ll}\d)”’"][.!?])\s+(?=[\p{Lu}“‘"])/u)[0]!.replace(/\s+/g, ' ');
  if (sentence.length <= ONE_LINE_MAX) return sentence;
  const cut = sentence.slice(0, ONE_LINE_MAX - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length).replace(/[\s,;:]+$/, '')}…`;
}

export type TimelineRow = EventRow | StatementRow;

interface TimelineConnectionShape extends ConnectionShape<TimelineRow> {
  buckets: (granularity: TimelineGranularity) => Promise<BucketCount[]>;
  totalCountEstimate: () => Promise<number>;
}

function isEvent(row: TimelineRow): row is EventRow {
  return 'startEarliest' in row;
}

export const TimelineItem = builder.unionType('TimelineItem', {
  description: 'An entry of a timeline: something that happened, or something someone said.',
  types: [Event, Statement],
  resolveType: (row) => (isEvent(row) ? 'Event' : 'Statement'),
});

export const TimelineItemTypeEnum = builder.enumType('TimelineItemType', {
  description: 'The kinds of timeline entry.',
  values: { EVENT: { description: 'Events.' }, STATEMENT: { description: 'Statements.' } } as const,
});

export const TimelineGranularityEnum = builder.enumType('TimelineGranularity', {
  description: 'The period a timeline bucket covers.',
  values: { DAY: { description: 'One calendar day.' }, MONTH: { description: 'One calendar month.' }, YEAR: { description: 'One calendar year.' } } as const,
});

interface BucketShape extends BucketCount {
  granularity: TimelineGranularity;
}

const MONTH_LABEL = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const DAY_LABEL = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });

function bucketEnd(bucket: BucketShape): string {
  const [y, m] = bucket.start.split('-').map(Number) as [number, number];
  if (bucket.granularity === 'DAY') return bucket.start;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999, and an open-start date lives in year 1.
  const end = new Date(0);
  if (bucket.granularity === 'MONTH') end.setUTCFullYear(y, m, 0);
  else end.setUTCFullYear(y, 11, 31);
  return end.toISOString().slice(0, 10);
}

/** 'January 2026', '12 November 2025', '2023'; the year as stored (four digits), so year 1 reads 0001. */
function bucketLabel(bucket: BucketShape): string {
  const day = new Date(`${bucket.start}T00:00:00Z`);
  const year = bucket.start.slice(0, 4);
  if (bucket.granularity === 'YEAR') return year;
  return `${(bucket.granularity === 'MONTH' ? MONTH_LABEL : DAY_LABEL).format(day)} ${year}`;
}

export const TimelineBucket = builder.objectRef<BucketShape>('TimelineBucket').implement({
  description: 'How many timeline items start in one period.',
  fields: (t) => ({
    start: t.expose('start', { type: 'Date', description: 'First day of the period.' }),
    end: t.field({ type: 'Date', description: 'Last day of the period.', resolve: (b) => bucketEnd(b) }),
    label: t.string({ description: "The period for people: '12 November 2025', 'November 2025', '2025'.", resolve: (b) => bucketLabel(b) }),
    count: t.exposeInt('count', { description: 'Items whose earliest day falls in the period.' }),
  }),
});

export const TimelineConnection = builder.connectionObject(
  {
    type: TimelineItem,
    name: 'TimelineConnection',
    description:
      'Ordered by date (earliest day, then coarser precision first, so a year comes before a day inside it), then events before statements, then by id: one stable order for every page. DESC is the exact reverse.',
    fields: (t) => ({
      totalCountEstimate: t.int({
        description:
          "An estimate of totalCount from the database's statistics, in about a millisecond whatever the timeline's size, where an exact count reads every matching item (a third of a second for a million). Close for the whole timeline and for date ranges; for narrow filters (an actor, a rare word) it may be off by a large factor. For labels such as 'about 250,000 items'; use totalCount where the number must be exact.",
        resolve: (connection) => (connection as unknown as TimelineConnectionShape).totalCountEstimate(),
      }),
      buckets: t.field({
        complexity: AGGREGATE_COMPLEXITY,
        type: [TimelineBucket],
        description:
          'Counts per period over the whole filtered timeline (not just this page), oldest first, for histograms; periods without items are left out. An item is counted once, in the period of its earliest day, even when its date is coarser than the period (a date given only as 2025 counts in January 2025, or on 1 January 2025). The counts sum to totalCount. Computed only when selected.',
        args: { granularity: t.arg({ type: TimelineGranularityEnum, required: true, description: 'The length of each period.' }) },
        resolve: async (connection, { granularity }) =>
          (await (connection as unknown as TimelineConnectionShape).buckets(granularity)).map((b) => ({ ...b, granularity })),
      }),
    }),
  },
  {
    name: 'TimelineEdge',
    description: 'A timeline item in a page.',
    // What a timeline widget draws, under one type: a front end needs no fragments per member and no aliases.
    fields: (t) => ({
      date: t.field({
        type: FuzzyDateRef,
        description: "The item's date: a statement's date, an event's start.",
        resolve: (edge) => {
          const row = edge.node as TimelineRow;
          return fuzzyDateOf(row, isEvent(row) ? 'start' : 'date')!;
        },
      }),
      type: t.field({
        type: TimelineItemTypeEnum,
        description: 'Whether the item is an event or a statement.',
        resolve: (edge) => (isEvent(edge.node as TimelineRow) ? 'EVENT' : 'STATEMENT'),
      }),
      itemId: t.id({
        description: "The item's global ID (node(id:) fetches it).",
        resolve: (edge) => {
          const row = edge.node as TimelineRow;
          return encodeGlobalID(isEvent(row) ? 'Event' : 'Statement', row.id);
        },
      }),
      slug: t.string({ description: "The item's slug: event(slug:) or statement(slug:) finds it.", resolve: (edge) => (edge.node as TimelineRow).slug }),
      headline: t.string({ description: "The item's title.", resolve: (edge) => (edge.node as TimelineRow).title }),
      kind: t.string({
        description: "The item's kind as its enum value: an EventKind (BLOCKADE) or a StatementKind (JOINT_STATEMENT).",
        resolve: (edge) => (edge.node as TimelineRow).kind,
      }),
      kindLabel: t.string({
        description: "The item's kind for people: 'Joint statement', 'Blockade'.",
        resolve: (edge) => kindLabel((edge.node as TimelineRow).kind),
      }),
      summary: t.string({
        nullable: true,
        description: "One line about the item: the first sentence of a statement's summary or an event's description, at most 160 characters.",
        resolve: (edge) => {
          const row = edge.node as TimelineRow;
          return oneLine(isEvent(row) ? row.description : row.summary);
        },
      }),
      actors: t.field({
        type: [Actor],
        description: 'The actors taking part in the item (participants of the event or statement, any role), each once, in the order the source lists them.',
        resolve: async (edge, _args, ctx) => {
          const row = edge.node as TimelineRow;
          const participants = isEvent(row)
            ? await keyedLoader<number, { actorId: number }[]>(ctx, 'timeline-event-actors', (ids) => participantsByEvent(ctx.db, ids, null)).load(row.id)
            : await keyedLoader<number, { actorId: number }[]>(ctx, 'timeline-statement-actors', (ids) => participantsByStatement(ctx.db, ids, null)).load(row.id);
          return [...new Set(participants.map((p) => p.actorId))];
        },
      }),
    }),
  },
);

export const TimelineFilter = builder.inputType('TimelineFilter', {
  description: 'Items whose date range overlaps [from, to] and that match every given filter. An empty list filters nothing.',
  fields: (t) => ({
    from: t.string({ description: "EDTF or ISO date; items that reach this day or later ('2023' means from 2023-01-01)." }),
    to: t.string({ description: "EDTF or ISO date; items that begin on or before this day ('2023' means through 2023-12-31)." }),
    actors: t.globalIDList({
      for: Actor,
      description:
        'Items in which any of these actors takes part (participant of the event or statement, or claimant/subject of a claim in the statement).',
    }),
    topics: t.globalIDList({
      for: Topic,
      description: 'Items on any of these topics: statements containing a claim on the topic, events that a claim on the topic is about.',
    }),
    types: t.field({ type: [TimelineItemTypeEnum], description: 'Only these kinds of item.' }),
    eventKinds: t.field({ type: [EventKindEnum], description: 'Narrows events to these kinds; statements are not affected (use types to leave them out).' }),
    statementKinds: t.field({
      type: [StatementKindEnum],
      description: 'Narrows statements to these kinds; events are not affected (use types to leave them out).',
    }),
    search: t.string({
      description:
        'Full-text search over titles, summaries and claim texts: a statement matches by its title, summary or the claims in it, an event by its title, description, place or the claims about it.',
    }),
  }),
});

export type TimelineFilterInput = typeof TimelineFilter.$inferInput;

/** Validates a filter: bad dates, unknown IDs and empty searches are errors, never an empty page. */
export async function resolveScope(ctx: Context, filter: TimelineFilterInput | null | undefined): Promise<TimelineScope> {
  const range = dateRange(filter?.from, filter?.to);
  const search = filter?.search;
  if (search != null) searchQuery(search);
  const [actorIds, topicIds] = await Promise.all([
    existingIds('actors', filter?.actors, (id) => Actor.getDataloader(ctx).load(id)),
    existingIds('topics', filter?.topics, (id) => Topic.getDataloader(ctx).load(id)),
  ]);
  return {
    ...range,
    actorIds,
    topicIds,
    types: filter?.types?.length ? filter.types : TIMELINE_TYPES,
    eventKinds: filter?.eventKinds?.length ? filter.eventKinds : null,
    statementKinds: filter?.statementKinds?.length ? filter.statementKinds : null,
    search:
      search != null
        ? { statements: (id) => searchCondition('statement', id, search), events: (id) => searchCondition('event', id, search) }
        : null,
  };
}

interface TimelineArgs extends PageArgs {
  filter?: TimelineFilterInput | null;
  order?: 'ASC' | 'DESC' | null;
}

/**
 * One timeline connection. `actorId` scopes it to an actor (Actor.timeline); the
 * page, the count and the buckets are then batched across every actor of the
 * request that asks with the same arguments.
 */
/**
 * The columns of the items' rows that the selection on a timeline's items
 * reads, where it reads nothing but columns and no field of the edge itself (title, date, kind...; see
 * columnsForFields); null for whole rows. An event's row always has
 * startEarliest, which tells it from a statement's (isEvent).
 */
function timelineColumns(info: GraphQLResolveInfo): TimelineColumns | null {
  // The edge's own fields (slug, headline, line, date...) read the item's row too: whole rows for them.
  if (selectsEdgeFields(info)) return null;
  const byType = new Map<string, Set<string>>();
  for (const path of [['edges', 'node'], ['nodes']]) {
    for (const [type, names] of fieldsAtPath(info, path, ['Event', 'Statement'])) byType.set(type, new Set([...(byType.get(type) ?? []), ...names]));
  }
  const fieldsOf = (type: string) => [...(byType.get('*') ?? []), ...(byType.get(type) ?? [])];
  const eventColumns = columnsForFields(events, fieldsOf('Event'), ['id', 'startEarliest']);
  const statementColumns = columnsForFields(statements, fieldsOf('Statement'), ['id']);
  return eventColumns && statementColumns ? { events: eventColumns, statements: statementColumns } : null;
}

async function timelineConnection(
  ctx: Context,
  args: TimelineArgs,
  actorId: number | null,
  info: GraphQLResolveInfo,
): Promise<TimelineConnectionShape> {
  const pageSelected = selectsAnyOf(info, PAGE_FIELDS);
  const plan = planPage(args, CURSOR_KIND);
  const scope = await resolveScope(ctx, args.filter);
  const descending = args.order === 'DESC';
  // The root timeline and the actors' timelines batch apart: the same arguments on both sides are two lists.
  const scopeName = actorId == null ? 'root' : 'actor';
  const batchKey = JSON.stringify([scopeName, args.filter ?? null, descending, args.first, args.after, args.last, args.before]);
  const parent = actorId ?? 0;
  const parents = (ids: readonly number[]) => (actorId == null ? null : ids);
  // A histogram or a count alone needs no page (a filtered first page can cost more than the count).
  const page = pageSelected
    ? await keyedLoader<number, Awaited<ReturnType<typeof timelinePages>>[number]>(ctx, `timeline-page:${batchKey}`, (ids) =>
        timelinePages(ctx.db, scope, plan, descending, parents(ids), { rows: true, columns: timelineColumns(info) }),
      ).load(parent)
    : { rows: [], hasNextPage: false, hasPreviousPage: false };
  // The page's own statement brought each item's row (asked with rows: true).
  const rows = page.rows.map((entry) => entry.row as TimelineRow);
  const keys = new Map(rows.map((row, i) => [row, page.rows[i]!]));
  const countKey = JSON.stringify([scopeName, args.filter ?? null]);
  const connection = toConnection({ ...page, rows }, CURSOR_KIND, (row) => keyValues(keys.get(row)!), () =>
    keyedLoader<number, number>(ctx, `timeline-count:${countKey}`, (ids) => timelineCounts(ctx.db, scope, parents(ids))).load(parent),
  );
  // The page query without a limit (a billion rows): the planner's row estimate for it is the count's.
  const everyRow = { size: 1_000_000_000, backward: false, after: null, before: null };
  return {
    ...connection,
    totalCountEstimate: () =>
      estimateRows(ctx.db, timelinePageQuery(actorId == null ? scope : { ...scope, actorIds: [actorId] }, everyRow, false)),
    buckets: (granularity) =>
      keyedLoader<number, BucketCount[]>(ctx, `timeline-buckets:${granularity}:${countKey}`, (ids) =>
        timelineBuckets(ctx.db, scope, granularity, parents(ids)),
      ).load(parent),
  };
}

const ORDER_DESCRIPTION = 'ASC oldest first; DESC is the exact reverse.';

builder.queryFields((t) => ({
  timeline: t.field({
    type: TimelineConnection,
    description: 'Events and statements in one order (see TimelineConnection), filtered, paged forward or backward.',
    args: {
      filter: t.arg({ type: TimelineFilter, description: 'Narrows the timeline; every given field must match.' }),
      order: t.arg({ type: SortDirectionEnum, defaultValue: 'ASC', description: ORDER_DESCRIPTION }),
      ...t.arg.connectionArgs(),
    },
    resolve: (_root, args, ctx, info) => timelineConnection(ctx, args, null, info) as never,
  }),
}));

builder.objectFields(Actor, (t) => ({
  timeline: t.field({
    type: TimelineConnection,
    description:
      "The actor's timeline: events it took part in, and statements it took part in or that contain a claim it asserted or that is about it; filter narrows it further.",
    args: {
      filter: t.arg({ type: TimelineFilter, description: 'Narrows the timeline; every given field must match.' }),
      order: t.arg({ type: SortDirectionEnum, defaultValue: 'ASC', description: ORDER_DESCRIPTION }),
      ...t.arg.connectionArgs(),
    },
    resolve: (actor, args, ctx, info) => timelineConnection(ctx, args, actor.id, info) as never,
  }),
}));
