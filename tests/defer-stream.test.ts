// @defer and @stream: the first timeline items come in the first part of a
// multipart answer, the rest of the list and the deferred counts after it;
// merged, the parts equal the plain answer.
import { describe, expect, it } from 'vitest';
import { createServer } from '../src/server.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { expectNoErrors } from './helpers/graphql.js';

const FIELDS = 'edges { type headline date { display } } pageInfo { endCursor }';
const STREAMED = `query Streamed {
  timeline(first: 4) {
    edges @stream(initialCount: 1) { type headline date { display } }
    pageInfo { endCursor }
    ... @defer(label: "counts") { totalCount buckets(granularity: YEAR) { label count } }
  }
}`;
const PLAIN = `query Plain { timeline(first: 4) { ${FIELDS} totalCount buckets(granularity: YEAR) { label count } } }`;
const DEFERRED_ACTORS = `query DeferredActors {
  actors(first: 2) { edges { node { name ... @defer(label: "statements") { statements(first: 2) { totalCount } } } } }
}`;

/** The JSON parts of a multipart/mixed answer, in order. */
function parts(body: string): any[] {
  return body
    .split(/\r?\n---/)
    .map((chunk) => chunk.slice(chunk.indexOf('{')))
    .filter((chunk) => chunk.startsWith('{'))
    .map((chunk) => JSON.parse(chunk.slice(0, chunk.lastIndexOf('}') + 1)));
}

/** Applies incremental parts to the first part's data, as a client does. */
function merge(all: any[]): any {
  const data = structuredClone(all[0].data);
  for (const part of all.slice(1)) {
    for (const step of part.incremental ?? []) {
      if (step.items) {
        step.path.slice(0, -1).reduce((t: any, k: any) => t[k], data).push(...step.items);
      } else {
        Object.assign(step.path.reduce((t: any, k: any) => t[k], data), step.data);
      }
    }
  }
  return data;
}

describe(`@defer and @stream (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);

  async function multipart(query: string, server = api.server) {
    const response = await server.fetch('http://claimline.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
      body: JSON.stringify({ query }),
    });
    expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    return parts(await response.text());
  }

  it('sends the first timeline item first, then the streamed items, then the deferred counts', async () => {
    const all = await multipart(STREAMED);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all[0].data.timeline.edges).toHaveLength(1);
    expect(all[0].data.timeline.totalCount).toBeUndefined();
    expect(all[0].hasNext).toBe(true);
    expect(all.at(-1).hasNext).toBe(false);
    const counts = all.flatMap((p) => p.incremental ?? []).find((step: any) => step.label === 'counts');
    expect(counts.data.totalCount).toBeGreaterThan(4);
    const plain = expectNoErrors(await api.exec(PLAIN), PLAIN);
    expect(merge(all)).toEqual(plain);
  });

  it('defers a slow field inside connection edges', async () => {
    const all = await multipart(DEFERRED_ACTORS);
    expect(all[0].data.actors.edges.every((e: any) => e.node.statements === undefined)).toBe(true);
    const steps = all.flatMap((p) => p.incremental ?? []);
    expect(steps.map((s: any) => s.label)).toEqual(['statements', 'statements']);
    expect(steps.every((s: any) => typeof s.data.statements.totalCount === 'number')).toBe(true);
  });

  it('refuses a client that takes only JSON with NOT_ACCEPTABLE, naming the forms that work', async () => {
    const response = await api.server.fetch('http://claimline.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: STREAMED }),
    });
    expect(response.status).toBe(406);
    const body = (await response.json()) as any;
    expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['NOT_ACCEPTABLE']);
    expect(body.errors[0].message).toMatch(/@defer.*multipart\/mixed/);
  });

  it('works behind the response cache: a repeated deferred read is whole and right', async () => {
    const cached = createServer({ database: api.database.handle, responseCache: { ttlMs: 60_000 } });
    const first = merge(await multipart(STREAMED, cached));
    const again = await multipart(STREAMED, cached);
    expect(merge(again)).toEqual(first);
  });
});
