// Which timeline items matched a filter just before a Change committed. The
// filter's actor, topic and search conditions read rows the Change may have
// removed or altered (a statement's participants, the claims in it, their
// text), so the question is put to the timeline query itself inside a
// transaction that first undoes the Change's entries and is always rolled
// back: nothing is written, and the answer is exactly Query.timeline's.
import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { changeEntries } from '../db/schema.js';
import { whereKey, type Row } from '../domain/change-log.js';
import { trackedTableNamed } from '../domain/tracked-tables.js';
import { timelinePages, type TimelineScope } from '../loaders/timeline.js';

class Undone extends Error {}

export interface ItemRef {
  type: 'Event' | 'Statement';
  id: number;
}

const itemKey = (item: ItemRef) => `${item.type}:${item.id}`;

/**
 * Keys (`Type:id`) of the items that matched `scope` before Change `changeId`,
 * judged on the database as it is now with that Change undone. Null when the
 * Change cannot be undone on today's rows (a later change re-created a row it
 * deleted, say): the caller then treats every item as having matched.
 */
export async function matchedBefore(db: Database, scope: TimelineScope, changeId: number, items: readonly ItemRef[]): Promise<Set<string> | null> {
  const found = new Set<string>();
  try {
    await db.transaction(async (tx) => {
      // Never make a writer wait on this: give up on a locked row at once (the caller then assumes a match) rather than queue, or deadlock, behind it.
      await tx.execute(sql`SET LOCAL lock_timeout = '100ms'`);
      const entries = await tx.select().from(changeEntries).where(eq(changeEntries.changeId, changeId)).orderBy(desc(changeEntries.position));
      for (const entry of entries) {
        const tracked = trackedTableNamed(entry.tableName);
        const key = entry.rowKey as Row;
        if (entry.operation === 'CREATE') await tx.delete(tracked.table).where(whereKey(tracked, key));
        else if (entry.operation === 'DELETE') await tx.insert(tracked.table).values(entry.before as Row);
        else await tx.update(tracked.table).set(entry.before as Row).where(whereKey(tracked, key));
      }
      const plan = { size: 1, backward: false, after: null, before: null };
      for (const item of items) {
        const only = { type: item.type === 'Event' ? (0 as const) : (1 as const), id: item.id };
        const [page] = await timelinePages(tx as unknown as Database, { ...scope, only }, plan, false, null);
        if (page?.rows.length) found.add(itemKey(item));
      }
      throw new Undone();
    });
  } catch (error) {
    if (error instanceof Undone) return found;
    return null;
  }
  return found;
}

export { itemKey };
