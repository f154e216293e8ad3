// A document set's writes go on the audit trail like any other: one Change by
// the author applying it. And applying a set never silently undoes an edit
// made by another author: before it changes or deletes a row such an edit
// touched, it notes the row, and at the end refuses the whole set.
import { getTableName, ne, eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import { changeEntries, changes } from '../db/schema.js';
import { ChangeLog } from './change-log.js';
import { rowKeyString, trackedTable, trackedTableNamed } from './tracked-tables.js';
import type { SyncAudit } from './table-sync.js';

type Row = Record<string, unknown>;

/** Who applies a set, as the Change records it. */
export interface DocumentSetAuthor {
  author: string;
  mutation: string;
}

/** A row the set would change although another author edited it last. */
export interface EditedRow {
  /** SQL table name. */
  table: string;
  /** The row's slug, or its key as JSON. */
  name: string;
  operation: 'UPDATE' | 'DELETE';
  /** "change 12 by editor". */
  by: string;
}

/** Refuses a whole document set that would undo other authors' edits; nothing is written. */
export class DocumentSetConflict extends Error {
  override name = 'DocumentSetConflict';

  constructor(readonly rows: EditedRow[]) {
    super(`The document set would undo ${rows.length} edit${rows.length === 1 ? '' : 's'} made by other authors.`);
  }
}

export class DocumentSetAudit implements SyncAudit {
  private readonly log: ChangeLog;
  private readonly conflicts: EditedRow[] = [];

  private constructor(
    tx: Database,
    private readonly as: DocumentSetAuthor,
    /** "table|rowKey" -> who last changed it, other than this author. */
    private readonly edited: Map<string, string>,
  ) {
    this.log = new ChangeLog(tx);
  }

  static async open(tx: Database, as: DocumentSetAuthor): Promise<DocumentSetAudit> {
    const rows = await tx
      .select({ table: changeEntries.tableName, rowKey: changeEntries.rowKey, author: changes.author, change: changes.id })
      .from(changeEntries)
      .innerJoin(changes, eq(changes.id, changeEntries.changeId))
      .where(ne(changes.author, as.author));
    return new DocumentSetAudit(tx, as, new Map(rows.map((r) => [rowKeyString(trackedTableNamed(r.table), r.rowKey as Row), `change ${r.change} by ${r.author}`])));
  }

  private keyOf(table: PgTable, row: Row): string {
    return rowKeyString(trackedTable(table), row);
  }

  check(table: PgTable, existing: Row, operation: 'UPDATE' | 'DELETE'): void {
    const by = this.edited.get(this.keyOf(table, existing));
    if (!by) return;
    const name = (existing.slug as string | undefined) ?? JSON.stringify(Object.fromEntries(trackedTable(table).keyProps.map((p) => [p, existing[p]])));
    this.conflicts.push({ table: getTableName(table), name, operation, by });
  }

  written(table: PgTable, before: Row | null, after: Row | null): Promise<void> {
    return this.log.note(table, before, after);
  }

  /** Refuses the whole set when it would undo other authors' edits; else records what it wrote as one Change. */
  async finish(): Promise<void> {
    if (this.conflicts.length) throw new DocumentSetConflict(this.conflicts);
    await this.log.record(this.as.author, this.as.mutation);
  }
}
