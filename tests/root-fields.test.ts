// Every root field of the read API, on the curated dataset.
import { describe, expect, it } from 'vitest';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { GRAPHIQL_EXAMPLE } from '../src/graphiql-example.js';
import { expectNoErrors, type Exec } from './helpers/graphql.js';

const BY_SLUG = /* GraphQL */ `
  query BySlug {
    actor(slug: "ilham-aliyev") { id slug name kind aliases affiliations { organization { slug } role since { edtf } } }
    statement(slug: "aliyev-tv-interview") { id slug kind date { edtf precision uncertain earliest latest display }
      participants { role actor { slug } } respondsTo { slug } events { slug } excerpts { source { slug } quote } }
    event(slug: "artsakh-blockade-2023") { id slug kind start { edtf earliest latest precision } end { edtf } place
      parent { slug } children { slug } participants(role: INITIATOR) { actor { slug } role }
      statements { totalCount } claims { totalCount } excerpts { quote } }
    source(slug: "aliyev-interview-report") { id slug kind title publisher { slug } published { edtf } fileName excerpts(first: 1) { totalCount } }
    topic(slug: "azerbaijan-isf-participation") { id slug name claims(stance: AGAINST) { totalCount edges { node { slug } } } }
    missing: actor(slug: "no-such-actor") { id }
  }
`;
const NODES = /* GraphQL */ `
  query Nodes($ids: [ID!]!) {
    nodes(ids: $ids) { __typename id ... on Actor { slug } ... on Statement { slug } ... on Event { slug } ... on Source { slug } ... on Topic { slug } }
  }
`;
const NODE = /* GraphQL */ `
  query Node($id: ID!) { node(id: $id) { __typename ... on Claim { slug text kind date { edtf } } } }
`;
const LISTS = /* GraphQL */ `
  query Lists($actor: ID!, $topic: ID!) {
    states: actors(filter: { kinds: [STATE] }, first: 100) { totalCount edges { node { slug kind } } }
    interviews: statements(filter: { kinds: [INTERVIEW] }) { edges { node { slug kind } } }
    in2025: statements(filter: { from: "2025-11", to: "2025" }, order: DESC) { edges { node { slug date { earliest latest } } } }
    byAliyev: statements(filter: { participant: $actor }) { edges { node { slug } } }
    asserted: claims(filter: { claimant: $actor }, first: 100) { totalCount edges { node { slug claimants { slug } } } }
    about: claims(filter: { subject: $actor, kinds: [FACTUAL, NORMATIVE, COMMITMENT, PREDICTION] }, first: 100) { totalCount }
    onTopic: claims(filter: { topic: $topic }, first: 100) { totalCount edges { node { topics { topic { slug } stance } } } }
    blockades: events(filter: { kinds: [BLOCKADE] }) { edges { node { slug kind } } }
    inOctober: events(filter: { from: "2025-10-01", to: "2025-10-31" }) { edges { node { slug start { edtf } end { edtf } } } }
    withAzerbaijan: events(filter: { participant: $actor }) { edges { node { slug } } }
    sources { totalCount edges { node { slug } } }
    topics { totalCount edges { node { slug name } } }
  }
`;

describe(`root fields (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);
  const exec: Exec = (query, variables) => api.exec(query, variables);

  it('finds actors, statements, events, sources and topics by slug, null when absent', async () => {
    const data = expectNoErrors(await exec(BY_SLUG), BY_SLUG);
    expect(data.missing).toBeNull();
    expect(data.actor).toMatchObject({ slug: 'ilham-aliyev', kind: 'PERSON' });
    expect(data.actor.affiliations).toContainEqual(expect.objectContaining({ organization: { slug: 'azerbaijan' }, role: 'President' }));
    expect(data.statement).toMatchObject({ kind: 'INTERVIEW', date: { edtf: '2026?', precision: 'YEAR', uncertain: true, earliest: '2026-01-01', latest: '2026-12-31', display: '2026?' } });
    expect(data.statement.participants).toContainEqual({ role: 'SPEAKER', actor: { slug: 'ilham-aliyev' } });
    expect(data.statement.respondsTo.map((s: any) => s.slug)).toContain('waltz-remarks-2025-12');
    expect(data.statement.excerpts.length).toBeGreaterThan(0);
    expect(data.event).toMatchObject({ kind: 'BLOCKADE', start: { edtf: '2023', earliest: '2023-01-01', latest: '2023-12-31', precision: 'YEAR' }, parent: { slug: 'artsakh-campaign' } });
    expect(data.event.participants).toEqual([{ actor: { slug: 'azerbaijan' }, role: 'INITIATOR' }]);
    expect(data.event.statements.totalCount).toBeGreaterThan(0);
    expect(data.source).toMatchObject({ kind: 'NEWS_ARTICLE', fileName: '002_7a3a69ca95bb4d7e.txt' });
    expect(data.topic.claims.totalCount).toBeGreaterThan(0);
  });

  it('fetches any entity by global ID with node and nodes', async () => {
    const ids = expectNoErrors(await exec(BY_SLUG));
    const list = [ids.actor.id, ids.statement.id, ids.event.id, ids.source.id, ids.topic.id];
    const data = expectNoErrors(await exec(NODES, { ids: list }), NODES);
    expect(data.nodes.map((n: any) => [n.__typename, n.slug])).toEqual([
      ['Actor', 'ilham-aliyev'],
      ['Statement', 'aliyev-tv-interview'],
      ['Event', 'artsakh-blockade-2023'],
      ['Source', 'aliyev-interview-report'],
      ['Topic', 'azerbaijan-isf-participation'],
    ]);
    const claims = expectNoErrors(await exec(`{ claims(first: 1) { edges { node { id slug } } } }`));
    const claim = claims.claims.edges[0].node;
    expect(expectNoErrors(await exec(NODE, { id: claim.id })).node).toMatchObject({ __typename: 'Claim', slug: claim.slug });
  });

  it('lists and filters every kind of entity', async () => {
    const ids = expectNoErrors(await exec(BY_SLUG));
    const data = expectNoErrors(await exec(LISTS, { actor: ids.actor.id, topic: ids.topic.id }), LISTS);
    expect(data.states.edges.every((e: any) => e.node.kind === 'STATE')).toBe(true);
    expect(data.states.edges.map((e: any) => e.node.slug)).toContain('azerbaijan');
    expect(data.interviews.edges.map((e: any) => e.node.slug)).toEqual(['aliyev-tv-interview']);
    const in2025 = data.in2025.edges.map((e: any) => e.node.date);
    expect(in2025.length).toBeGreaterThan(0);
    for (const d of in2025) expect(d.latest >= '2025-11-01' && d.earliest <= '2025-12-31').toBe(true);
    expect([...in2025].map((d: any) => d.earliest)).toEqual([...in2025].map((d: any) => d.earliest).sort().reverse());
    expect(data.byAliyev.edges.map((e: any) => e.node.slug)).toContain('aliyev-tv-interview');
    expect(data.asserted.totalCount).toBeGreaterThan(0);
    for (const e of data.asserted.edges) expect(e.node.claimants.map((a: any) => a.slug)).toContain('ilham-aliyev');
    expect(data.onTopic.totalCount).toBeGreaterThan(0);
    for (const e of data.onTopic.edges) expect(e.node.topics.map((t: any) => t.topic.slug)).toContain('azerbaijan-isf-participation');
    expect(data.blockades.edges.map((e: any) => e.node.slug)).toEqual(['artsakh-blockade-2023']);
    expect(data.inOctober.edges.map((e: any) => e.node.slug)).toContain('hostage-prisoner-release-2025-10');
    expect(data.sources.totalCount).toBe(5);
    expect(data.topics.totalCount).toBe(7);
  });

  it('runs the operation GraphiQL opens with: signatory, statement, claims, rebuttals', async () => {
    const data = expectNoErrors(await exec(GRAPHIQL_EXAMPLE), GRAPHIQL_EXAMPLE);
    const claims = data.actor.statements.edges.flatMap((e: any) => e.node.claims.edges.map((c: any) => c.node));
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.some((c: any) => c.rebuttals.length > 0)).toBe(true);
  });
});
