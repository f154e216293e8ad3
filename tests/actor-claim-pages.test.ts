// Actor.claims is read from claim_claimants, a table of (actor, claim) pairs that
// triggers derive from statement_participants and claim_appearances: every page,
// cursor and count must give what the actor's statements, their roles and their
// claims give, after participants and appearances are edited through the API,
// and each reverted, and a statement deleted, including where an actor asserts a
// claim through two statements and loses one of them. The table must equal the
// query it replaces after every step. On Postgres, the page statement reads each
// actor's key range in claim order and stops at the page.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateTimeline } from '../bench/generate.js';
import { selectRows } from '../src/db/rows.js';
import { ASSERTING_ROLES } from '../src/db/schema.js';
import { createKey } from '../src/domain/keys.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel, serverUrl } from './helpers/database.js';
import { dataFor } from './helpers/graphql.js';
import { type Connection, expectPages } from './helpers/page-walk.js';
import { explainNestedPage, expectPagesFromIndex } from './helpers/query-plans.js';

const ERRORS = 'userErrors { field code message }';
const CREATE_ACTOR = `mutation($input: CreateActorInput!) { createActor(input: $input) { actor { id } ${ERRORS} } }`;
const UPDATE_STATEMENT = `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { id } ${ERRORS} change { id } } }`;
const CREATE_CLAIM = `mutation($input: CreateClaimInput!) { createClaim(input: $input) { claim { id } ${ERRORS} change { id entries { table } } } }`;
const UPDATE_CLAIM = `mutation($input: UpdateClaimInput!) { updateClaim(input: $input) { claim { id } ${ERRORS} change { id } } }`;
const REVERT = `mutation($input: RevertChangeInput!) { revertChange(input: $input) { ${ERRORS} change { id } } }`;

const PAGE_ARGS = '$first: Int, $after: String, $last: Int, $before: String';
const PAGE = 'first: $first, after: $after, last: $last, before: $before';
const CONNECTION = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }';
const ACTOR_CLAIMS = `query($id: ID!, ${PAGE_ARGS}) { node(id: $id) { ... on Actor { list: claims(${PAGE}) { ${CONNECTION} } } } }`;
// The straightforward computation: the actor's statements, who has which role in each, and each one's claims.
const STATEMENTS_WITH = `query($actor: ID!, $after: String) { list: statements(filter: { participant: $actor }, first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { id participants { role actor { id } } claims(first: 100) { totalCount edges { node { id } } } } } } }`;
const EVERY_ACTOR = `query($after: String) { actors(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
  edges { node { id claims(first: 3) { totalCount edges { node { id } } } } } } }`;
const STATEMENT = `query($slug: String!) { statement(slug: $slug) { id participants { role actor { id } } } }`;
const STATEMENT_CLAIMS = `query($slug: String!) { statement(slug: $slug) { claims(first: 100) {
  edges { node { id slug appearances { statement { id } excerpts { quote start source { id } } } } } } } }`;
const SOURCE = `query($slug: String!) { source(slug: $slug) { id } }`;

const JOINT = 'coalition-joint-statement-2025-11-12';
const PRESS = 'anp-anca-press-release-2025-11-12';
// Appears in both JOINT and PRESS.
const SHARED_CLAIM = 'azerbaijan-uniquely-unsuited-for-peacekeeping';

const claimNumber = (id: string) => Number(decodeGlobalID(id).id);
const asserting = new Set<string>(ASSERTING_ROLES);

describe(`an actor's claims, page by page (${databaseLabel})`, () => {
  let key = '';
  const api = useTestApi(async (database) => {
    await seedCurated(database);
    key = await createKey(database.handle.db, 'pager', 'EDITOR');
  });
  const run = <T = any>(query: string, variables?: Record<string, unknown>) => dataFor(api.server, key)<T>(query, variables);

  /** The claims of the statements where the actor has an asserting role, once each, by claim id. */
  async function expected(actor: string): Promise<string[]> {
    const claims = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const data: any = await run(STATEMENTS_WITH, { actor, after });
      for (const { node } of data.list.edges) {
        expect(node.claims.edges.length, `all claims of ${node.id} on one page`).toBe(node.claims.totalCount);
        if (!node.participants.some((p: any) => p.actor.id === actor && asserting.has(p.role))) continue;
        for (const e of node.claims.edges) claims.add(e.node.id);
      }
      if (!data.list.pageInfo.hasNextPage) break;
      after = data.list.pageInfo.endCursor;
    }
    return [...claims].sort((a, b) => claimNumber(a) - claimNumber(b));
  }

  async function page(actor: string, args: Record<string, unknown>): Promise<Connection> {
    return (await run(ACTOR_CLAIMS, { id: actor, ...args })).node.list;
  }

  /** claim_claimants holds exactly the pairs of the query it replaces, and some. */
  async function expectTableCurrent(): Promise<void> {
    const roles = sql.join(
      ASSERTING_ROLES.map((role) => sql`${role}`),
      sql`, `,
    );
    const [row] = await selectRows<{ extra: number; missing: number; rows: number }>(
      api.database.handle.db,
      sql`WITH derived AS (SELECT DISTINCT sp.actor_id, ca.claim_id FROM statement_participants sp
          JOIN claim_appearances ca ON ca.statement_id = sp.statement_id WHERE sp.role IN (${roles}))
        SELECT (SELECT count(*) FROM (SELECT actor_id, claim_id FROM claim_claimants EXCEPT SELECT * FROM derived) x)::int AS extra,
          (SELECT count(*) FROM (SELECT * FROM derived EXCEPT SELECT actor_id, claim_id FROM claim_claimants) x)::int AS missing,
          (SELECT count(*) FROM claim_claimants)::int AS rows`,
    );
    expect(row!.rows).toBeGreaterThan(0);
    expect({ extra: row!.extra, missing: row!.missing }).toEqual({ extra: 0, missing: 0 });
  }

  it('gives every curated actor the first page of the claims it asserted, in one batch, and every page after', async () => {
    const actors: any[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await run(EVERY_ACTOR, { after });
      actors.push(...data.actors.edges.map((e: any) => e.node));
      if (!data.actors.pageInfo.hasNextPage) break;
      after = data.actors.pageInfo.endCursor;
    }
    expect(actors.length).toBeGreaterThan(10);
    let asserters = 0;
    for (const node of actors) {
      const want = await expected(node.id);
      if (want.length) asserters++;
      expect(node.claims.totalCount, node.id).toBe(want.length);
      expect(node.claims.edges.map((e: any) => e.node.id), node.id).toEqual(want.slice(0, 3));
      await expectPages((args) => page(node.id, args), node.id, want, [1, 7, 50]);
    }
    expect(asserters).toBeGreaterThan(10);
    await expectTableCurrent();
  });

  it('follows participants and appearances as they are edited and reverted, and a statement deleted, also where a claim is asserted through two statements', async () => {
    const claimant = (await run(CREATE_ACTOR, { input: { name: 'Claim pager', kind: 'PERSON' } })).createActor.actor.id;
    const joint = (await run(STATEMENT, { slug: JOINT })).statement;
    const press = (await run(STATEMENT, { slug: PRESS })).statement;
    const participants = (s: any) => s.participants.map((p: any) => ({ actor: p.actor.id, role: p.role }));
    // Asserting actors of both statements (the press release's authors lead the joint statement's signatories).
    const both: string[] = press.participants
      .filter((p: any) => asserting.has(p.role) && joint.participants.some((q: any) => q.actor.id === p.actor.id && asserting.has(q.role)))
      .map((p: any) => p.actor.id);
    expect(both.length).toBeGreaterThan(0);
    const twice = both[0]!;
    const pressOnly = press.participants.find((p: any) => !asserting.has(p.role))!.actor.id;
    const watched = [claimant, twice, pressOnly, joint.participants.find((p: any) => p.role === 'SIGNATORY').actor.id];

    // states[i]: every watched actor's claims before change i (and after the last one, at the end).
    const states: Record<string, string[]>[] = [];
    const changes: string[] = [];
    async function expectAll(): Promise<Record<string, string[]>> {
      const now: Record<string, string[]> = {};
      for (const actor of watched) {
        now[actor] = await expected(actor);
        await expectPages((args) => page(actor, args), actor, now[actor]!, [4, 100]);
      }
      await expectTableCurrent();
      return now;
    }
    async function change(payload: any): Promise<Record<string, string[]>> {
      expect(payload.userErrors).toEqual([]);
      changes.push(payload.change.id);
      const now = await expectAll();
      states.push(now);
      return now;
    }

    states.push(await expectAll());
    expect(states[0]![claimant]).toEqual([]);
    const sharedClaim = (await run(STATEMENT_CLAIMS, { slug: PRESS })).statement.claims.edges.map((e: any) => e.node).find((c: any) => c.slug === SHARED_CLAIM);
    expect(sharedClaim.appearances.map((a: any) => a.statement.id).sort()).toEqual([joint.id, press.id].sort());
    expect(states[0]![twice]).toContain(sharedClaim.id);

    // The claimant signs the joint statement and speaks in the press release: the claims of both, shared ones once.
    await change((await run(UPDATE_STATEMENT, { input: { id: joint.id, participants: [...participants(joint), { actor: claimant, role: 'SIGNATORY' }] } })).updateStatement);
    let now = await change((await run(UPDATE_STATEMENT, { input: { id: press.id, participants: [...participants(press), { actor: claimant, role: 'SPEAKER' }] } })).updateStatement);
    expect(now[claimant]).toContain(sharedClaim.id);
    expect(now[claimant]!.length).toBeGreaterThan(states[1]![claimant]!.length);

    // The claimant leaves the press release: it still asserts the shared claims through the joint statement.
    now = await change((await run(UPDATE_STATEMENT, { input: { id: press.id, participants: participants(press) } })).updateStatement);
    expect(now[claimant]).toContain(sharedClaim.id);
    expect(now[claimant]).toEqual(states[1]![claimant]);

    // An actor of both statements leaves the joint statement: it keeps the shared claims through the press release, loses the rest.
    const withoutTwice = participants(joint).filter((p: any) => p.actor !== twice);
    now = await change((await run(UPDATE_STATEMENT, { input: { id: joint.id, participants: [...withoutTwice, { actor: claimant, role: 'SIGNATORY' }] } })).updateStatement);
    expect(now[twice]).toContain(sharedClaim.id);
    expect(now[twice]!.length).toBeLessThan(states[3]![twice]!.length);

    // The shared claim's appearance in the joint statement goes: the claimant no longer asserts it; the press release's authors still do.
    const appearanceInput = (a: any) => ({ statement: a.statement.id, excerpts: a.excerpts.map((x: any) => ({ source: x.source.id, quote: x.quote, start: x.start })) });
    const inPress = sharedClaim.appearances.filter((a: any) => a.statement.id === press.id).map(appearanceInput);
    now = await change((await run(UPDATE_CLAIM, { input: { id: sharedClaim.id, appearances: inPress } })).updateClaim);
    expect(now[claimant]).not.toContain(sharedClaim.id);
    expect(now[twice]).toContain(sharedClaim.id);

    // The appearance comes back by an update, and a new claim appears in the joint statement: its signatories assert both.
    const source = (await run(SOURCE, { slug: 'cmep-joint-statement' })).source.id;
    const inJoint = { statement: joint.id, excerpts: [{ source, quote: 'undermining confidence in Azerbaijan' }] };
    now = await change((await run(UPDATE_CLAIM, { input: { id: sharedClaim.id, appearances: [...inPress, inJoint] } })).updateClaim);
    expect(now[claimant]).toContain(sharedClaim.id);
    const created = (await run(CREATE_CLAIM, { input: { text: 'A claim made for the claim pages.', kind: 'NORMATIVE', appearances: [inJoint] } })).createClaim;
    expect(created.change?.entries.map((e: any) => e.table)).not.toContain('claim_claimants');
    now = await change(created);
    expect(now[claimant]!.at(-1)).toBe(created.claim.id);
    expect(now[twice]).not.toContain(created.claim.id);
    expect(now[pressOnly]).toEqual([]);

    // Each change reverted, newest first, brings back the state before it.
    for (let i = changes.length - 1; i >= 0; i--) {
      expect((await run(REVERT, { input: { change: changes[i] } })).revertChange.userErrors).toEqual([]);
      expect(await expectAll(), `after reverting change ${i}`).toEqual(states[i]);
    }

    // The API refuses to delete a statement its claims appear in, a bulk write may not: the cascades take the
    // participant and appearance rows once the whole DELETE is done, and the pairs only the deleted statements gave
    // go with them, also those two of them gave (the shared claim, for the actor of both).
    const db = api.database.handle.db;
    const pressAndJoint = [press.id, joint.id].map((id) => Number(decodeGlobalID(id).id));
    await db.execute(sql`DELETE FROM claim_relations WHERE statement_id IN (${sql.join(pressAndJoint, sql`, `)}) AND note IS NULL`);
    await db.execute(sql`DELETE FROM statements WHERE id IN (${sql.join(pressAndJoint, sql`, `)})`);
    const left = await expectAll();
    expect(left[twice]).not.toContain(sharedClaim.id);
    expect(left[twice]!.length).toBeLessThan(states[0]![twice]!.length);
    expect(left[claimant]).toEqual([]);
  });
});

describe.runIf(serverUrl)(`the actor claims page statement's plan (${databaseLabel})`, () => {
  const ACTORS = 10;
  const api = useTestApi(async (database) => {
    // 7,500 statements of one or two claims each, among 50 actors as authors and signatories: hundreds of claims per actor.
    await generateTimeline(database.handle.db, { items: 10_000, prefix: 'plan', actors: 50, topics: 3, fanOut: true });
  });

  it.each(['(first: 10)', '(last: 10)'])('reads each actor’s claims %s from claim_claimants’ key in claim order, stopping at the page', async (args) => {
    const { data, plan } = await explainNestedPage(
      api.database.handle.db,
      `{ actors(first: ${ACTORS}) { edges { node { claims${args} { totalCount edges { node { id } } } } } } }`,
    );
    expect(data.actors.edges).toHaveLength(ACTORS);
    for (const { node } of data.actors.edges) {
      expect(node.claims.edges).toHaveLength(10);
      expect(node.claims.totalCount).toBeGreaterThan(100);
    }
    expectPagesFromIndex(plan, (n) => n['Index Name'] === 'claim_claimants_actor_id_claim_id_pk', ACTORS, /^Index (Only )?Scan( Backward)?$/);
    // Nothing of the page statement reads the participant or appearance rows.
    expect(JSON.stringify(plan)).not.toMatch(/claim_appearances|statement_participants/);
  });
});
