// Relay pagination arguments -> a validated plan. Pages default to 20 items and
// may not exceed 100: a bigger request is an error, never a silent clamp.
import { userError } from '../errors.js';
import { decodeCursor, type CursorValues } from './cursor.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface PagePlan {
  /** Items to return; one more is fetched to learn whether another page exists. */
  size: number;
  /** True for last/before: the query runs in reverse and the rows are flipped back. */
  backward: boolean;
  after: CursorValues | null;
  before: CursorValues | null;
}

function checkSize(name: 'first' | 'last', value: number | null | undefined): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw userError('INVALID_PAGINATION', `${name} must be between 0 and ${MAX_PAGE_SIZE}, got ${value}.`, {
      argumentName: name,
      maximum: MAX_PAGE_SIZE,
    });
  }
}

/** `cursorKind` names the list a cursor belongs to, so a cursor from another list is refused. */
export function planPage(args: PageArgs, cursorKind: string): PagePlan {
  checkSize('first', args.first);
  checkSize('last', args.last);
  if (args.first != null && args.last != null) {
    throw userError('INVALID_PAGINATION', 'Pass first or last, not both.', { argumentName: 'last' });
  }
  const backward = args.last != null;
  return {
    size: (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE,
    backward,
    after: args.after != null ? decodeCursor(args.after, cursorKind, 'after') : null,
    before: args.before != null ? decodeCursor(args.before, cursorKind, 'before') : null,
  };
}
