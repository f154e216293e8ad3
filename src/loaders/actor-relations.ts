// Batch functions for an actor's own relations: aliases and affiliations.
import { asc, sql } from 'drizzle-orm';
import { idArrayPlaceholder, preparedOnce } from './prepared-statements.js';
import type { Database } from '../db/client.js';
import { actorAliases, affiliations } from '../db/schema.js';
import { groupByKey } from './rows-by-id.js';

export type AffiliationRow = typeof affiliations.$inferSelect;

export async function aliasesByActor(db: Database, actorIds: readonly number[]): Promise<string[][]> {
  const statement = preparedOnce(db, 'aliases-by-actor', () =>
    db
      .select({ actorId: actorAliases.actorId, alias: actorAliases.alias })
      .from(actorAliases)
      .where(sql`${actorAliases.actorId} = ANY(${idArrayPlaceholder('ids')})`)
      .orderBy(asc(actorAliases.actorId), asc(actorAliases.position))
      .prepare('aliases-by-actor'),
  );
  const rows = await statement.execute({ ids: [...actorIds] });
  return groupByKey(actorIds, rows, (r) => r.actorId).map((list) => list.map((r) => r.alias));
}

/** Affiliations by one side: `member` lists the roles actors hold, `organization` who holds roles in them. */
export async function affiliationsBy(
  db: Database,
  side: 'member' | 'organization',
  actorIds: readonly number[],
): Promise<AffiliationRow[][]> {
  const column = side === 'member' ? affiliations.memberId : affiliations.organizationId;
  const statement = preparedOnce(db, `affiliations-by:${side}`, () =>
    db
      .select()
      .from(affiliations)
      .where(sql`${column} = ANY(${idArrayPlaceholder('ids')})`)
      .orderBy(asc(affiliations.id))
      .prepare('affiliations-by'),
  );
  const rows = await statement.execute({ ids: [...actorIds] });
  return groupByKey(actorIds, rows, (r) => (side === 'member' ? r.memberId : r.organizationId));
}
