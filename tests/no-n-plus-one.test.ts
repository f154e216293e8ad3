// The number of SQL statements for a request grows with the depth of the
// query, not with the number of rows it returns.
import { describe, expect, it } from 'vitest';
import { useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { insertDebate } from './helpers/factories.js';
import { expectNoErrors, type Exec } from './helpers/graphql.js';

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

describe(`batched loading (${databaseLabel})`, () => {
  const api = useTestApi((database) => insertDebate(database.handle.db, 'nplus', 20));
  const exec: Exec = (query, variables) => api.exec(query, variables);

  async function countQueries(first: number) {
    api.database.queries.length = 0;
    const data = expectNoErrors(await exec(DEBATE, { first }), DEBATE);
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
  });
});
