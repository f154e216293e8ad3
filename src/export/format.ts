// What every export format provides: a name, how HTTP labels it, which exports
// it can write, and the text for a stream of record batches.
import type { ExportWhat } from './filters.js';
import type { ExportRecord } from './records.js';

export interface Formatter {
  name: string;
  /** The file extension, also the one of /export/<what>.<extension>. */
  extension: string;
  contentType: string;
  /** Why this format cannot write `what`, or null when it can. */
  refuses(what: ExportWhat): string | null;
  /** Text chunks, one or more per batch; written as they come. */
  format(what: ExportWhat, batches: AsyncIterable<ExportRecord[]>): AsyncGenerator<string>;
}
