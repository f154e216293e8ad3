// FuzzyDate: a date as precise as its source, on the edtf library. Stored as
// EDTF text plus earliest/latest day and precision so ranges can be indexed.
// When a source gives only bounds ("by the interview", "on or before 13 October")
// the date is an EDTF interval (2025-12/2026-01, ../2025-10-13): it spans the
// earliest day of its lower end to the latest day of its upper end, so it sorts
// by that earliest day and overlaps every range that touches any part of it.
import edtf, { type EdtfDate } from 'edtf';
import { DATE_PRECISIONS, type DatePrecision } from '../db/schema.js';

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

/** One EDTF date (not an interval): a day, month, year or decade, qualified whole or in its year alone. */
function parseSingleDate(input: string, whole: string): FuzzyDate {
  // Four-digit years only: the sources are modern, and signed or five-digit years break ISO days.
  if (!/^\d{3}[\dX]/.test(input)) throw new FuzzyDateError(`"${whole}" is not a valid EDTF date (expected e.g. 2025-11-12, 2025-12, 2023, 202X, 2026-01?, 2025-12/2026-01).`);
  const parsed = parseEdtf(input);
  const date: FuzzyDate = {
    edtf: input,
    precision: precisionOf(parsed, input),
    approximate: parsed.approximate.value !== 0,
    uncertain: parsed.uncertain.value !== 0,
    earliest: isoDay(parsed.min),
    latest: isoDay(parsed.max),
    note: null,
  };
  // Postgres dates start at year 1 (there is no year 0 in its calendar).
  if (date.earliest < '0001-01-01') throw new FuzzyDateError(`"${whole}" is before year 1, the earliest date that can be stored.`);
  // edtf rolls 2025-02-29 over to 1 March; a day must name itself.
  if (date.precision === 'DAY' && !input.startsWith(date.earliest)) {
    throw new FuzzyDateError(`"${whole}" is not a day of the calendar.`);
  }
  return date;
}

/** The first and last days a stored date can take: what an open interval bound (`..`) stands for. */
export const OPEN_START = '0001-01-01';
export const OPEN_END = '9999-12-31';

/** A date known only to lie between two dates, or on one side of one: 2025-12/2026-01, ../2025-10-13, 2025-12/.. */
function parseInterval(input: string): FuzzyDate {
  const parts = input.split('/');
  if (parts.length !== 2) throw new FuzzyDateError(`"${input}" is not a valid EDTF interval (expected e.g. 2025-12/2026-01 or ../2026-01).`);
  const [lower, upper] = parts.map((part) => (part === '..' ? null : parseSingleDate(part, input)));
  if (!lower && !upper) throw new FuzzyDateError(`"${input}": an interval needs at least one known end.`);
  if (lower && upper && upper.latest < lower.earliest) throw new FuzzyDateError(`"${input}": the interval ends before it starts.`);
  // The coarser end sets the precision (a month to a year is known to the year); an open end has none of its own.
  const ends = [lower, upper].filter((end): end is FuzzyDate => end !== null);
  const precision = DATE_PRECISIONS[Math.min(...ends.map((end) => DATE_PRECISIONS.indexOf(end.precision)))]!;
  return {
    edtf: input,
    precision,
    approximate: ends.some((end) => end.approximate),
    uncertain: ends.some((end) => end.uncertain),
    earliest: lower?.earliest ?? OPEN_START,
    latest: upper?.latest ?? OPEN_END,
    note: null,
  };
}

export function parseFuzzyDate(input: string, note: string | null = null): FuzzyDate {
  const trimmed = input.trim();
  const date = trimmed.includes('/') ? parseInterval(trimmed) : parseSingleDate(trimmed, trimmed);
  return { ...date, note };
}

/** A range boundary from user input: EDTF or ISO; `from` takes its earliest day, `to` its latest. */
export function parseDateBound(input: string, bound: 'from' | 'to'): string {
  const date = parseFuzzyDate(input);
  return bound === 'from' ? date.earliest : date.latest;
}

/** One EDTF date for people; a `?`, `~` or `%` on the year alone is said of the year. */
function displaySingle(edtfText: string, precision: DatePrecision): string {
  const plain = edtfText.replace(/[~?%]/g, '');
  const base =
    precision === 'DECADE' ? `${plain.slice(0, 3)}0s` : parseEdtf(plain).format('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  const yearOnly = /^\d{4}([~?%])-/.exec(edtfText)?.[1];
  if (yearOnly) return `${base} (year ${{ '?': 'uncertain', '~': 'approximate', '%': 'approximate and uncertain' }[yearOnly]})`;
  const approximate = /[~%]$/.test(edtfText);
  const uncertain = /[?%]$/.test(edtfText);
  return `${approximate ? 'c. ' : ''}${base}${uncertain ? '?' : ''}`;
}

/**
 * '12 November 2025', 'December 2025', 'c. January 2026', 'January 2026?', '2020s',
 * 'December 2025 (year uncertain)', 'December 2025 – January 2026', 'on or before 13 October 2025'.
 */
export function displayFuzzyDate(date: FuzzyDate): string {
  if (!date.edtf.includes('/')) return displaySingle(date.edtf, date.precision);
  const [lower, upper] = date.edtf.split('/').map((part) => (part === '..' ? null : parseSingleDate(part, date.edtf)));
  const shown = (end: FuzzyDate) => displaySingle(end.edtf, end.precision);
  if (!lower) return `on or before ${shown(upper!)}`;
  if (!upper) return `on or after ${shown(lower)}`;
  return `${shown(lower)} – ${shown(upper)}`;
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
    // Anywhere in the text: a qualifier may sit on the year alone (2025?-12) or on either end of an interval.
    approximate: /[~%]/.test(columns.edtf),
    uncertain: /[?%]/.test(columns.edtf),
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
