// EDTF dates from input, parsed by the same code as the seed loader; a bad one
// refuses the write with INVALID_DATE at its field.
import { FuzzyDateError, fuzzyDateToColumns, parseFuzzyDate, type FuzzyDate } from '../dates/fuzzy-date.js';
import { z } from 'zod';
import { refuse } from './errors.js';
import { describe } from './input.js';

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

/**
 * An EDTF date in a document or seed file, read into a FuzzyDate; an unquoted
 * YAML year (2023) counts as its text. A bad date is an INVALID_DATE issue.
 */
export const EDTF_DATE = z
  .union([z.string().max(100, 'at most 100 characters'), z.int()], {
    error: (issue) => (issue.code === 'invalid_union' ? `must be an EDTF date string, got ${describe(issue.input)}` : undefined),
  })
  .transform((value, ctx) => {
    try {
      return parseFuzzyDate(String(value));
    } catch (error) {
      if (!(error instanceof FuzzyDateError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, params: { code: 'INVALID_DATE' } });
      return z.NEVER;
    }
  });

/** An exact day (2026-11-22), as editorial relations are dated. */
export function isExactDay(date: FuzzyDate): boolean {
  return date.precision === 'DAY' && !date.approximate && !date.uncertain;
}
