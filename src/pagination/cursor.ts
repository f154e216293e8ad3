// Opaque, stable cursors: the sort key of the row they point at, tagged with the
// list they belong to. Encoding the key (never an offset) keeps them valid when
// rows are inserted between two page requests.
import { userError } from '../errors.js';

export type CursorValues = (string | number)[];

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
