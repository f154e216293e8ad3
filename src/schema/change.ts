// The audit trail: Change and ChangeEntry, Query.changes, and on every entity
// its version and history. Newest first everywhere.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { changeEntries, changes, CHANGE_OPERATIONS } from '../db/schema.js';
import type { NodeType } from '../domain/tracked-tables.js';
import { groupByKey } from '../loaders/rows-by-id.js';
import { nestedConnection, tableConnection } from '../pagination/connection.js';
import type { SortKey } from '../pagination/keyset.js';
import { Actor } from './actor.js';
import { builder } from './builder.js';
import { rowNode } from './row-node.js';
import { Claim } from './claim.js';
import { Event } from './event.js';
import { Source } from './source.js';
import { Statement } from './statement.js';
import { Topic } from './topic.js';

export type ChangeRow = typeof changes.$inferSelect;
type ChangeEntryRow = typeof changeEntries.$inferSelect;

export const ChangeOperationEnum = builder.enumType('ChangeOperation', {
  description: 'What a change did to a record.',
  values: CHANGE_OPERATIONS,
});

export const Change = builder.loadableNodeRef<ChangeRow, number, number>('Change', rowNode<ChangeRow>(changes));

const ChangeEntry = builder.objectRef<ChangeEntryRow>('ChangeEntry').implement({
  description: 'What one change did to one record. before is null for CREATE, after is null for DELETE.',
  fields: (t) => ({
    operation: t.expose('operation', { type: ChangeOperationEnum, description: 'Created, updated or deleted.' }),
    nodeId: t.id({
      description: 'Global ID of the record (still given after a delete); for a row that belongs to a record (a participant of a statement), that record.',
      resolve: (entry) => encodeGlobalID(entry.nodeType, entry.nodeId),
    }),
    node: t.node({
      description: 'The record now, or null if it no longer exists.',
      id: (entry) => ({ type: entry.nodeType, id: String(entry.nodeId) }),
    }),
    table: t.exposeString('tableName', { description: 'The table the row is stored in (actors, statement_participants, ...).' }),
    before: t.field({ type: 'JSON', nullable: true, description: 'The row before the change, as stored; null for CREATE.', resolve: (e) => e.before }),
    after: t.field({ type: 'JSON', nullable: true, description: 'The row after the change, as stored; null for DELETE.', resolve: (e) => e.after }),
  }),
});

Change.implement({
  description: "One mutation's effect, as recorded when it committed.",
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'When it committed.', resolve: (c) => c.at }),
    author: t.exposeString('author', { description: "Name of the API key that made it (or 'seed' for the seed loader)." }),
    mutation: t.exposeString('mutation', { description: "The mutation's field name: createClaim, importDocument, revertChange, ..." }),
    entries: t.loadableList({
      type: ChangeEntry,
      description: 'Every row it created, updated or deleted, in the order it did so.',
      load: async (ids: number[], ctx) =>
        groupByKey(
          ids,
          await ctx.db.select().from(changeEntries).where(inArray(changeEntries.changeId, ids)).orderBy(asc(changeEntries.changeId), asc(changeEntries.position)),
          (entry) => entry.changeId,
        ),
      resolve: (c) => c.id,
    }),
    reverts: t.field({
      type: Change,
      nullable: true,
      description: 'The change this one reverted, if it is a revert.',
      resolve: (c) => (c.revertsId == null ? null : c.revertsId),
    }),
    revertedBy: t.loadable({
      type: Change,
      nullable: true,
      description: 'The change that reverted this one, if any.',
      load: async (ids: number[], ctx) => {
        const rows = await ctx.db.select().from(changes).where(inArray(changes.revertsId, ids));
        const byReverted = new Map(rows.map((row) => [row.revertsId, row]));
        return ids.map((id) => byReverted.get(id) ?? null);
      },
      resolve: (c) => c.id,
    }),
  }),
});

export const ChangeConnection = builder.connectionObject(
  { type: Change, name: 'ChangeConnection', description: 'A page of changes, newest first.' },
  { name: 'ChangeEdge', description: 'A change in a page.' },
);

const NEWEST_FIRST: SortKey = { columns: [{ expr: sql`${changes.id}`, type: 'integer' }], descending: true };

const ChangeFilter = builder.inputType('ChangeFilter', {
  description: 'Narrows the list of changes; every given condition must hold.',
  fields: (t) => ({
    node: t.globalID({ description: 'Only changes to this record (or rows belonging to it).' }),
    author: t.string({ description: 'Only changes made with the API key of this name.' }),
    since: t.field({ type: 'DateTime', description: 'Only changes committed at or after this instant.' }),
    until: t.field({ type: 'DateTime', description: 'Only changes committed at or before this instant.' }),
  }),
});

function touches(nodeType: string, nodeId: number): SQL {
  return sql`EXISTS (SELECT 1 FROM ${changeEntries} WHERE ${changeEntries.changeId} = ${changes.id} AND ${changeEntries.nodeType} = ${nodeType} AND ${changeEntries.nodeId} = ${nodeId})`;
}

builder.queryField('changes', (t) =>
  t.field({
    type: ChangeConnection,
    description: 'Every recorded change, newest first.',
    args: { filter: t.arg({ type: ChangeFilter, description: 'Narrows the list.' }), ...t.arg.connectionArgs() },
    resolve: (_root, args, ctx) => {
      const filter = args.filter;
      const filters: SQL[] = [];
      if (filter?.node) filters.push(touches(filter.node.typename, Number(filter.node.id)));
      if (filter?.author != null) filters.push(eq(changes.author, filter.author));
      if (filter?.since) filters.push(gte(changes.at, filter.since));
      if (filter?.until) filters.push(lte(changes.at, filter.until));
      return tableConnection(ctx.db, changes, args, {
        kind: 'changes',
        key: NEWEST_FIRST,
        keyOf: (change: ChangeRow) => [change.id],
        filters: filters.length ? [and(...filters)!] : [],
      });
    },
  }),
);

const ENTITIES = [
  [Actor, 'Actor'],
  [Source, 'Source'],
  [Statement, 'Statement'],
  [Claim, 'Claim'],
  [Event, 'Event'],
  [Topic, 'Topic'],
] as const;

for (const [ref, nodeType] of ENTITIES) {
  builder.objectFields(ref as never, (t: any) => ({
    version: t.exposeInt('version', { description: 'Raised by every update; pass it to an update or delete to refuse the write if someone changed the record since (CONFLICT).' }),
    changes: t.field({
      type: ChangeConnection,
      description: 'The changes that touched this record or rows belonging to it, newest first.',
      args: t.arg.connectionArgs(),
      resolve: (parent: { id: number }, args: Record<string, unknown>, ctx: never) =>
        nestedConnection(ctx, parent.id, args, {
          kind: `changes-of-${nodeType}`,
          table: changes,
          spec: () => ({
            from: sql`(SELECT DISTINCT ${changeEntries.changeId} AS change_id, ${changeEntries.nodeId} AS node_id FROM ${changeEntries} WHERE ${changeEntries.nodeType} = ${nodeType satisfies NodeType}) ce`,
            parent: sql`ce.node_id`,
            node: sql`ce.change_id`,
            key: { columns: [{ expr: sql`ce.change_id`, type: 'integer' }], descending: true },
          }),
        }),
    }),
  }));
}
