// The timeline a front end draws with one plain query: every edge carries its
// type, headline, kind, date, one-line summary and actors under one type, so
// no fragment per member and no aliases are needed; the fields agree with the
// union's members and cost a fixed number of statements per page.
import { describe, expect, it } from 'vitest';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { expectNoErrors } from './helpers/graphql.js';

const PLAIN_TIMELINE = `query PlainTimeline($first: Int, $after: String) {
  timeline(first: $first, after: $after) {
    edges {
      type itemId slug headline kind kindLabel summary
      date { edtf display precision }
      actors { id name }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

const SAME_FROM_THE_UNION = `query UnionTimeline($first: Int) {
  timeline(first: $first) {
    edges {
      node {
        __typename
        ... on Event { id slug title eventKind: kind description start { edtf } participants { actor { id } } }
        ... on Statement { id slug title statementKind: kind summary date { edtf } participants { actor { id } } }
      }
    }
  }
}`;

describe(`timeline for front ends (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);

  it('answers a plain query without fragments, and agrees with the union members', async () => {
    const plain = expectNoErrors(await api.exec(PLAIN_TIMELINE, { first: 60 }), PLAIN_TIMELINE);
    const union = expectNoErrors(await api.exec(SAME_FROM_THE_UNION, { first: 60 }), SAME_FROM_THE_UNION);
    const edges = plain.timeline.edges;
    expect(edges.length).toBeGreaterThan(20);
    expect(new Set(edges.map((e: any) => e.type))).toEqual(new Set(['EVENT', 'STATEMENT']));
    edges.forEach((edge: any, i: number) => {
      const node = union.timeline.edges[i].node;
      expect(edge.type).toBe(node.__typename.toUpperCase());
      expect(edge.itemId).toBe(node.id);
      expect(edge.slug).toBe(node.slug);
      expect(edge.headline).toBe(node.title);
      expect(edge.kind).toBe(node.eventKind ?? node.statementKind);
      expect(edge.date.edtf).toBe((node.start ?? node.date).edtf);
      expect(edge.actors.map((a: any) => a.id)).toEqual([...new Set(node.participants.map((p: any) => p.actor.id))]);
      const long = node.description ?? node.summary;
      if (long) expect(long.replace(/\s+/g, ' ').startsWith(edge.summary.replace(/…$/, ''))).toBe(true);
      else expect(edge.summary).toBeNull();
    });
  });

  it('gives a one-line summary: one sentence, at most 160 characters, "U.S." not taken for a sentence end', async () => {
    const { timeline } = expectNoErrors(await api.exec(PLAIN_TIMELINE, { first: 100 }));
    const summaries: string[] = timeline.edges.map((e: any) => e.summary).filter(Boolean);
    expect(summaries.length).toBeGreaterThan(20);
    for (const summary of summaries) {
      expect(summary.length).toBeLessThanOrEqual(160);
      expect(summary).not.toMatch(/\n/);
    }
    expect(summaries.some((s) => s.endsWith('…'))).toBe(true);
    expect(summaries.filter((s) => /U\.S\.$/.test(s))).toEqual([]);
    expect(timeline.edges.find((e: any) => e.kind === 'JOINT_STATEMENT').kindLabel).toBe('Joint statement');
  });

  it('costs the same number of SQL statements for 5 items as for 50', async () => {
    const count = async (first: number) => {
      api.database.queries.length = 0;
      expectNoErrors(await api.exec(PLAIN_TIMELINE, { first }));
      return api.database.queries.length;
    };
    const five = await count(5);
    expect(await count(50)).toBe(five);
    expect(five).toBeLessThan(10);
  });
});
