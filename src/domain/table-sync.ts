// Brings one table in line with the rows a document set wants, writing only
// what differs: applying the same set again issues no writes at all (no new
// ids, no sequence gaps, no dead tuples).
import { and, eq, getTableColumns, getTableName, isNull, or, sql, type SQL } from 'drizzle-orm';
import { CasingCache } from 'drizzle-orm/casing';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type Row = Record<string, unknown>;

export interface TableCount {
  /** Rows the set holds for this table. */
  rows: number;
  inserted: number;
  updated: number;
  deleted: number;
}

export interface SyncSpec {
  table: PgTable;
  /** Column keys of the natural key: a unique constraint or the primary key. */
  key: readonly string[];
  rows: Row[];
  /** Which existing rows to compare against; null when the set owns none yet. */
  scope: SQL | undefined;
  /** Existing rows in scope that the set owns: deleted when absent from `rows`. */
  owned?: (row: Row) => boolean;
}

/** Told every row the sync is about to change (to refuse it) and every row it changed (to record it). */
export interface SyncAudit {
  /** Throws, or notes for later, to refuse changing an existing row (another author's edit the set would undo). */
  check(table: PgTable, existing: Row, operation: 'UPDATE' | 'DELETE'): void;
  written(table: PgTable, before: Row | null, after: Row | null): Promise<void>;
}

export interface SyncResult {
  count: TableCount;
  /** Every row of the set as stored (with ids), by `keyOf`. */
  byKey: Map<string, Row>;
}

// Parameters per statement stay well under Postgres' limit of 65535.
const CHUNK = 500;
const casing = new CasingCache('snake_case');

export function keyOf(row: Row, key: readonly string[]): string {
  return JSON.stringify(key.map((k) => row[k] ?? null));
}

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

function differs(wanted: Row, stored: Row): boolean {
  return Object.keys(wanted).some((k) => (wanted[k] ?? null) !== (stored[k] ?? null));
}

function matchKey(columns: Record<string, PgColumn>, key: readonly string[], row: Row): SQL | undefined {
  return and(...key.map((k) => (row[k] === null ? isNull(columns[k]!) : eq(columns[k]!, row[k]))));
}

export async function syncTable(tx: Tx, spec: SyncSpec, audit?: SyncAudit): Promise<SyncResult> {
  const { table, key } = spec;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const wanted = new Map<string, Row>();
  for (const row of spec.rows) if (!wanted.has(keyOf(row, key))) wanted.set(keyOf(row, key), row);

  const existing = spec.scope ? ((await tx.select().from(table).where(spec.scope)) as Row[]) : [];
  const stored = new Map(existing.map((row) => [keyOf(row, key), row]));
  const changed = [...wanted].filter(([k, row]) => !stored.has(k) || differs(row, stored.get(k)!)).map(([, row]) => row);
  const before = new Map(existing.map((row) => [keyOf(row, key), row]));
  const stale = existing.filter((row) => spec.owned?.(row) && !wanted.has(keyOf(row, key)));
  for (const row of changed) if (before.has(keyOf(row, key))) audit?.check(table, before.get(keyOf(row, key))!, 'UPDATE');
  for (const row of stale) audit?.check(table, row, 'DELETE');
  // An entity the set changes gets a new version, as an update through the API does.
  const versioned = 'version' in columns;
  const toWrite = changed.map((row) => (versioned ? { ...row, version: Number(before.get(keyOf(row, key))?.version ?? 0) + 1 } : row));
  const inserted = toWrite.filter((row) => !stored.has(keyOf(row, key))).length;

  const updatable = Object.keys(toWrite[0] ?? spec.rows[0] ?? {}).filter((k) => !key.includes(k));
  const target = key.map((k) => columns[k]!);
  const set = Object.fromEntries(updatable.map((k) => [k, sql.raw(`excluded."${casing.getColumnCasing(columns[k]!)}"`)]));
  for (const batch of chunks(toWrite)) {
    const insert = tx.insert(table).values(batch);
    const written = (await (updatable.length
      ? insert.onConflictDoUpdate({ target, set })
      : insert.onConflictDoNothing({ target })
    ).returning()) as Row[];
    for (const row of written) {
      stored.set(keyOf(row, key), row);
      await audit?.written(table, before.get(keyOf(row, key)) ?? null, row);
    }
  }

  for (const row of stale) await audit?.written(table, row, null);
  for (const batch of chunks(stale)) {
    await tx.delete(table).where(or(...batch.map((row) => matchKey(columns, key, row))));
  }

  const byKey = new Map([...wanted.keys()].map((k) => [k, stored.get(k)!]));
  if ([...byKey.values()].some((row) => row === undefined)) {
    throw new Error(`Syncing ${getTableName(table)}: a written row was not returned.`);
  }
  return { count: { rows: wanted.size, inserted, updated: toWrite.length - inserted, deleted: stale.length }, byKey };
}
