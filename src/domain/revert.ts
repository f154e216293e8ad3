// Reverting a change restores the state before it of every row it touched,
// newest entry first, as a new change pointing to it. Refused when a later
// change touched the same rows (revert that one first), unless that later
// change and its own revert cancel out. Reverting a revert re-applies the original.
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { changeEntries, changes } from '../db/schema.js';
import { whereKey, type ChangeLog, type Row } from './change-log.js';
import { refuse } from './errors.js';
import type { Viewer } from './keys.js';
import { referrersOf, rowKeyString, trackedTableNamed, type TrackedTable } from './tracked-tables.js';

export async function revertChange(log: ChangeLog, viewer: Viewer, changeId: number): Promise<number> {
  const tx = log.tx;
  const [change] = await tx.select().from(changes).where(eq(changes.id, changeId)).for('update');
  if (!change) refuse('NOT_FOUND', 'No change has this ID.', ['change']);
  if (viewer.role !== 'ADMIN' && change.author !== viewer.name) {
    refuse('FORBIDDEN', `Only an ADMIN key may revert another key's change (this one was made by "${change.author}").`, ['change']);
  }
  const [revertedBy] = await tx.select({ id: changes.id }).from(changes).where(eq(changes.revertsId, changeId));
  if (revertedBy) {
    const [reapplied] = await tx.select({ id: changes.id }).from(changes).where(eq(changes.revertsId, revertedBy.id));
    refuse(
      'CONFLICT',
      reapplied
        ? `The change is in effect again through change ${reapplied.id}, which reverted its revert; revert change ${reapplied.id} to undo it.`
        : `The change was reverted already (by change ${revertedBy.id}); revert that one to re-apply it.`,
      ['change'],
    );
  }

  const entries = await tx.select().from(changeEntries).where(eq(changeEntries.changeId, changeId)).orderBy(asc(changeEntries.position));
  await refuseIfOverwritten(log, changeId, entries);
  await refuseIfPointedTo(log, entries);

  for (const entry of [...entries].reverse()) {
    const tracked = trackedTableNamed(entry.tableName);
    const key = entry.rowKey as Row;
    const before = entry.before as Row;
    if (entry.operation === 'CREATE') {
      await log.delete(tracked.table, whereKey(tracked, key));
    } else if (entry.operation === 'DELETE') {
      // A restored entity gets a version it never had, so an edit read before the delete cannot pass as current.
      await log.insert(tracked.table, tracked.entity ? { ...before, version: Number(before.version) + 1 } : before);
    } else {
      const version = tracked.entity ? await currentVersion(log, tracked, key) : null;
      await log.update(tracked.table, whereKey(tracked, key), version == null ? before : { ...before, version: version + 1 });
    }
  }
  return changeId;
}

type EntryRow = typeof changeEntries.$inferSelect;

/**
 * CONFLICT when a later change that is still in effect touched the same rows.
 * A change is in effect unless a revert that is itself in effect undid it; a
 * revert of a later change undoes that change's effect and blocks nothing.
 */
async function refuseIfOverwritten(log: ChangeLog, changeId: number, entries: EntryRow[]): Promise<void> {
  if (!entries.length) return;
  const tx = log.tx;
  const rows = entries.map((e) => and(eq(changeEntries.tableName, e.tableName), sql`${changeEntries.rowKey} = ${JSON.stringify(e.rowKey)}::jsonb`));
  const later = await tx
    .selectDistinct({ id: changes.id, revertsId: changes.revertsId })
    .from(changeEntries)
    .innerJoin(changes, eq(changes.id, changeEntries.changeId))
    .where(and(gt(changeEntries.changeId, changeId), or(...rows)));
  if (!later.length) return;
  const reverts = await tx.select({ id: changes.id, revertsId: changes.revertsId }).from(changes).where(gt(changes.revertsId, changeId));
  const reverter = new Map(reverts.map((r) => [r.revertsId!, r.id]));
  const inEffect = (id: number): boolean => {
    const by = reverter.get(id);
    return by === undefined || !inEffect(by);
  };
  const laterIds = new Set(later.map((c) => c.id));
  const blocking = later.filter((c) => inEffect(c.id) && !(c.revertsId != null && laterIds.has(c.revertsId))).map((c) => c.id);
  if (blocking.length) {
    refuse('CONFLICT', `Later changes touched the same records (${blocking.join(', ')}); revert them first, newest first.`, ['change']);
  }
}

/** CONFLICT when a record the change created is pointed to by a row it did not create (a later statement quoting it, say). */
async function refuseIfPointedTo(log: ChangeLog, entries: EntryRow[]): Promise<void> {
  const creates = entries.filter((e) => e.operation === 'CREATE');
  const created = new Set(creates.map((e) => rowKeyString(trackedTableNamed(e.tableName), e.rowKey as Row)));
  // Ids created, by table: one query per table and referring column, however many rows the change made.
  const idsByTable = new Map<string, number[]>();
  for (const entry of creates) {
    const id = (entry.rowKey as Row).id;
    if (typeof id === 'number') idsByTable.set(entry.tableName, [...(idsByTable.get(entry.tableName) ?? []), id]);
  }
  const users: string[] = [];
  for (const [tableName, ids] of idsByTable) {
    for (const referrer of referrersOf(trackedTableNamed(tableName).table)) {
      const column = (referrer.tracked.table as unknown as Record<string, PgColumn>)[referrer.prop]!;
      const rows = (await log.tx.select().from(referrer.tracked.table).where(inArray(column, ids))) as Row[];
      for (const row of rows) {
        if (!created.has(rowKeyString(referrer.tracked, row))) {
          users.push(`${referrer.tracked.name} ${JSON.stringify(Object.fromEntries(referrer.tracked.keyProps.map((prop) => [prop, row[prop]])))}`);
        }
      }
    }
  }
  if (users.length) {
    refuse('CONFLICT', `Records made since point to what this change created: ${users.slice(0, 10).join(', ')}; remove or revert them first.`, ['change']);
  }
}

async function currentVersion(log: ChangeLog, tracked: TrackedTable, key: Row): Promise<number | null> {
  const [row] = (await log.tx.select().from(tracked.table).where(whereKey(tracked, key))) as Row[];
  return row ? Number(row.version) : null;
}
