// Live updates: Subscription.changes and Subscription.timelineUpdates, served
// over server-sent events (see src/http/event-stream.ts and src/live/).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { authScopesFor, unauthorizedError } from '../auth-scopes.js';
import type { Context } from '../context.js';
import type { ChangeOperation } from '../db/schema.js';
import { GraphQLError } from 'graphql';
import { userError } from '../errors.js';
import type { LiveRequest, TooSlow } from '../live/live-updates.js';
import { builder } from './builder.js';
import { Change, ChangeOperationEnum, type ChangeRow } from './change.js';
import { resolveScope, TimelineFilter, TimelineItem, type TimelineRow } from './timeline.js';

interface TimelineUpdateShape {
  operation: ChangeOperation;
  itemId: string;
  item: TimelineRow | null;
  cursor: string | null;
  matchesFilter: boolean;
  change: ChangeRow;
}

builder.subscriptionType({
  description:
    'Live updates, as server-sent events: send the operation with the header Accept: text/event-stream (a GET with the query in the URL suits EventSource). Each event carries the id of its Change; reconnecting with Last-Event-ID sends every change missed since, in commit order, before the live ones.',
  authScopes: { read: true },
});

const TimelineUpdate = builder.objectRef<TimelineUpdateShape>('TimelineUpdate').implement({
  description:
    "An event or statement that a committed change created, updated or deleted, and that is in the subscribed filter's timeline, or was until this change (then matchesFilter is false).",
  fields: (t) => ({
    operation: t.expose('operation', {
      type: ChangeOperationEnum,
      description: 'CREATE or DELETE when the change made or removed the item itself, else UPDATE (its fields, participants, excerpts or claims).',
    }),
    itemId: t.exposeID('itemId', { description: 'Global ID of the event or statement.' }),
    item: t.field({ type: TimelineItem, nullable: true, description: 'The item as it is now; null after a delete.', resolve: (u) => u.item }),
    cursor: t.exposeString('cursor', {
      nullable: true,
      description: "Where the item now sits in the timeline's order, usable as after/before in Query.timeline with the same filter; null after a delete.",
    }),
    matchesFilter: t.exposeBoolean('matchesFilter', {
      description:
        "Whether the item, as it is now, is in the subscribed filter's timeline. False when the change took it out: deleted it, or edited it so that it no longer matches (other dates, a followed actor removed, a claim's topic changed). A view of that timeline should then drop it.",
    }),
    change: t.field({ type: Change, description: 'The change that did it.', resolve: (u) => u.change }),
  }),
});

/** The request's live updates, once it may read: the Subscription type's scope guards each event, this the opening. */
function liveOf(ctx: Context): LiveRequest {
  if (!authScopesFor(ctx).read) throw unauthorizedError(ctx);
  if (!ctx.live) throw new GraphQLError('This server does not offer live updates.', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
  return ctx.live;
}

function tooSlow(): never {
  throw userError(
    'SUBSCRIBER_TOO_SLOW',
    'The stream fell too far behind the changes (its buffer is full) and is closed; reconnect with Last-Event-ID to receive what it missed.',
  );
}

function isTooSlow(payload: unknown): payload is TooSlow {
  return typeof payload === 'object' && payload !== null && 'tooSlow' in payload;
}

builder.subscriptionFields((t) => ({
  changes: t.field({
    type: Change,
    description: 'Every change as it commits, or only those touching one record.',
    args: { node: t.arg.globalID({ description: 'Only changes to this record or rows belonging to it.' }) },
    subscribe: (_root, args, ctx) => {
      const live = liveOf(ctx);
      const node = args.node ? { type: args.node.typename, id: Number(args.node.id) } : null;
      return live.updates.subscribe(
        live,
        ctx.viewer?.name ?? null,
        async ({ change, entries }) => (!node || entries.some((e) => e.nodeType === node.type && e.nodeId === node.id) ? [change] : []),
        () => ctx.renewLoaders(),
      ) as never;
    },
    resolve: (payload: ChangeRow | TooSlow) => (isTooSlow(payload) ? tooSlow() : payload),
  }),
  timelineUpdates: t.field({
    type: TimelineUpdate,
    description: 'Events and statements created, updated or deleted that match the filter, as they commit, on whichever server replica made them.',
    args: { filter: t.arg({ type: TimelineFilter, description: 'The same filter as Query.timeline; every given field must match.' }) },
    subscribe: async (_root, args, ctx) => {
      const live = liveOf(ctx);
      const scope = await resolveScope(ctx, args.filter);
      const filterKey = JSON.stringify(args.filter ?? null);
      return live.updates.subscribe(
        live,
        ctx.viewer?.name ?? null,
        async (feedChange) => {
          const updates = await live.updates.updatesFor(filterKey, scope, feedChange);
          return updates.map(
            (update): TimelineUpdateShape => ({
              operation: update.operation,
              itemId: encodeGlobalID(update.type, update.id),
              item: update.row as TimelineRow | null,
              cursor: update.cursor,
              matchesFilter: update.matchesFilter,
              change: feedChange.change,
            }),
          );
        },
        () => ctx.renewLoaders(),
      ) as never;
    },
    resolve: (payload: TimelineUpdateShape | TooSlow) => (isTooSlow(payload) ? tooSlow() : payload),
  }),
}));
