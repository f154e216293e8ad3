// The attacks of the hardening issue, replayed, and a seeded generated corpus
// of a few thousand hostile requests: no answer is a 5xx other than the
// documented 503, every error has a code, nothing leaks a stack, SQL or a
// path, and memory stays bounded. bench/abuse.ts runs the same, bigger,
// against a running server.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Server } from '../src/server.js';
import { useTestApi } from './helpers/api.js';
import { CORPUS_SEED, hostileRequestArb, judge, namedAttacks, type HostileRequest } from './helpers/abuse-corpus.js';
import { databaseLabel } from './helpers/database.js';
import { insertDebate } from './helpers/factories.js';
import { createKey } from '../src/domain/keys.js';

const GENERATED_CASES = 3000;
/** Heap growth allowed over the whole corpus. */
const MAX_HEAP_GROWTH_BYTES = 256 * 1024 * 1024;

async function send(server: Server, request: HostileRequest, editorKey?: string) {
  const response = await server.fetch(`http://claimline.test${request.path}`, {
    method: request.method,
    headers: {
      ...(request.contentType ? { 'content-type': request.contentType } : {}),
      ...(request.authorized && editorKey ? { authorization: `Bearer ${editorKey}` } : {}),
    },
    body: request.body,
  });
  return { status: response.status, text: await response.text() };
}

describe(`abuse (${databaseLabel})`, () => {
  let editorKey = '';
  const api = useTestApi(async (database) => {
    await insertDebate(database.handle.db, 'abuse', 5);
    editorKey = await createKey(database.handle.db, 'abuser', 'EDITOR');
  });

  it.each(namedAttacks().map((attack) => [attack.name, attack] as const))('holds against %s', async (_name, attack) => {
    const { status, text } = await send(api.server, attack, editorKey);
    expect(judge(status, text), `${attack.name}: HTTP ${status} ${text.slice(0, 300)}`).toEqual({ ok: true });
    const data = JSON.parse(text || '{}').data ?? null;
    // A refused write answers its payload with userErrors and nothing written; every other attack gets no data.
    if (attack.authorized) expect(JSON.stringify(data), attack.name).toMatch(/"userErrors":\[\{/);
    else expect(data, attack.name).toBeNull();
  });

  it(`holds against ${GENERATED_CASES} generated hostile requests (seed ${CORPUS_SEED}) with bounded memory`, async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    await fc.assert(
      fc.asyncProperty(hostileRequestArb, async (request) => {
        const { status, text } = await send(api.server, request, editorKey);
        const verdict = judge(status, text);
        if (!verdict.ok) throw new Error(`${request.name}: ${verdict.problem}\nrequest: ${JSON.stringify(request).slice(0, 500)}\nanswer: HTTP ${status} ${text.slice(0, 500)}`);
      }),
      { seed: CORPUS_SEED, numRuns: GENERATED_CASES },
    );
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    // The server still answers ordinary queries afterwards.
    const after = await send(api.server, { name: 'after', method: 'POST', path: '/graphql', contentType: 'application/json', body: '{"query":"{ actors(first: 1) { totalCount } }"}' });
    expect(JSON.parse(after.text).data.actors.totalCount).toBe(10);
  }, 300_000);
});
