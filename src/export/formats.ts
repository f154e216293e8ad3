// The formats by name, and the one place that turns an export request into text.
import type { Database } from '../db/client.js';
import { userError } from '../errors.js';
import { csv } from './csv.js';
import type { ExportFilterInput, ExportWhat } from './filters.js';
import { resolveFilters } from './filters.js';
import type { Formatter } from './format.js';
import { jsonld } from './jsonld.js';
import { ndjson } from './ndjson.js';
import { readRecords, type ReadOptions } from './records.js';
import { timelinejs } from './timelinejs.js';

export const FORMATS = { ndjson, csv, jsonld, timelinejs } satisfies Record<string, Formatter>;
export type FormatName = keyof typeof FORMATS;

export function formatNamed(name: string): Formatter {
  const format = FORMATS[name as FormatName];
  if (!format) throw userError('BAD_USER_INPUT', `Unknown format "${name}"; use one of ${[...Object.keys(FORMATS), 'dump'].join(', ')}.`, { argumentName: 'format' });
  return format;
}

/**
 * Checks the request (format for what, every filter) before anything is read,
 * then gives the text as an async iterable that reads a batch only when the
 * one before has been taken: the consumer's pace is the database's pace.
 */
export async function exportText(
  db: Database,
  what: ExportWhat,
  format: Formatter,
  filters: ExportFilterInput,
  options: ReadOptions = {},
): Promise<AsyncGenerator<string>> {
  const refusal = format.refuses(what);
  if (refusal) throw userError('BAD_USER_INPUT', refusal, { argumentName: 'format' });
  const resolved = await resolveFilters(db, what, filters);
  return format.format(what, readRecords(db, what, resolved, options));
}
