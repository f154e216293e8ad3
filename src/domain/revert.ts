// Reverting a change restores the state before it of every row it touched,
// newest entry first, as a new change pointing to it. Refused when a later
// change touched the same rows (revert that one first), unless that later
// change and its own revert cancel out. Reverting a revert re-applies the original.
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { changeEntries, changes } from '../db/schema.js';
import { whereKey, type ChangeLog, type Row } from './change-log.js';
import { refuse } from './errors.js';
import type { Viewer } from './keys.js';
import { trackedTableNamed } from './tracked-tables.js';

export async function revertChange(log: ChangeLog, viewer: Viewer, changeId: number): Promise<number> {
  const tx = log.tx;
  const [change] = await tx.select().from(changes).where(eq(changes.id, changeId)).for('update');
  if (!change) refuse('NOT_FOUND', 'No change has this ID.', ['change']);
  if (viewer.role !== 'ADMIN' && change.author !== viewer.name) {
    refuse('FORBIDDEN', `Only an ADMIN key may revert another key's change (this one was made by "${change.author}").`, ['change']);
  }
  const [revertedBy] = await tx.select({ id: changes.id }).from(changes).where(eq(changes.revertsId, changeId));
  if (revertedBy) refuse('CONFLICT', `The change was reverted already (by change ${revertedBy.id}); revert that one to re-apply it.`, ['change']);

  const entries = await tx.select().from(changeEntries).where(eq(changeEntries.changeId, changeId)).orderBy(asc(changeEntries.position));
  const rows = entries.map((e) => or(and(eq(changeEntries.tableName, e.tableName), sql`${changeEntries.rowKey} = ${JSON.stringify(e.rowKey)}::jsonb`)));
  if (rows.length) {
    const later = await tx
      .selectDistinct({ id: changes.id, revertsId: changes.revertsId })
      .from(changeEntries)
      .innerJoin(changes, eq(changes.id, changeEntries.changeId))
      .where(and(gt(changeEntries.changeId, changeId), or(...rows)));
    const laterIds = new Set(later.map((c) => c.id));
    // A later change and its revert, both after this one, leave the rows as they were.
    const revertedLater = later.length
      ? await tx.select({ id: changes.id, revertsId: changes.revertsId }).from(changes).where(inArray(changes.revertsId, [...laterIds]))
      : [];
    const cancelled = new Set<number>();
    for (const pair of revertedLater) {
      if (laterIds.has(pair.id) && pair.revertsId != null) cancelled.add(pair.id).add(pair.revertsId);
    }
    const blocking = later.filter((c) => !cancelled.has(c.id)).map((c) => c.id);
    if (blocking.length) {
      refuse('CONFLICT', `Later changes touched the same records (${blocking.join(', ')}); revert them first, newest first.`, ['change']);
    }
  }

  for (const entry of [...entries].reverse()) {
    const tracked = trackedTableNamed(entry.tableName);
    const key = entry.rowKey as Row;
    if (entry.operation === 'CREATE') await log.delete(tracked.table, whereKey(tracked, key));
    else if (entry.operation === 'DELETE') await log.insert(tracked.table, entry.before as Row);
    else await log.update(tracked.table, whereKey(tracked, key), entry.before as Row);
  }
  return changeId;
}
