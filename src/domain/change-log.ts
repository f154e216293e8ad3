// Every write goes through a ChangeLog: it inserts, updates and deletes rows of
// the tracked tables and remembers each row's state before and after, then
// records them as one Change in the same transaction. Nothing else writes
// those tables outside the seed loader.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import { changeEntries, changes, type ChangeOperation } from '../db/schema.js';
import { trackedTable, type TrackedTable } from './tracked-tables.js';

export type Row = Record<string, unknown>;

/** The NOTIFY channel every committed Change is announced on, with its id as the payload. */
export const CHANGE_CHANNEL = 'claimline_changes';

/**
 * Held from the moment a Change takes its id until its transaction ends, so
 * Change ids follow commit order: a reader that has seen Change n has seen
 * every committed Change before it, which live updates and their resumption rely on.
 */
const CHANGE_ORDER_LOCK = 7_311_013;
/** Change entries written a statement (9 parameters each). */
const ENTRY_BATCH = 1_000;

export interface Entry {
  operation: ChangeOperation;
  tracked: TrackedTable;
  /** The entity the row is or belongs to. */
  nodeId: number;
  rowKey: Row;
  before: Row | null;
  after: Row | null;
}

export interface RecordedChange {
  id: number;
  at: Date;
  author: string;
  mutation: string;
}

function stored(tracked: TrackedTable, row: Row): Row {
  return Object.fromEntries(tracked.storedProps.map((prop) => [prop, row[prop] instanceof Date ? (row[prop] as Date).toISOString() : (row[prop] ?? null)]));
}

function keyOf(tracked: TrackedTable, row: Row): Row {
  return Object.fromEntries(tracked.keyProps.map((prop) => [prop, row[prop]]));
}

/** WHERE matching one row by its primary key. */
export function whereKey(tracked: TrackedTable, key: Row): SQL {
  const columns = tracked.table as unknown as Record<string, Parameters<typeof eq>[0]>;
  return and(...tracked.keyProps.map((prop) => eq(columns[prop]!, key[prop])))!;
}

export class ChangeLog {
  readonly entries: Entry[] = [];

  constructor(readonly tx: Database) {}

  /** Read while the rows it needs still exist: before a delete, after an insert. */
  private async ownerOf(tracked: TrackedTable, row: Row): Promise<number> {
    return tracked.ownerOf ? tracked.ownerOf(this.tx, row) : Number(row[tracked.ownerKey]);
  }

  async insert(table: PgTable, values: Row | Row[]): Promise<Row[]> {
    const list = Array.isArray(values) ? values : [values];
    if (!list.length) return [];
    const tracked = trackedTable(table);
    const rows = (await this.tx.insert(table).values(list).returning()) as Row[];
    for (const row of rows) {
      this.entries.push({ operation: 'CREATE', tracked, nodeId: await this.ownerOf(tracked, row), rowKey: keyOf(tracked, row), before: null, after: stored(tracked, row) });
    }
    return rows;
  }

  /** Updates the rows `where` selects; returns them as they are after. */
  async update(table: PgTable, where: SQL, set: Row): Promise<Row[]> {
    const tracked = trackedTable(table);
    const before = (await this.tx.select().from(table).where(where).for('update')) as Row[];
    if (!before.length) return [];
    const after = (await this.tx.update(table).set(set).where(where).returning()) as Row[];
    const beforeByKey = new Map(before.map((row) => [JSON.stringify(keyOf(tracked, row)), row]));
    for (const row of after) {
      const rowKey = keyOf(tracked, row);
      const old = beforeByKey.get(JSON.stringify(rowKey));
      this.entries.push({ operation: 'UPDATE', tracked, nodeId: await this.ownerOf(tracked, row), rowKey, before: old ? stored(tracked, old) : null, after: stored(tracked, row) });
    }
    return after;
  }

  async delete(table: PgTable, where: SQL): Promise<Row[]> {
    const tracked = trackedTable(table);
    const doomed = (await this.tx.select().from(table).where(where).for('update')) as Row[];
    const owners = await Promise.all(doomed.map((row) => this.ownerOf(tracked, row)));
    const rows = (await this.tx.delete(table).where(where).returning()) as Row[];
    const ownerByKey = new Map(doomed.map((row, i) => [JSON.stringify(keyOf(tracked, row)), owners[i]!]));
    for (const row of rows) {
      const rowKey = keyOf(tracked, row);
      this.entries.push({ operation: 'DELETE', tracked, nodeId: ownerByKey.get(JSON.stringify(rowKey)) ?? (await this.ownerOf(tracked, row)), rowKey, before: stored(tracked, row), after: null });
    }
    return rows;
  }

  /** Records a row written by other means (the seed loader's sync), as insert/update/delete would. */
  async note(table: PgTable, before: Row | null, after: Row | null): Promise<void> {
    const tracked = trackedTable(table);
    const row = (after ?? before)!;
    const operation: ChangeOperation = before && after ? 'UPDATE' : after ? 'CREATE' : 'DELETE';
    this.entries.push({
      operation,
      tracked,
      nodeId: await this.ownerOf(tracked, row),
      rowKey: keyOf(tracked, row),
      before: before ? stored(tracked, before) : null,
      after: after ? stored(tracked, after) : null,
    });
  }

  /** Writes the Change and its entries; null when nothing was written. */
  async record(author: string, mutation: string, revertsId: number | null = null): Promise<RecordedChange | null> {
    if (!this.entries.length) return null;
    await this.tx.execute(sql`SELECT pg_advisory_xact_lock(${CHANGE_ORDER_LOCK})`);
    const [change] = await this.tx.insert(changes).values({ author, mutation, revertsId }).returning();
    const rows = this.entries.map((entry, position) => ({
      changeId: change!.id,
      position,
      operation: entry.operation,
      tableName: entry.tracked.name,
      rowKey: entry.rowKey,
      nodeType: entry.tracked.nodeType,
      nodeId: entry.nodeId,
      before: entry.before,
      after: entry.after,
    }));
    // In batches: a seed of a large dump notes tens of thousands of entries, past
    // Postgres's 65,535 parameters a statement (and drizzle's stack when building it).
    for (let i = 0; i < rows.length; i += ENTRY_BATCH) await this.tx.insert(changeEntries).values(rows.slice(i, i + ENTRY_BATCH));
    // Delivered only if and when the transaction commits; listeners load the rest by id.
    await this.tx.execute(sql`SELECT pg_notify(${CHANGE_CHANNEL}, ${String(change!.id)})`);
    return { id: change!.id, at: change!.at, author: change!.author, mutation: change!.mutation };
  }
}
