// Whether items are in timeline filters' timelines, and where: many (filter,
// item) questions in one SQL statement, each the timeline's own page query
// narrowed to the one item. A Change seen by subscribers of many filters is
// matched in a statement or two, not one per filter.
import DataLoader from 'dataloader';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { selectRows } from '../db/rows.js';
import { timelinePageQuery, type TimelineKey, type TimelineScope } from '../loaders/timeline.js';

export interface MembershipQuestion {
  scope: TimelineScope;
  type: 0 | 1;
  id: number;
}

/** Questions a statement: the statement grows with each, and Postgres plans it whole. */
const CHUNK = 100;
const ONE_ROW = { size: 1, backward: false, after: null, before: null };

/** For each question, the item's key in the filter's timeline, or null when it is not in it. */
export async function timelineKeys(db: Database, questions: readonly MembershipQuestion[]): Promise<(TimelineKey | null)[]> {
  const keys: (TimelineKey | null)[] = questions.map(() => null);
  const chunks: SQL[] = [];
  for (let start = 0; start < questions.length; start += CHUNK) {
    const parts = questions.slice(start, start + CHUNK).flatMap(({ scope, type, id }, i) => {
      const page = timelinePageQuery({ ...scope, only: { type, id } }, ONE_ROW, false);
      return page ? [sql`SELECT ${start + i} AS q, t.* FROM (${page}) t`] : [];
    });
    if (parts.length) chunks.push(sql.join(parts, sql` UNION ALL `));
  }
  const results = await Promise.all(chunks.map((chunk) => selectRows<{ q: number; type: number; id: number; day: string; rank: number }>(db, chunk)));
  for (const r of results.flat()) keys[Number(r.q)] = { day: r.day, rank: Number(r.rank), type: Number(r.type) as 0 | 1, id: Number(r.id) };
  return keys;
}

/** Questions asked in one turn of the event loop (every subscriber woken by a Change), answered together. */
export function membershipLoader(db: Database): DataLoader<MembershipQuestion, TimelineKey | null> {
  return new DataLoader((questions) => timelineKeys(db, questions), { cache: false, maxBatchSize: 1_000 });
}
