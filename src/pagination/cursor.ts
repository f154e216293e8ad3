// Opaque, stable cursors: the sort key of the row they point at, tagged with the
// list they belong to. Encoding the key (never an offset) keeps them valid when
// rows are inserted between two page requests.
import { isIsoDay } from '../dates/iso-day.js';
import { userError } from '../errors.js';

export type CursorValues = (string | number)[];

/** The SQL type of a sort key column; a cursor value must fit it before it reaches SQL. */
export type KeyType = 'integer' | 'date' | 'text' | 'real';

/** Largest value of a Postgres integer (ids are serial). */
export const MAX_INTEGER = 2147483647;

export function isKeyValue(value: unknown, type: KeyType): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value) && Math.abs(value as number) <= MAX_INTEGER;
    case 'real':
      return typeof value === 'number' && Number.isFinite(value);
    case 'date':
      return isIsoDay(value);
    case 'text':
      return typeof value === 'string' && !value.includes('\0');
  }
}

export function encodeCursor(kind: string, values: CursorValues): string {
  return Buffer.from(JSON.stringify([kind, ...values])).toString('base64url');
}

export function decodeCursor(cursor: string, kind: string, argumentName: string): CursorValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== kind ||
    parsed.length < 2 ||
    !parsed.slice(1).every((v) => typeof v === 'string' || typeof v === 'number')
  ) {
    throw userError('INVALID_CURSOR', `${argumentName} is not a cursor of this list; use a cursor this list returned.`, {
      argumentName,
    });
  }
  return parsed.slice(1) as CursorValues;
}
