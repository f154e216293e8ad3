// NDJSON: one JSON object a line, each tagged with its type (see json-shape.ts).
import type { Formatter } from './format.js';
import { claimLine, recordJson } from './json-shape.js';

export const ndjson: Formatter = {
  name: 'ndjson',
  extension: 'ndjson',
  contentType: 'application/x-ndjson; charset=utf-8',
  refuses: () => null,
  async *format(_what, batches) {
    for await (const batch of batches) {
      if (!batch.length) continue;
      let lines = '';
      for (const record of batch) lines += record.type === 'claim' ? claimLine(record) : `${JSON.stringify(recordJson(record))}\n`;
      yield lines;
    }
  },
};
