// FuzzyDate: a date as precise as its source, on the edtf library. Stored as
// EDTF text plus earliest/latest day and precision so ranges can be indexed.
import edtf, { type EdtfDate } from 'edtf';
import type { DatePrecision } from '../db/schema.js';

export interface FuzzyDate {
  edtf: string;
  precision: DatePrecision;
  approximate: boolean;
  uncertain: boolean;
  /** yyyy-mm-dd */
  earliest: string;
  /** yyyy-mm-dd */
  latest: string;
  /** How an inferred date was reasoned, when it was. */
  note: string | null;
}

export class FuzzyDateError extends Error {
  override name = 'FuzzyDateError';
}

const PRECISION_BY_LEVEL: Record<number, DatePrecision> = { 1: 'YEAR', 2: 'MONTH', 3: 'DAY' };

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function parseEdtf(input: string): EdtfDate {
  let parsed: EdtfDate;
  try {
    parsed = edtf(input, { types: ['Date', 'Year'] });
  } catch {
    throw new FuzzyDateError(`"${input}" is not a valid EDTF date (expected e.g. 2025-11-12, 2025-12, 2023, 202X, 2026-01?).`);
  }
  if (parsed.type !== 'Date' && parsed.type !== 'Year') {
    throw new FuzzyDateError(`"${input}" is an EDTF ${parsed.type}; a single date is expected.`);
  }
  return parsed;
}

/** Precision as the contract names it: a year with its last digit unspecified (202X) is a DECADE. */
function precisionOf(parsed: EdtfDate, input: string): DatePrecision {
  if (/^\d{3}X$/.test(input.replace(/[~?%]$/, ''))) return 'DECADE';
  const precision = PRECISION_BY_LEVEL[parsed.precision];
  if (!precision || parsed.unspecified.value !== 0) {
    throw new FuzzyDateError(`"${input}": only day, month, year and decade (202X) precision are supported.`);
  }
  return precision;
}

export function parseFuzzyDate(input: string, note: string | null = null): FuzzyDate {
  const trimmed = input.trim();
  // Four-digit years only: the sources are modern, and signed or five-digit years break ISO days.
  if (!/^\d{3}[\dX]/.test(trimmed)) throw new FuzzyDateError(`"${input}" is not a valid EDTF date (expected e.g. 2025-11-12, 2025-12, 2023, 202X, 2026-01?).`);
  const parsed = parseEdtf(trimmed);
  const date: FuzzyDate = {
    edtf: trimmed,
    precision: precisionOf(parsed, trimmed),
    approximate: parsed.approximate.value !== 0,
    uncertain: parsed.uncertain.value !== 0,
    earliest: isoDay(parsed.min),
    latest: isoDay(parsed.max),
    note,
  };
  // Postgres dates start at year 1 (there is no year 0 in its calendar).
  if (date.earliest < '0001-01-01') throw new FuzzyDateError(`"${input}" is before year 1, the earliest date that can be stored.`);
  // edtf rolls 2025-02-29 over to 1 March; a day must name itself.
  if (date.precision === 'DAY' && !trimmed.startsWith(date.earliest)) {
    throw new FuzzyDateError(`"${input}" is not a day of the calendar.`);
  }
  return date;
}

/** A range boundary from user input: EDTF or ISO; `from` takes its earliest day, `to` its latest. */
export function parseDateBound(input: string, bound: 'from' | 'to'): string {
  const date = parseFuzzyDate(input);
  return bound === 'from' ? date.earliest : date.latest;
}

/** '12 November 2025', 'December 2025', 'c. January 2026', 'January 2026?', '2020s'. */
export function displayFuzzyDate(date: FuzzyDate): string {
  const plain = date.edtf.replace(/[~?%]/g, '');
  const base =
    date.precision === 'DECADE'
      ? `${plain.slice(0, 3)}0s`
      : parseEdtf(plain).format('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  return `${date.approximate ? 'c. ' : ''}${base}${date.uncertain ? '?' : ''}`;
}

/** Row columns of one stored FuzzyDate, as drizzle returns them. */
export interface FuzzyDateColumns {
  edtf: string | null;
  earliest: string | null;
  latest: string | null;
  precision: DatePrecision | null;
  note: string | null;
}

/** Rebuilds a FuzzyDate from its stored columns (approximate/uncertain come from the EDTF text). */
export function fuzzyDateFromColumns(columns: FuzzyDateColumns): FuzzyDate | null {
  if (!columns.edtf || !columns.earliest || !columns.latest || !columns.precision) return null;
  return {
    edtf: columns.edtf,
    precision: columns.precision,
    approximate: /[~%]$/.test(columns.edtf),
    uncertain: /[?%]$/.test(columns.edtf),
    earliest: columns.earliest,
    latest: columns.latest,
    note: columns.note,
  };
}

/** The column values to store for a FuzzyDate under a drizzle column prefix. */
export function fuzzyDateToColumns<P extends string>(prefix: P, date: FuzzyDate | null) {
  return {
    [`${prefix}Edtf`]: date?.edtf ?? null,
    [`${prefix}Earliest`]: date?.earliest ?? null,
    [`${prefix}Latest`]: date?.latest ?? null,
    [`${prefix}Precision`]: date?.precision ?? null,
    [`${prefix}Note`]: date?.note ?? null,
  } as Record<`${P}Edtf` | `${P}Earliest` | `${P}Latest` | `${P}Note`, string | null> &
    Record<`${P}Precision`, DatePrecision | null>;
}

/** Picks one FuzzyDate's columns off a row by prefix. */
export function fuzzyDateOf<P extends string>(row: Record<string, unknown>, prefix: P): FuzzyDate | null {
  return fuzzyDateFromColumns({
    edtf: row[`${prefix}Edtf`] as string | null,
    earliest: row[`${prefix}Earliest`] as string | null,
    latest: row[`${prefix}Latest`] as string | null,
    precision: row[`${prefix}Precision`] as DatePrecision | null,
    note: row[`${prefix}Note`] as string | null,
  });
}
