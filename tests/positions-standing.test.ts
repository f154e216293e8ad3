// Positions over time (Actor.positions, Topic.positions) on the seed data, and
// claim standing as of a day: the field and the claims filter, on the seeds and
// on a small fixture that puts every relation kind and dating rule on one claim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzyDateToColumns, parseFuzzyDate } from '../src/dates/fuzzy-date.js';
import { claimRelations, claims, statements } from '../src/db/schema.js';
import { seedDatabase } from '../src/seed/index.js';
import { createTestDatabase, databaseLabel, type TestDatabase } from './helpers/database.js';
import { errorCodes, type Exec, execFor, expectNoErrors, serverFor } from './helpers/graphql.js';

const TOPIC_POSITIONS = `query TopicPositions($slug: String!) {
  topic(slug: $slug) { id positions { actor { slug } stance claim { slug } date { edtf earliest latest } } }
}`;

const ACTOR_POSITIONS = `query ActorPositions($slug: String!, $topic: ID!) {
  actor(slug: $slug) { positions(topic: $topic) { actor { slug } topic { slug } stance claim { slug } date { edtf earliest } } }
}`;

const MANY_ACTOR_POSITIONS = `query ManyPositions($topic: ID!) {
  actors(first: 50) { edges { node { slug positions(topic: $topic) { stance } } } }
}`;

const CLAIM_STANDINGS = `query Standings($after: String, $asOf: Date) {
  claims(first: 100, after: $after) { edges { node { id slug standing(asOf: $asOf) } } pageInfo { hasNextPage endCursor } }
}`;

const TODAY_STANDINGS = `query Today($asOf: Date!) {
  claims(first: 100) { edges { node { slug today: standing standingOn: standing(asOf: $asOf) } } }
}`;

const CLAIMS_BY_STANDING = `query ByStanding($standing: ClaimStanding!, $asOf: Date, $after: String) {
  claims(first: 100, after: $after, filter: { standing: $standing, standingAsOf: $asOf }) { edges { node { id } } pageInfo { hasNextPage endCursor } }
}`;

let database: TestDatabase;
let exec: Exec;

async function all<T>(query: string, variables: Record<string, unknown>, pick: (data: any) => any): Promise<T[]> {
  const out: T[] = [];
  for (let after: string | null = null; ; ) {
    const connection = pick(expectNoErrors(await exec(query, { ...variables, after }), query));
    out.push(...connection.edges.map((e: any) => e.node));
    if (!connection.pageInfo.hasNextPage) return out;
    after = connection.pageInfo.endCursor;
  }
}

async function standings(asOf: string): Promise<Map<string, string>> {
  const nodes = await all<{ slug: string; standing: string }>(CLAIM_STANDINGS, { asOf }, (d) => d.claims);
  return new Map(nodes.map((n) => [n.slug, n.standing]));
}

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.handle.db;
  await seedDatabase(db);

  // One target claim with every relation kind and both dating rules.
  const dated = async (slug: string, edtf: string) =>
    (await db.insert(statements).values({ slug, title: slug, kind: 'REMARKS', ...fuzzyDateToColumns('date', parseFuzzyDate(edtf)) }).returning({ id: statements.id }))[0]!.id;
  const claim = async (slug: string) => (await db.insert(claims).values({ slug, text: `Fixture ${slug}`, kind: 'FACTUAL' }).returning({ id: claims.id }))[0]!.id;
  const [target, editorialTarget, qualifier, supporter, rebutter, contradicter] = await Promise.all(
    ['fx-target', 'fx-editorial-target', 'fx-qualifier', 'fx-supporter', 'fx-rebutter', 'fx-contradicter'].map(claim),
  );
  const [jan, march, may] = [await dated('fx-jan', '2024-01-01'), await dated('fx-march', '2024-03-10'), await dated('fx-may', '2024-05')];
  await db.insert(claimRelations).values([
    { kind: 'QUALIFIES', fromClaimId: qualifier!, toClaimId: target!, statementId: jan, createdOn: '2024-01-01' },
    { kind: 'RESTATES', fromClaimId: qualifier!, toClaimId: editorialTarget!, statementId: jan, createdOn: '2024-01-01' },
    { kind: 'SUPPORTS', fromClaimId: supporter!, toClaimId: target!, statementId: march, createdOn: '2024-03-10' },
    { kind: 'REBUTS', fromClaimId: rebutter!, toClaimId: target!, statementId: may, createdOn: '2024-05-01' },
    { kind: 'CONTRADICTS', fromClaimId: contradicter!, toClaimId: editorialTarget!, note: 'editorial link', createdOn: '2024-08-01' },
  ]);
  exec = execFor(serverFor(database));
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe(`positions (${databaseLabel})`, () => {
  it("lists Azerbaijan's conditional positions on the ISF, then its refusal, oldest first", async () => {
    const topic = expectNoErrors(await exec(TOPIC_POSITIONS, { slug: 'azerbaijan-isf-participation' })).topic;
    const mine = expectNoErrors(await exec(ACTOR_POSITIONS, { slug: 'azerbaijan', topic: topic.id }), ACTOR_POSITIONS).actor.positions;
    const stances = mine.map((p: any) => p.stance);
    expect(stances.slice(0, 3)).toEqual(['CONDITIONAL', 'CONDITIONAL', 'CONDITIONAL']);
    expect(stances).toContain('AGAINST');
    expect(stances.indexOf('AGAINST')).toBeGreaterThan(2);
    expect(mine.map((p: any) => p.claim.slug)).toContain('azerbaijan-would-contribute-only-if-hostilities-cease');
    expect(mine.every((p: any) => p.actor.slug === 'azerbaijan' && p.topic.slug === 'azerbaijan-isf-participation')).toBe(true);
    const days = mine.map((p: any) => p.date.earliest);
    expect(days).toEqual([...days].sort());
    // The conditional positions date from 2025; the refusal from the interview, known only to the year (2026?).
    expect(mine.filter((p: any) => p.stance === 'CONDITIONAL' && p.date.earliest < '2026-01-01')).toHaveLength(3);
    expect(mine.find((p: any) => p.stance === 'AGAINST').date.edtf).toBe('2026?');
  });

  it("lists every actor's positions on a topic oldest first: Azerbaijan's conditions before Aliyev's refusal", async () => {
    const positions = expectNoErrors(await exec(TOPIC_POSITIONS, { slug: 'azerbaijan-isf-participation' })).topic.positions;
    const days = positions.map((p: any) => p.date.earliest);
    expect(days).toEqual([...days].sort());
    const lastCondition = positions.findLastIndex((p: any) => p.actor.slug === 'azerbaijan' && p.stance === 'CONDITIONAL' && p.date.earliest < '2026-01-01');
    const firstRefusal = positions.findIndex((p: any) => p.actor.slug === 'ilham-aliyev' && p.stance === 'AGAINST');
    expect(lastCondition).toBeGreaterThanOrEqual(0);
    expect(firstRefusal).toBeGreaterThan(lastCondition);
    expect(positions.find((p: any) => p.actor.slug === 'ilham-aliyev' && p.stance === 'AGAINST').claim.slug).toBeTruthy();
    // Only stance claims: every position has a stance.
    expect(positions.every((p: any) => p.stance)).toBe(true);
  });

  it('loads positions for a list of actors in one query, and refuses an unknown topic', async () => {
    const topic = expectNoErrors(await exec(TOPIC_POSITIONS, { slug: 'azerbaijan-isf-participation' })).topic;
    database.queries.length = 0;
    const data = expectNoErrors(await exec(MANY_ACTOR_POSITIONS, { topic: topic.id }), MANY_ACTOR_POSITIONS);
    expect(data.actors.edges.filter((e: any) => e.node.positions.length).length).toBeGreaterThan(2);
    expect(database.queries.filter((q) => q.includes('claim_topics'))).toHaveLength(1);
    const unknown = Buffer.from('Topic:999999').toString('base64');
    expect(errorCodes(await exec(ACTOR_POSITIONS, { slug: 'azerbaijan', topic: unknown }))).toEqual(['NOT_FOUND']);
    const actorId = Buffer.from('Actor:1').toString('base64');
    expect(errorCodes(await exec(ACTOR_POSITIONS, { slug: 'azerbaijan', topic: actorId }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe(`claim standing (${databaseLabel})`, () => {
  it('is UNCHALLENGED before the rebuttal and DISPUTED after it (seed data)', async () => {
    const before = await standings('2026-12-30');
    const after = await standings('2026-12-31');
    // Aliyev's reading of Waltz's remarks, rebutted in his interview (2026?) and in Baku's objection (2025?-12/2026?).
    expect(before.get('waltz-remarks-suggested-azerbaijan-agreed')).toBe('UNCHALLENGED');
    expect(after.get('waltz-remarks-suggested-azerbaijan-agreed')).toBe('DISPUTED');
    // Supported by an article dated only to 2026.
    expect(before.get('azerbaijan-refusal-shows-mobilization-challenge')).toBe('UNCHALLENGED');
    expect(after.get('azerbaijan-refusal-shows-mobilization-challenge')).toBe('SUPPORTED');
  });

  it("counts a statement's relation from the statement's latest possible day, an interval's too", async () => {
    // Rebutted in Baku's objection, dated '2025?-12/2026?', and in the interview, '2026?': not surely said before 31 December 2026.
    for (const day of ['2025-12-01', '2026-01-31', '2026-06-15', '2026-12-30']) {
      expect((await standings(day)).get('waltz-remarks-suggested-azerbaijan-agreed'), day).toBe('UNCHALLENGED');
    }
    expect((await standings('2026-12-31')).get('waltz-remarks-suggested-azerbaijan-agreed')).toBe('DISPUTED');
  });

  it('derives all four standings, ignoring QUALIFIES and RESTATES, dating editorial links by creation (fixture)', async () => {
    const on = async (asOf: string) => {
      const s = await standings(asOf);
      return [s.get('fx-target'), s.get('fx-editorial-target')];
    };
    expect(await on('2023-12-31')).toEqual(['UNCHALLENGED', 'UNCHALLENGED']);
    expect(await on('2024-02-01')).toEqual(['UNCHALLENGED', 'UNCHALLENGED']);
    expect(await on('2024-03-10')).toEqual(['SUPPORTED', 'UNCHALLENGED']);
    expect(await on('2024-05-15')).toEqual(['SUPPORTED', 'UNCHALLENGED']);
    expect(await on('2024-05-31')).toEqual(['CONTESTED', 'UNCHALLENGED']);
    expect(await on('2024-07-31')).toEqual(['CONTESTED', 'UNCHALLENGED']);
    expect(await on('2024-08-01')).toEqual(['CONTESTED', 'DISPUTED']);
  });

  it('defaults asOf to today (UTC)', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const data = expectNoErrors(await exec(TODAY_STANDINGS, { asOf: today }), TODAY_STANDINGS);
    for (const { node } of data.claims.edges) expect(node.today).toBe(node.standingOn);
  });

  it('claims(filter: {standing}) selects exactly the claims whose standing field says so', async () => {
    for (const asOf of ['2024-05-31', '2025-11-30', '2026-02-01']) {
      const byField = await standings(asOf);
      const ids = await all<{ id: string; slug: string }>(CLAIM_STANDINGS, { asOf }, (d) => d.claims);
      for (const standing of ['UNCHALLENGED', 'SUPPORTED', 'DISPUTED', 'CONTESTED']) {
        const filtered = await all<{ id: string }>(CLAIMS_BY_STANDING, { standing, asOf }, (d) => d.claims);
        const want = ids.filter((c) => byField.get(c.slug) === standing).map((c) => c.id);
        expect(filtered.map((c) => c.id), `${standing} on ${asOf}`).toEqual(want);
      }
    }
    const disputedNow = await all<{ id: string }>(CLAIMS_BY_STANDING, { standing: 'DISPUTED' }, (d) => d.claims);
    expect(disputedNow.length).toBeGreaterThan(0);
  });

  it('computes the standing of a whole page of claims in one query', async () => {
    database.queries.length = 0;
    expectNoErrors(await exec(CLAIM_STANDINGS, { asOf: '2026-02-01' }));
    expect(database.queries.filter((q) => q.includes('claim_relations'))).toHaveLength(1);
  });

  it('node(id) and nodes(ids) read claims with their standing, rebuttals and relations in one statement, equal to the list\'s', async () => {
    const listed = `query Listed($after: String) {
      claims(first: 100, after: $after) { edges { node { id slug early: standing(asOf: "2025-01-01") late: standing(asOf: "2026-12-31") rebuttals { slug } relations { kind to { slug } } } }
        pageInfo { hasNextPage endCursor } }
    }`;
    const byNode = `query ByNode($id: ID!) { node(id: $id) { id ... on Claim { slug early: standing(asOf: "2025-01-01") late: standing(asOf: "2026-12-31") rebuttals { slug } relations { kind to { slug } } } } }`;
    const byNodes = `query ByNodes($ids: [ID!]!) { nodes(ids: $ids) { id ...Standing } }
      fragment Standing on Claim { slug early: standing(asOf: "2025-01-01") late: standing(asOf: "2026-12-31") rebuttals { slug } relations { kind to { slug } } }`;
    const claimsListed = await all<{ id: string; slug: string; early: string; late: string }>(listed, {}, (d) => d.claims);
    const rebutted = claimsListed.find((c: any) => c.rebuttals.length > 1 && c.early !== c.late) ?? claimsListed.find((c: any) => c.rebuttals.length > 1)!;
    expect(rebutted).toBeDefined();

    database.queries.length = 0;
    const one = expectNoErrors(await exec(byNode, { id: rebutted.id }), byNode).node;
    expect(database.queries).toHaveLength(1);
    expect(one).toEqual(rebutted);

    database.queries.length = 0;
    const missing = Buffer.from('Claim:999999').toString('base64');
    const some = claimsListed.slice(0, 99);
    const many = expectNoErrors(await exec(byNodes, { ids: [...some.map((c) => c.id), missing] }), byNodes).nodes;
    expect(database.queries).toHaveLength(1);
    expect(many).toEqual([...some, null]);
    expect(many.some((c: any) => c && c.early !== c.late)).toBe(true);
    expect(many.some((c: any) => c && c.relations.length)).toBe(true);
  });

  it('reads a page\'s standings on two days and its rebuttals in one statement, each as asked alone', async () => {
    const together = `query Together($asOf: Date) {
      claims(first: 100) { edges { node { slug early: standing(asOf: "2025-01-01") late: standing(asOf: $asOf) rebuttals { slug } } } }
    }`;
    const rebuttalsAlone = `query Rebuttals { claims(first: 100) { edges { node { slug rebuttals { slug } } } } }`;
    database.queries.length = 0;
    const nodes = expectNoErrors(await exec(together, { asOf: '2026-12-31' }), together).claims.edges.map((e: any) => e.node);
    expect(database.queries.filter((q) => q.includes('claim_relations'))).toHaveLength(1);
    const [early, late] = [await standings('2025-01-01'), await standings('2026-12-31')];
    const alone = new Map<string, string[]>(
      expectNoErrors(await exec(rebuttalsAlone), rebuttalsAlone).claims.edges.map((e: any) => [e.node.slug, e.node.rebuttals.map((r: any) => r.slug)]),
    );
    for (const node of nodes) {
      expect(node.early, node.slug).toBe(early.get(node.slug));
      expect(node.late, node.slug).toBe(late.get(node.slug));
      expect(node.rebuttals.map((r: any) => r.slug), node.slug).toEqual(alone.get(node.slug));
    }
    expect(nodes.some((n: any) => n.early !== n.late)).toBe(true);
    expect(nodes.some((n: any) => n.rebuttals.length > 1)).toBe(true);
  });
});
