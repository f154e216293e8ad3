import { displayFuzzyDate, type FuzzyDate } from '../dates/fuzzy-date.js';
import { DATE_PRECISIONS } from '../db/schema.js';
import { builder } from './builder.js';

export const DatePrecisionEnum = builder.enumType('DatePrecision', {
  description: 'How precise a date is: the source said a day, a month, a year or a decade.',
  values: DATE_PRECISIONS,
});

export const SortDirectionEnum = builder.enumType('SortDirection', {
  description: 'Order of a list.',
  values: { ASC: { description: 'Oldest or first first.' }, DESC: { description: 'Newest or last first.' } } as const,
});

export const FuzzyDateRef = builder.objectRef<FuzzyDate>('FuzzyDate').implement({
  description:
    "A date as precise as its source: '2025-11-12', '2025-12', '2023', '2026-01?', '2025?-12' (year inferred, month stated), or an interval when the source gives only bounds: '2025-12/2026-01', '../2025-10-13' (on or before).",
  fields: (t) => ({
    edtf: t.exposeString('edtf', { description: "EDTF (ISO 8601-2) string; '~' approximate, '?' uncertain, '%' both; 'a/b' an interval, '..' an open end." }),
    precision: t.expose('precision', { type: DatePrecisionEnum, description: 'The unit the source gives the date in; for an interval, that of its coarser end.' }),
    approximate: t.exposeBoolean('approximate', { description: 'The source gives the date, or a part or an end of it, as approximate (EDTF ~).' }),
    uncertain: t.exposeBoolean('uncertain', { description: 'The date, or a part or an end of it, is inferred or doubtful (EDTF ?).' }),
    earliest: t.expose('earliest', { type: 'Date', description: "First day the date can denote: '2025-12' -> 2025-12-01; '2025-12/2026-01' -> 2025-12-01; an open start ('../2026-01') -> 0001-01-01." }),
    latest: t.expose('latest', { type: 'Date', description: "Last day the date can denote: '2025-12' -> 2025-12-31; '2025-12/2026-01' -> 2026-01-31; an open end ('2025-12/..') -> 9999-12-31." }),
    display: t.string({
      description: "For people: '12 November 2025', 'December 2025', 'c. January 2026', 'January 2026?'.",
      resolve: (date) => displayFuzzyDate(date),
    }),
    note: t.exposeString('note', { nullable: true, description: 'How an inferred or uncertain date was reasoned from the source.' }),
  }),
});
