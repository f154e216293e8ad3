// Excerpts reach statements, events and claim appearances through link tables
// of one shape (parent id, excerpt id); one batch function serves all three.
import { asc, eq, sql } from 'drizzle-orm';
import { idArrayPlaceholder, preparedOnce } from './prepared-statements.js';
import type { Database } from '../db/client.js';
import { appearanceExcerpts, eventExcerpts, excerpts, statementExcerpts } from '../db/schema.js';
import { groupByKey } from './rows-by-id.js';

export type ExcerptRow = typeof excerpts.$inferSelect;

const LINKS = {
  statement: { table: statementExcerpts, parent: statementExcerpts.statementId, excerpt: statementExcerpts.excerptId },
  event: { table: eventExcerpts, parent: eventExcerpts.eventId, excerpt: eventExcerpts.excerptId },
  appearance: { table: appearanceExcerpts, parent: appearanceExcerpts.appearanceId, excerpt: appearanceExcerpts.excerptId },
};

/** Each parent's excerpts in text order (by source, then offset). */
export async function excerptsOf(db: Database, parent: keyof typeof LINKS, parentIds: readonly number[]): Promise<ExcerptRow[][]> {
  const link = LINKS[parent];
  const statement = preparedOnce(db, `excerpts-of:${parent}`, () =>
    db
      .select({ parent: link.parent, excerpt: excerpts })
      .from(link.table)
      .innerJoin(excerpts, eq(excerpts.id, link.excerpt))
      .where(sql`${link.parent} = ANY(${idArrayPlaceholder('ids')})`)
      .orderBy(asc(excerpts.sourceId), asc(excerpts.start), asc(excerpts.id))
      .prepare('excerpts-of'),
  );
  const rows = await statement.execute({ ids: [...parentIds] });
  return groupByKey(parentIds, rows, (r) => r.parent).map((list) => list.map((r) => r.excerpt));
}
