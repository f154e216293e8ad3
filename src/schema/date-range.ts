// `from`/`to` filter arguments: EDTF or ISO dates widened to whole days.
import { FuzzyDateError, parseDateBound } from '../dates/fuzzy-date.js';
import { userError } from '../errors.js';

export interface DayRange {
  from: string | null;
  to: string | null;
}

export function dateRange(from: string | null | undefined, to: string | null | undefined): DayRange {
  const range = { from: from != null ? bound(from, 'from') : null, to: to != null ? bound(to, 'to') : null };
  if (range.from && range.to && range.from > range.to) {
    throw userError('INVALID_DATE', `from (${from}) is after to (${to}).`, { argumentName: 'from' });
  }
  return range;
}

function bound(value: string, name: 'from' | 'to'): string {
  try {
    return parseDateBound(value, name);
  } catch (error) {
    if (error instanceof FuzzyDateError) throw userError('INVALID_DATE', `${name}: ${error.message}`, { argumentName: name });
    throw error;
  }
}
