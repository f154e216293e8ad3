// The sort keys of the lists, in one place so every list of a type agrees.
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { binaryOrder } from '../db/schema.js';
import type { SortKey } from '../pagination/keyset.js';

/** Statements by date: earliest day, coarser precision first, then id. `alias` names the table or subquery. */
export function statementKey(alias: string, descending: boolean): SortKey {
  return datedKey(alias, 'date', descending);
}

/** Events by start date, the same way. */
export function eventKey(alias: string, descending: boolean): SortKey {
  return datedKey(alias, 'start', descending);
}

function datedKey(alias: string, prefix: string, descending: boolean): SortKey {
  return {
    columns: [
      { expr: sql.raw(`${alias}.${prefix}_earliest`), type: 'date' },
      { expr: sql.raw(`${alias}.${prefix}_rank`), type: 'integer' },
      { expr: sql.raw(`${alias}.id`), type: 'integer' },
    ],
    descending,
  };
}

/**
 * The same order read from columns that carry an item's earliest day, rank and
 * id elsewhere (an actor's participation rows): the same cursors.
 */
export function datedKeyOf(earliest: AnyColumn, rank: AnyColumn, id: AnyColumn): SortKey {
  return {
    columns: [
      { expr: sql`${earliest}`, type: 'date' },
      { expr: sql`${rank}`, type: 'integer' },
      { expr: sql`${id}`, type: 'integer' },
    ],
    descending: false,
  };
}

/** Claims in the order they were recorded. */
export function claimKey(id: SQL): SortKey {
  return { columns: [{ expr: id, type: 'integer' }], descending: false };
}

/** Actors, sources and topics by name (code point order, the same on every server), then id. */
export function nameKey(name: AnyColumn, id: AnyColumn): SortKey {
  return {
    columns: [
      { expr: binaryOrder(name as never), type: 'text' },
      { expr: sql`${id}`, type: 'integer' },
    ],
    descending: false,
  };
}
