// The seed loader's writes go on the audit trail like any other: one Change by
// author "seed". And the loader never silently undoes an edit made through the
// API: before it changes or deletes a row that a key's change touched, it stops
// with the list of such rows, and nothing is written.
import { getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { ne, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { changeEntries, changes } from '../db/schema.js';
import { ChangeLog } from '../domain/change-log.js';
import { rowKeyString, trackedTable, trackedTableNamed } from '../domain/tracked-tables.js';
import { SeedError } from './seed-error.js';
import type { SyncAudit } from './sync.js';

export const SEED_AUTHOR = 'seed';

type Row = Record<string, unknown>;

export class SeedAudit implements SyncAudit {
  private readonly log: ChangeLog;
  private readonly conflicts: string[] = [];

  private constructor(
    tx: Database,
    /** "table|rowKey" -> who last changed it through the API. */
    private readonly edited: Map<string, string>,
  ) {
    this.log = new ChangeLog(tx);
  }

  static async open(tx: Database): Promise<SeedAudit> {
    const rows = await tx
      .select({ table: changeEntries.tableName, rowKey: changeEntries.rowKey, author: changes.author, change: changes.id })
      .from(changeEntries)
      .innerJoin(changes, eq(changes.id, changeEntries.changeId))
      .where(ne(changes.author, SEED_AUTHOR));
    return new SeedAudit(tx, new Map(rows.map((r) => [rowKeyString(trackedTableNamed(r.table), r.rowKey as Row), `change ${r.change} by ${r.author}`])));
  }

  private keyOf(table: PgTable, row: Row): string {
    return rowKeyString(trackedTable(table), row);
  }

  check(table: PgTable, existing: Row, operation: 'UPDATE' | 'DELETE'): void {
    const by = this.edited.get(this.keyOf(table, existing));
    if (!by) return;
    const name = existing.slug ?? JSON.stringify(Object.fromEntries(trackedTable(table).keyProps.map((p) => [p, existing[p]])));
    this.conflicts.push(`${getTableName(table)} ${name}: the seed files would ${operation === 'UPDATE' ? 'overwrite' : 'delete'} it, but it was edited through the API (${by})`);
  }

  written(table: PgTable, before: Row | null, after: Row | null): Promise<void> {
    return this.log.note(table, before, after);
  }

  /** Refuses the whole seed when it would undo API edits; else records what it wrote as one Change. */
  async finish(): Promise<void> {
    if (this.conflicts.length) {
      throw new SeedError([
        'the database holds edits made through the API that these seed files would undo; revert those changes, or edit the seed files to match:',
        ...this.conflicts,
      ]);
    }
    await this.log.record(SEED_AUTHOR, 'seed');
  }
}
