// Which timeline items matched a filter just before a Change committed. The
// filter's actor, topic and search conditions read rows the Change may have
// removed or altered (a statement's participants, the claims in it, their
// text), so the question is put to the timeline query itself inside a
// transaction that first undoes the Change's entries and is always rolled
// back: nothing is written, and the answer is exactly Query.timeline's.
// Questions about one Change from many filters (subscribers following
// different actors, say) share one such transaction.
import DataLoader from 'dataloader';
import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { changeEntries } from '../db/schema.js';
import { whereKey, type Row } from '../domain/change-log.js';
import { trackedTableNamed } from '../domain/tracked-tables.js';
import type { TimelineScope } from '../loaders/timeline.js';
import { timelineKeys } from './membership.js';

class Undone extends Error {}

export interface ItemRef {
  type: 'Event' | 'Statement';
  id: number;
}

/** One filter's question about one Change: which of these items were in its timeline before it? */
export interface BeforeQuestion {
  changeId: number;
  scope: TimelineScope;
  items: readonly ItemRef[];
}

/** Keys (`Type:id`) of the items that matched; null when the Change could not be undone on today's rows. */
export type BeforeAnswer = Set<string> | null;

export const itemKey = (item: ItemRef) => `${item.type}:${item.id}`;

/** The item's type as the timeline query numbers it (events 0, statements 1). */
export const timelineType = (item: ItemRef): 0 | 1 => (item.type === 'Event' ? 0 : 1);

/**
 * Answers questions about one Change, judged on the database as it is now
 * with that Change undone. The answer is null for all when the Change cannot
 * be undone on today's rows (a later change re-created a row it deleted, or a
 * writer holds one): callers then treat every item as having matched.
 */
async function answersFor(db: Database, changeId: number, questions: readonly BeforeQuestion[]): Promise<BeforeAnswer[]> {
  const answers: Set<string>[] = questions.map(() => new Set());
  try {
    await db.transaction(async (tx) => {
      // Never make a writer wait on this: give up on a locked row at once rather than queue, or deadlock, behind it.
      await tx.execute(sql`SET LOCAL lock_timeout = '100ms'`);
      const entries = await tx.select().from(changeEntries).where(eq(changeEntries.changeId, changeId)).orderBy(desc(changeEntries.position));
      for (const entry of entries) {
        const tracked = trackedTableNamed(entry.tableName);
        const key = entry.rowKey as Row;
        if (entry.operation === 'CREATE') await tx.delete(tracked.table).where(whereKey(tracked, key));
        else if (entry.operation === 'DELETE') await tx.insert(tracked.table).values(entry.before as Row);
        else await tx.update(tracked.table).set(entry.before as Row).where(whereKey(tracked, key));
      }
      const asked = questions.flatMap(({ scope, items }, i) => items.map((item) => ({ i, item, scope, type: timelineType(item), id: item.id })));
      const keys = await timelineKeys(tx as unknown as Database, asked);
      asked.forEach(({ i, item }, j) => keys[j] && answers[i]!.add(itemKey(item)));
      throw new Undone();
    });
  } catch (error) {
    if (!(error instanceof Undone)) return questions.map(() => null);
  }
  return answers;
}

/** Collects the questions asked in one turn of the event loop and answers each Change's in one rolled-back transaction. */
export function stateBeforeLoader(db: Database): DataLoader<BeforeQuestion, BeforeAnswer> {
  return new DataLoader<BeforeQuestion, BeforeAnswer>(
    async (questions) => {
      const byChange = new Map<number, number[]>();
      questions.forEach((q, i) => byChange.set(q.changeId, [...(byChange.get(q.changeId) ?? []), i]));
      const answers: BeforeAnswer[] = new Array(questions.length).fill(null);
      for (const [changeId, indexes] of byChange) {
        const found = await answersFor(db, changeId, indexes.map((i) => questions[i]!));
        indexes.forEach((index, j) => (answers[index] = found[j]!));
      }
      return answers;
    },
    { cache: false },
  );
}
