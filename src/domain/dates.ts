// EDTF dates from input, parsed by the same code as the seed loader; a bad one
// refuses the write with INVALID_DATE at its field.
import { FuzzyDateError, fuzzyDateToColumns, parseFuzzyDate, type FuzzyDate } from '../dates/fuzzy-date.js';
import { refuse } from './errors.js';

export function fuzzyDateInput(value: string, note: string | null | undefined, field: string[]): FuzzyDate {
  try {
    return parseFuzzyDate(value, note ?? null);
  } catch (error) {
    if (error instanceof FuzzyDateError) refuse('INVALID_DATE', error.message, field);
    throw error;
  }
}

/** The stored columns of a date given in input, under a column prefix (date, start, end, published). */
export function dateColumns<P extends string>(prefix: P, value: string | null | undefined, note: string | null | undefined, field: string[]) {
  return fuzzyDateToColumns(prefix, value == null ? null : fuzzyDateInput(value, note, field));
}
