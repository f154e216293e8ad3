// Link rows of a record (a statement's participants, an event's excerpts, a
// claim's topics): checked and written as whole lists through the ChangeLog.
import { inArray, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { whereKey, type ChangeLog, type Row } from './change-log.js';
import { refuse } from './errors.js';
import { trackedTable } from './tracked-tables.js';

/**
 * Makes the link rows of one owner exactly `rows`: rows whose key is new are
 * inserted, rows no longer listed deleted, rows whose other columns differ
 * updated. Every write goes through the ChangeLog, so it is recorded.
 */
export async function syncLinks(log: ChangeLog, table: PgTable, owner: SQL, rows: Row[]): Promise<void> {
  const tracked = trackedTable(table);
  const keyOf = (row: Row) => JSON.stringify(tracked.keyProps.map((prop) => row[prop]));
  const old = (await log.tx.select().from(table).where(owner)) as Row[];
  const wanted = new Map(rows.map((row) => [keyOf(row), row]));
  const doomed = old.filter((row) => !wanted.has(keyOf(row)));
  for (const row of doomed) await log.delete(table, whereKey(tracked, row));
  const oldByKey = new Map(old.map((row) => [keyOf(row), row]));
  const fresh: Row[] = [];
  for (const [key, row] of wanted) {
    const current = oldByKey.get(key);
    if (!current) fresh.push(row);
    else if (Object.keys(row).some((prop) => row[prop] !== current[prop])) await log.update(table, whereKey(tracked, current), row);
  }
  await log.insert(table, fresh);
}

/** Refuses an id listed twice in one list, at the later item. */
export function refuseRepeats<T>(items: T[], keyOf: (item: T) => string, field: (i: number) => string[], what: (item: T) => string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) refuse('INVALID_INPUT', `${what(item)} is listed twice.`, field(i));
    seen.add(key);
  });
}

/** NOT_FOUND at `field(i)` for the first id in `ids` that names no row of `table`. */
export async function refuseUnknown(log: ChangeLog, table: PgTable & { id: PgColumn }, ids: number[], typeName: string, field: (i: number) => string[]): Promise<void> {
  if (!ids.length) return;
  const found = new Set((await log.tx.select({ id: table.id }).from(table).where(inArray(table.id, ids))).map((row) => row.id as number));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) refuse('NOT_FOUND', `No ${typeName} has this ID.`, field(missing));
}

