// FuzzyDate, the pure part: EDTF in, bounds, precision and display out.
import { describe, expect, it } from 'vitest';
import { displayFuzzyDate, FuzzyDateError, parseDateBound, parseFuzzyDate } from '../src/dates/fuzzy-date.js';

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
  ])('%s is %s from %s to %s', (edtf, precision, earliest, latest, approximate, uncertain, display) => {
    const date = parseFuzzyDate(edtf);
    expect(date).toMatchObject({ edtf, precision, earliest, latest, approximate, uncertain });
    expect(displayFuzzyDate(date)).toBe(display);
  });

  it.each(['2025-13', '2025-02-30', '2025-02-29', '-0044', '12025', 'yesterday', '', '2023/2024', '2025-21', '0000', '000X', '0000-01-01', '300000'])('refuses %j', (input) => {
    expect(() => parseFuzzyDate(input)).toThrow(FuzzyDateError);
  });

  it('widens range bounds to whole days: from takes the first day, to the last', () => {
    expect(parseDateBound('2023', 'from')).toBe('2023-01-01');
    expect(parseDateBound('2023', 'to')).toBe('2023-12-31');
    expect(parseDateBound('2025-11-12', 'to')).toBe('2025-11-12');
  });
});
