// The number of SQL statements for a request grows with the depth of the
// query, not with the number of rows it returns.
import { describe, expect, it } from 'vitest';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { insertDebate } from './helpers/factories.js';
import { createServer } from '../src/server.js';
import { execFor, expectNoErrors, type Exec } from './helpers/graphql.js';

const DEBATE = /* GraphQL */ `
  query Debate($first: Int!) {
    statements(first: $first, filter: { kinds: [JOINT_STATEMENT] }) {
      edges {
        node {
          title
          date { display }
          participants { role actor { name } }
          signatories(first: 10) { edges { node { name aliases } } }
          claims(first: 10) {
            edges {
              node {
                text
                date { edtf }
                rebuttals { text claimants { name } appearances { statement { title } } }
              }
            }
          }
        }
      }
    }
  }
`;

const RELATION_FIELDS = 'kind note createdOn from { id text } to { id text } statement { id }';
// Every claim's relations, read beside each claims page (all, and of one kind, under aliases) ...
const RELATIONS_WITH_PAGES = /* GraphQL */ `
  query RelationsWithPages {
    statements(first: 100) {
      edges { node { claims(first: 100) { edges { node {
        id
        relations { ${RELATION_FIELDS} }
        incomingRelations { ${RELATION_FIELDS} }
        rebutting: relations(kind: REBUTS) { ${RELATION_FIELDS} }
      } } } } }
    }
  }
`;
// ... the same claims' relations read from the claims list, by the relations' own loader ...
const RELATIONS_OF_LISTED_CLAIMS = /* GraphQL */ `
  query RelationsOfListedClaims($after: String) {
    claims(first: 100, after: $after) {
      edges { node {
        id
        relations { ${RELATION_FIELDS} }
        incomingRelations { ${RELATION_FIELDS} }
        rebutting: relations(kind: REBUTS) { ${RELATION_FIELDS} }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
// ... and read with the claims' rows by node lookups.
const RELATIONS_OF_CLAIMS = /* GraphQL */ `
  query RelationsOfClaims($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Claim {
        id
        relations { ${RELATION_FIELDS} }
        incomingRelations { ${RELATION_FIELDS} }
        rebutting: relations(kind: REBUTS) { ${RELATION_FIELDS} }
      }
    }
  }
`;

// A statement -> its participants -> its claims -> their relations -> the claims at the other end.
const TRAVERSAL = /* GraphQL */ `
  query Traversal($first: Int!) {
    statements(first: $first, filter: { kinds: [JOINT_STATEMENT] }) {
      edges {
        node {
          title
          participants { role actor { name } }
          claims(first: 10) {
            edges { node { text incomingRelations { kind from { text } } } }
          }
        }
      }
    }
  }
`;

describe(`batched loading (${databaseLabel})`, () => {
  const api = useTestApi((database) => insertDebate(database.handle.db, 'nplus', 20));
  const exec: Exec = (query, variables) => api.exec(query, variables);

  async function countQueries(first: number, query = DEBATE) {
    api.database.queries.length = 0;
    const data = expectNoErrors(await exec(query, { first }), query);
    return { queries: api.database.queries.length, data };
  }

  it('sends the same number of SQL statements for 5 and for 20 statements', async () => {
    const five = await countQueries(5);
    const twenty = await countQueries(20);
    expect(five.data.statements.edges).toHaveLength(5);
    expect(twenty.data.statements.edges).toHaveLength(20);
    const rebuttals = twenty.data.statements.edges.flatMap((e: any) => e.node.claims.edges.flatMap((c: any) => c.node.rebuttals));
    expect(rebuttals).toHaveLength(40);
    expect(rebuttals[0].claimants).toHaveLength(2);
    expect(twenty.data.statements.edges[0].node.signatories.edges).toHaveLength(2);
    expect(twenty.queries).toBe(five.queries);
    // One statement per level of the query, give or take: far fewer than one per row.
    expect(twenty.queries).toBeLessThan(20);
    // Nested pages arrive with their rows and participants with their actors: 12 statements in all.
    expect(twenty.queries).toBeLessThanOrEqual(12);
  });

  it('walks statement -> participants -> claims -> relations -> claims in three statements', async () => {
    const one = await countQueries(1, TRAVERSAL);
    const twenty = await countQueries(20, TRAVERSAL);
    const statement = twenty.data.statements.edges[0].node;
    expect(twenty.data.statements.edges).toHaveLength(20);
    expect(statement.participants.map((p: any) => p.role)).toEqual(['LEAD_SIGNATORY', 'SIGNATORY']);
    expect(statement.participants[0].actor.name).toMatch(/^nplus Actor \d+$/);
    expect(statement.claims.edges).toHaveLength(2);
    expect(statement.claims.edges[0].node.incomingRelations).toEqual([{ kind: 'REBUTS', from: { text: expect.stringMatching(/^nplus claim \d+$/) } }]);
    // The page of statements, the participants with their actors, and the claim pages with their claims
    // and each claim's relations (with the claims at their other end): three, however many statements.
    expect(one.queries).toBe(3);
    expect(twenty.queries).toBe(3);
  });
});

describe(`a statement looked up with its participants (${databaseLabel})`, () => {
  const api = useTestApi((database) => insertDebate(database.handle.db, 'lookup', 3));
  const FIELDS = `title participants { role actor { name } } signers: participants(role: SIGNATORY) { actor { name } }
    signatories(first: 1) { pageInfo { hasNextPage } edges { node { name } } }
    claims(first: 10) { pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { text incomingRelations { kind from { text } } } } }`;

  it('walks statement(slug:) -> participants -> claims -> relations -> claims in one statement, equal to the list\'s', async () => {
    const listed = expectNoErrors(await api.exec(`{ statements(first: 3, filter: { kinds: [JOINT_STATEMENT] }) { edges { node { slug id ${FIELDS} } } } }`));
    for (const { node } of listed.statements.edges) {
      api.database.queries.length = 0;
      const bySlug = expectNoErrors(await api.exec(`query($slug: String!) { statement(slug: $slug) { slug id ${FIELDS} } }`, { slug: node.slug }));
      expect(api.database.queries).toHaveLength(1);
      expect(bySlug.statement).toEqual(node);
      api.database.queries.length = 0;
      const byId = expectNoErrors(await api.exec(`query($id: ID!) { node(id: $id) { ... on Statement { slug id ${FIELDS} } } }`, { id: node.id }));
      expect(api.database.queries).toHaveLength(1);
      expect(byId.node).toEqual(node);
    }
    expect(listed.statements.edges[0].node.participants).toHaveLength(2);
    expect(listed.statements.edges[0].node.signers).toHaveLength(1);
    expect(listed.statements.edges[0].node.signatories.edges).toHaveLength(1);
    expect(listed.statements.edges[0].node.signatories.pageInfo.hasNextPage).toBe(true);
  });

  it("reads a claims page in the lookup's statement only for a plain first or last page, each answer equal to the list's", async () => {
    const page = (args: string, directive = '') => `claims(${args})${directive} { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id text } } }`;
    const [{ node: statement }] = expectNoErrors(await api.exec(`{ statements(first: 1, filter: { kinds: [JOINT_STATEMENT] }) { edges { node { slug } } } }`)).statements.edges;
    const both = expectNoErrors(await api.exec(`query($slug: String!) { statement(slug: $slug) { ${page('first: 1')} } }`, { slug: statement.slug }));
    const after = both.statement.claims.pageInfo.endCursor;
    const cases: [string, string, number][] = [
      ['last page', `${page('last: 1')}`, 1],
      ['first page, as a variable', `${page('first: $n')}`, 1],
      ['a page after a cursor', `${page(`first: 1, after: "${after}"`)}`, 2],
      ['two pages under two aliases', `a: ${page('first: 1')} b: ${page('first: 2')}`, 3],
      ['a page under @include', page('first: 1', ' @include(if: true)'), 2],
    ];
    for (const [name, fields, statements] of cases) {
      const n = fields.includes('$n') ? ', $n: Int' : '';
      const listed = expectNoErrors(await api.exec(`query${n ? `(${n.slice(2)})` : ""} { statements(first: 1, filter: { kinds: [JOINT_STATEMENT] }) { edges { node { ${fields} } } } }`, { n: 1 }));
      api.database.queries.length = 0;
      const bySlug = expectNoErrors(await api.exec(`query($slug: String!${n}) { statement(slug: $slug) { ${fields} } }`, { slug: statement.slug, n: 1 }));
      expect(api.database.queries, name).toHaveLength(statements);
      expect(bySlug.statement, name).toEqual(listed.statements.edges[0].node);
    }
    expect(both.statement.claims.pageInfo.hasNextPage).toBe(true);
  });
});

describe(`relations read with their claims page (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);

  it('equal the relations read from the claims list and by node lookups, field for field, kind filter included', async () => {
    const paged = expectNoErrors(await api.exec(RELATIONS_WITH_PAGES)).statements.edges.flatMap((s: any) => s.node.claims.edges.map((c: any) => c.node));
    const byId = new Map<string, unknown>(paged.map((claim: any) => [claim.id, claim]));
    expect(byId.size).toBeGreaterThan(20);
    const ids = [...byId.keys()];
    const alone = [];
    for (let i = 0; i < ids.length; i += 100) alone.push(...expectNoErrors(await api.exec(RELATIONS_OF_CLAIMS, { ids: ids.slice(i, i + 100) })).nodes);
    expect(alone.map((claim: any) => byId.get(claim.id))).toEqual(alone);
    const listed = new Map<string, unknown>();
    for (let after: string | null = null; ; ) {
      const page: any = expectNoErrors(await api.exec(RELATIONS_OF_LISTED_CLAIMS, { after })).claims;
      for (const edge of page.edges) listed.set(edge.node.id, edge.node);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(alone.map((claim: any) => listed.get(claim.id))).toEqual(alone);
    const relations = alone.flatMap((claim: any) => claim.relations);
    expect(relations.length).toBeGreaterThan(10);
    expect(relations.some((r: any) => r.note)).toBe(true);
    // The kind filter is applied to relations read with the page too: only REBUTS under the alias, other kinds exist.
    expect(alone.some((claim: any) => claim.rebutting.length)).toBe(true);
    expect(alone.every((claim: any) => claim.rebutting.every((r: any) => r.kind === 'REBUTS'))).toBe(true);
    expect(relations.some((r: any) => r.kind !== 'REBUTS')).toBe(true);
  });
});

describe(`nested pages read the columns their selection reads (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);

  it('reads only the selected columns of a nested page, whole rows where a field is loaded, each alias its own', async () => {
    const query = `{ actors(first: 20) { edges { node { slug
      narrow: statements(first: 5) { edges { node { id title } } }
      wide: statements(first: 5) { edges { node { id title summary date { edtf } } } }
      loaded: statements(first: 5) { edges { node { id title participants { role } } } }
    } } } }`;
    api.database.queries.length = 0;
    // Field by field: a compiled read (src/compiled-reads/) would answer it in one statement of its own.
    const fieldByField = execFor(createServer({ database: api.database.handle, compiledReads: false }));
    const actors = expectNoErrors(await fieldByField(query), query).actors.edges.map((e: any) => e.node);
    const pages = api.database.queries.filter((q) => q.includes('LATERAL'));
    expect(pages).toHaveLength(3);
    expect(pages.filter((q) => !/"summary"/.test(q))).toHaveLength(1);
    expect(pages.filter((q) => /"date_edtf"/.test(q))).toHaveLength(2);
    let listed = 0;
    for (const actor of actors) {
      const titles = (list: any) => list.edges.map((e: any) => [e.node.id, e.node.title]);
      expect(titles(actor.wide)).toEqual(titles(actor.narrow));
      expect(titles(actor.loaded)).toEqual(titles(actor.narrow));
      for (const { node } of actor.wide.edges) {
        const one = `query($id: ID!) { node(id: $id) { ... on Statement { id title summary date { edtf } } } }`;
        expect(expectNoErrors(await api.exec(one, { id: node.id }), one).node).toEqual(node);
        listed++;
      }
    }
    expect(listed).toBeGreaterThan(5);
    expect(actors.some((a: any) => a.wide.edges.some((e: any) => e.node.summary))).toBe(true);
    // Compiled, the same query answers the same.
    expect(expectNoErrors(await api.exec(query), query).actors.edges.map((e: any) => e.node)).toEqual(actors);
  });
});

describe(`an actor looked up with the first pages of its lists (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);
  const FIELDS = `slug name
    statements(first: 2, role: SIGNATORY) { pageInfo { hasNextPage endCursor } edges { cursor node { title kind } } }
    claims(first: 3) { pageInfo { hasNextPage } edges { node { text relations { kind to { text } } } } }
    claimsAbout(first: 2) { edges { node { text } } }
    events(last: 2) { pageInfo { hasPreviousPage } edges { node { title } } }`;

  it('reads them in the lookup\'s one statement, by slug and by node(id), each equal to the list\'s', async () => {
    const listed = expectNoErrors(await api.exec(`{ actors(first: 40) { edges { node { id ${FIELDS} } } } }`)).actors.edges.map((e: any) => e.node);
    // Actors with something in every list, and one with lists longer than a page.
    expect(listed.filter((a: any) => a.statements.edges.length && a.claims.edges.length && a.events.edges.length).length).toBeGreaterThan(0);
    expect(listed.some((a: any) => a.claims.pageInfo.hasNextPage)).toBe(true);
    for (const actor of listed) {
      api.database.queries.length = 0;
      const bySlug = expectNoErrors(await api.exec(`query($slug: String!) { actor(slug: $slug) { id ${FIELDS} } }`, { slug: actor.slug }));
      expect(api.database.queries, actor.slug).toHaveLength(1);
      expect(bySlug.actor).toEqual(actor);
      api.database.queries.length = 0;
      const byId = expectNoErrors(await api.exec(`query($id: ID!) { node(id: $id) { ... on Actor { id ${FIELDS} } } }`, { id: actor.id }));
      expect(api.database.queries, actor.slug).toHaveLength(1);
      expect(byId.node).toEqual(actor);
    }
  });
});
