// NDJSON: one JSON object a line, each tagged with its type (see json-shape.ts).
import type { Formatter } from './format.js';
import { recordJson } from './json-shape.js';

export const ndjson: Formatter = {
  name: 'ndjson',
  extension: 'ndjson',
  contentType: 'application/x-ndjson; charset=utf-8',
  refuses: () => null,
  async *format(_what, batches) {
    for await (const batch of batches) {
      if (batch.length) yield batch.map((record) => `${JSON.stringify(recordJson(record))}\n`).join('');
    }
  },
};
