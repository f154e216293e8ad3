// Batch functions for an actor's own relations: aliases and affiliations.
import { asc, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { actorAliases, affiliations } from '../db/schema.js';
import { groupByKey } from './rows-by-id.js';

export type AffiliationRow = typeof affiliations.$inferSelect;

export async function aliasesByActor(db: Database, actorIds: readonly number[]): Promise<string[][]> {
  const rows = await db
    .select({ actorId: actorAliases.actorId, alias: actorAliases.alias })
    .from(actorAliases)
    .where(inArray(actorAliases.actorId, [...actorIds]))
    .orderBy(asc(actorAliases.actorId), asc(actorAliases.position));
  return groupByKey(actorIds, rows, (r) => r.actorId).map((list) => list.map((r) => r.alias));
}

/** Affiliations by one side: `member` lists the roles actors hold, `organization` who holds roles in them. */
export async function affiliationsBy(
  db: Database,
  side: 'member' | 'organization',
  actorIds: readonly number[],
): Promise<AffiliationRow[][]> {
  const column = side === 'member' ? affiliations.memberId : affiliations.organizationId;
  const rows = await db.select().from(affiliations).where(inArray(column, [...actorIds])).orderBy(asc(affiliations.id));
  return groupByKey(actorIds, rows, (r) => (side === 'member' ? r.memberId : r.organizationId));
}
