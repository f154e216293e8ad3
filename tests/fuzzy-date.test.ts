// FuzzyDate, the pure part: EDTF in, bounds, precision and display out.
import { describe, expect, it } from 'vitest';
import { displayFuzzyDate, FuzzyDateError, fuzzyDateFromColumns, parseDateBound, parseFuzzyDate } from '../src/dates/fuzzy-date.js';

describe('FuzzyDate', () => {
  it.each([
    ['2025-11-12', 'DAY', '2025-11-12', '2025-11-12', false, false, '12 November 2025'],
    ['2025-12', 'MONTH', '2025-12-01', '2025-12-31', false, false, 'December 2025'],
    ['2024-02-29', 'DAY', '2024-02-29', '2024-02-29', false, false, '29 February 2024'],
    ['2024-02', 'MONTH', '2024-02-01', '2024-02-29', false, false, 'February 2024'],
    ['2023', 'YEAR', '2023-01-01', '2023-12-31', false, false, '2023'],
    ['202X', 'DECADE', '2020-01-01', '2029-12-31', false, false, '2020s'],
    ['2026-01?', 'MONTH', '2026-01-01', '2026-01-31', false, true, 'January 2026?'],
    ['2026-01~', 'MONTH', '2026-01-01', '2026-01-31', true, false, 'c. January 2026'],
    ['2025-11-12%', 'DAY', '2025-11-12', '2025-11-12', true, true, 'c. 12 November 2025?'],
    ['2025?-12', 'MONTH', '2025-12-01', '2025-12-31', false, true, 'December 2025 (year uncertain)'],
    ['2025~-12', 'MONTH', '2025-12-01', '2025-12-31', true, false, 'December 2025 (year approximate)'],
  ])('%s is %s from %s to %s', (edtf, precision, earliest, latest, approximate, uncertain, display) => {
    const date = parseFuzzyDate(edtf);
    expect(date).toMatchObject({ edtf, precision, earliest, latest, approximate, uncertain });
    expect(displayFuzzyDate(date)).toBe(display);
  });

  it.each(['2025-13', '2025-02-30', '2025-02-29', '-0044', '12025', 'yesterday', '', '2025-21', '0000', '000X', '0000-01-01', '300000'])('refuses %j', (input) => {
    expect(() => parseFuzzyDate(input)).toThrow(FuzzyDateError);
  });

  // An interval: the date lies somewhere between its ends. It spans the earliest day of
  // its lower end to the latest day of its upper end; an open end (..) reaches the first
  // or last storable day. Its precision is that of the coarser end.
  it.each([
    ['2023/2024', 'YEAR', '2023-01-01', '2024-12-31', false, false, '2023 – 2024'],
    ['2025-12/2026-01', 'MONTH', '2025-12-01', '2026-01-31', false, false, 'December 2025 – January 2026'],
    ['2025-12/2026', 'YEAR', '2025-12-01', '2026-12-31', false, false, 'December 2025 – 2026'],
    ['2025-11-12/2025-12', 'MONTH', '2025-11-12', '2025-12-31', false, false, '12 November 2025 – December 2025'],
    ['2025?-12/2026?', 'YEAR', '2025-12-01', '2026-12-31', false, true, 'December 2025 (year uncertain) – 2026?'],
    ['2025-12~/2026-01', 'MONTH', '2025-12-01', '2026-01-31', true, false, 'c. December 2025 – January 2026'],
    ['../2025-10-13', 'DAY', '0001-01-01', '2025-10-13', false, false, 'on or before 13 October 2025'],
    ['../2026?', 'YEAR', '0001-01-01', '2026-12-31', false, true, 'on or before 2026?'],
    ['2025-12/..', 'MONTH', '2025-12-01', '9999-12-31', false, false, 'on or after December 2025'],
    ['2025-11-12/2025-11-12', 'DAY', '2025-11-12', '2025-11-12', false, false, '12 November 2025 – 12 November 2025'],
  ])('interval %s is %s from %s to %s', (edtf, precision, earliest, latest, approximate, uncertain, display) => {
    const date = parseFuzzyDate(edtf, 'basis');
    expect(date).toEqual({ edtf, precision, earliest, latest, approximate, uncertain, note: 'basis' });
    expect(displayFuzzyDate(date)).toBe(display);
  });

  it('reads the qualifiers of a stored interval or year-qualified date back from its text', () => {
    for (const edtf of ['2025?-12', '2025?-12/2026?', '2025-12~/2026-01', '../2026?', '2026-01?']) {
      const date = parseFuzzyDate(edtf);
      expect(fuzzyDateFromColumns({ ...date, note: null })).toEqual(date);
    }
  });

  it.each(['2026-01/2025-12', '../..', '2025/2026/2027', '/2026', '2026/', '2025-13/2026', '2025/yesterday', '-0044/2025', '0000/2025'])(
    'refuses the interval %j',
    (input) => {
      expect(() => parseFuzzyDate(input)).toThrow(FuzzyDateError);
    },
  );

  it('widens range bounds to whole days: from takes the first day, to the last', () => {
    expect(parseDateBound('2023', 'from')).toBe('2023-01-01');
    expect(parseDateBound('2023', 'to')).toBe('2023-12-31');
    expect(parseDateBound('2025-11-12', 'to')).toBe('2025-11-12');
    expect(parseDateBound('2025-12/2026-01', 'from')).toBe('2025-12-01');
    expect(parseDateBound('2025-12/2026-01', 'to')).toBe('2026-01-31');
  });
});
