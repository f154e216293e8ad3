// TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html):
// {"events": [...]} in the API's timeline order. start_date/end_date hold only
// the parts the source gives (a month-precise date has no day); display_date
// says the date in words whenever the parts alone would mislead (uncertain,
// approximate, an interval, a decade). Text is HTML, so it is escaped.
import { displayFuzzyDate, type FuzzyDate, parseFuzzyDate } from '../dates/fuzzy-date.js';
import type { ExportWhat } from './filters.js';
import type { Formatter } from './format.js';
import { TYPENAMES } from './json-shape.js';
import type { ExportRecord } from './records.js';

interface DateParts {
  year: number;
  month?: number;
  day?: number;
}

/** The known parts of a single (non-interval) date. */
function parts(date: FuzzyDate): DateParts {
  const [y, m, d] = date.earliest.split('-').map(Number) as [number, number, number];
  if (date.precision === 'DAY') return { year: y, month: m, day: d };
  if (date.precision === 'MONTH') return { year: y, month: m };
  return { year: y };
}

/** start_date and end_date of a date: an interval's known ends, a single date's parts. */
function span(date: FuzzyDate): { start: DateParts; end?: DateParts } {
  if (!date.edtf.includes('/')) return { start: parts(date) };
  const [lower, upper] = date.edtf.split('/').map((p) => (p === '..' ? null : parseFuzzyDate(p)));
  if (lower && upper) return { start: parts(lower), end: parts(upper) };
  return { start: parts((lower ?? upper)!) };
}

function needsDisplay(date: FuzzyDate): boolean {
  return date.uncertain || date.approximate || date.edtf.includes('/') || date.precision === 'DECADE';
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const paragraphs = (texts: (string | null)[]) =>
  texts
    .filter((t): t is string => !!t)
    .map((t) => `<p>${escapeHtml(t)}</p>`)
    .join('');

function slide(record: ExportRecord): Record<string, unknown> | null {
  let date: FuzzyDate | null;
  let end: FuzzyDate | null = null;
  let headline: string;
  let text: string;
  switch (record.type) {
    case 'event':
      [date, end, headline] = [record.start, record.end, record.title];
      text = paragraphs([record.description, record.place]);
      break;
    case 'statement':
      [date, headline] = [record.date, record.title];
      text = paragraphs([record.summary, ...record.excerpts.map((e) => `“${e.quote}”`)]);
      break;
    case 'claim':
      [date, headline] = [record.date, record.text];
      text = paragraphs(record.appearances.map((a) => `${a.statement.title}: ${a.excerpts.map((e) => `“${e.quote}”`).join(' … ')}`));
      break;
    default:
      return null;
  }
  // A claim that appears nowhere has no date to place it by.
  if (!date) return null;
  const { start, end: intervalEnd } = span(date);
  const endParts = end ? span(end).end ?? span(end).start : intervalEnd;
  const display = needsDisplay(date) || (end && needsDisplay(end));
  return {
    unique_id: `${record.type}-${record.slug}`,
    group: TYPENAMES[record.type],
    start_date: start,
    ...(endParts ? { end_date: endParts } : {}),
    ...(display ? { display_date: end ? `${displayFuzzyDate(date)} – ${displayFuzzyDate(end)}` : displayFuzzyDate(date) } : {}),
    text: { headline: escapeHtml(headline), text },
  };
}

const DATED: readonly ExportWhat[] = ['timeline', 'events', 'statements', 'claims'];

export const timelinejs: Formatter = {
  name: 'timelinejs',
  extension: 'json',
  contentType: 'application/json; charset=utf-8',
  refuses: (what) => (DATED.includes(what) ? null : `TimelineJS needs dated records: export ${DATED.join(', ')}.`),
  async *format(_what, batches) {
    yield '{"events":[';
    let first = true;
    for await (const batch of batches) {
      const slides = batch.flatMap((record) => slide(record) ?? []);
      if (!slides.length) continue;
      yield `${first ? '\n' : ',\n'}${slides.map((s) => JSON.stringify(s)).join(',\n')}`;
      first = false;
    }
    yield '\n]}\n';
  },
};
