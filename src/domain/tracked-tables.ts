// The tables whose rows the audit trail records, with the entity each row is
// or belongs to: a statement's participant rows belong to the statement, so
// the statement's history shows them. A revert finds a table here by name.
import { getTableColumns, getTableName } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import * as schema from '../db/schema.js';

export type NodeType = 'Actor' | 'Source' | 'Statement' | 'Claim' | 'Event' | 'Topic';

export interface TrackedTable {
  table: PgTable;
  name: string;
  /** The entity a row of this table is (column `id`) or belongs to. */
  nodeType: NodeType;
  /** Property of the row holding that entity's id. */
  ownerKey: string;
  /** Properties of the primary key, in order. */
  keyProps: string[];
  /** Properties stored in an audit entry: every column but generated ones (search vectors) and copies kept by triggers (COPIED_COLUMNS). */
  storedProps: string[];
  /** True for the six entities (they carry a version). */
  entity: boolean;
  /** For a row that names its entity only through another row (an appearance's excerpt): the entity's id. */
  ownerOf?: (tx: Database, row: Record<string, unknown>) => Promise<number>;
}

function track(table: PgTable, nodeType: NodeType, ownerKey: string): TrackedTable {
  const columns = getTableColumns(table);
  const byDbName = new Map(Object.entries(columns).map(([prop, column]) => [column.name, prop]));
  const config = getTableConfig(table);
  const keyProps = config.primaryKeys.length
    ? config.primaryKeys[0]!.columns.map((column) => byDbName.get(column.name)!)
    : Object.entries(columns)
        .filter(([, column]) => column.primary)
        .map(([prop]) => prop);
  const storedProps = Object.entries(columns)
    .filter(([, column]) => !column.generated && !schema.COPIED_COLUMNS.has(column))
    .map(([prop]) => prop);
  return { table, name: getTableName(table), nodeType, ownerKey, keyProps, storedProps, entity: ownerKey === 'id' };
}

export const TRACKED_TABLES: TrackedTable[] = [
  track(schema.actors, 'Actor', 'id'),
  track(schema.actorAliases, 'Actor', 'actorId'),
  track(schema.affiliations, 'Actor', 'memberId'),
  track(schema.sources, 'Source', 'id'),
  track(schema.excerpts, 'Source', 'sourceId'),
  track(schema.topics, 'Topic', 'id'),
  track(schema.events, 'Event', 'id'),
  track(schema.eventParticipants, 'Event', 'eventId'),
  track(schema.eventExcerpts, 'Event', 'eventId'),
  track(schema.statements, 'Statement', 'id'),
  track(schema.statementParticipants, 'Statement', 'statementId'),
  track(schema.statementExcerpts, 'Statement', 'statementId'),
  track(schema.statementEvents, 'Statement', 'statementId'),
  track(schema.statementResponses, 'Statement', 'statementId'),
  track(schema.claims, 'Claim', 'id'),
  track(schema.claimAppearances, 'Claim', 'claimId'),
  track(schema.claimSubjects, 'Claim', 'claimId'),
  track(schema.claimEvents, 'Claim', 'claimId'),
  track(schema.claimTopics, 'Claim', 'claimId'),
  track(schema.claimRelations, 'Claim', 'fromClaimId'),
  {
    ...track(schema.appearanceExcerpts, 'Claim', 'appearanceId'),
    ownerOf: async (tx, row) => {
      const [appearance] = await tx
        .select({ claimId: schema.claimAppearances.claimId })
        .from(schema.claimAppearances)
        .where(eq(schema.claimAppearances.id, row.appearanceId as number));
      return appearance!.claimId;
    },
  },
];

const BY_TABLE = new Map(TRACKED_TABLES.map((tracked) => [tracked.table, tracked]));
const BY_NAME = new Map(TRACKED_TABLES.map((tracked) => [tracked.name, tracked]));

export function trackedTable(table: PgTable): TrackedTable {
  const tracked = BY_TABLE.get(table);
  if (!tracked) throw new Error(`table ${getTableName(table)} is not tracked by the audit trail`);
  return tracked;
}

export function trackedTableNamed(name: string): TrackedTable {
  const tracked = BY_NAME.get(name);
  if (!tracked) throw new Error(`no tracked table is named ${name}`);
  return tracked;
}

export interface Referrer {
  tracked: TrackedTable;
  /** Property of the referring row holding the id. */
  prop: string;
}

/** For each tracked table, the tracked tables whose rows point at its rows by id (foreign keys). */
const REFERRERS = new Map<PgTable, Referrer[]>();
for (const tracked of TRACKED_TABLES) {
  const byDbName = new Map(Object.entries(getTableColumns(tracked.table)).map(([prop, column]) => [column.name, prop]));
  for (const fk of getTableConfig(tracked.table).foreignKeys) {
    const reference = fk.reference();
    const target = reference.foreignTable;
    const prop = byDbName.get(reference.columns[0]!.name);
    if (!prop || !BY_TABLE.has(target)) continue;
    REFERRERS.set(target, [...(REFERRERS.get(target) ?? []), { tracked, prop }]);
  }
}

export function referrersOf(table: PgTable): Referrer[] {
  return REFERRERS.get(table) ?? [];
}

/** A row's primary key as one string, in key order (jsonb reorders object keys, so objects are not compared). */
export function rowKeyString(tracked: TrackedTable, row: Record<string, unknown>): string {
  return `${tracked.name}|${JSON.stringify(tracked.keyProps.map((prop) => row[prop]))}`;
}
