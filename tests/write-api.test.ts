// The write API: mutations with keys, refusals in userErrors with nothing
// written, one audited Change per write, versions, and reverts that restore
// the database exactly.
import { describe, expect, it } from 'vitest';
import { createKey } from '../src/domain/keys.js';
import { runWrite } from '../src/domain/write.js';
import { TRACKED_TABLES } from '../src/domain/tracked-tables.js';
import { topics } from '../src/db/schema.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { errorCodes, expectNoErrors, type GraphQLResponse } from './helpers/graphql.js';

const CHANGE_FIELDS = 'change { id author mutation reverts { id } entries { operation nodeId table before after } }';
const CREATE_TOPIC = /* GraphQL */ `
  mutation CreateTopic($input: CreateTopicInput!) {
    createTopic(input: $input) { topic { id slug name version } userErrors { field message code } ${CHANGE_FIELDS} }
  }
`;
const UPDATE_TOPIC = /* GraphQL */ `
  mutation UpdateTopic($input: UpdateTopicInput!) {
    updateTopic(input: $input) { topic { id name version } userErrors { field message code } change { id } }
  }
`;
const DELETE_TOPIC = /* GraphQL */ `
  mutation DeleteTopic($input: DeleteInput!) { deleteTopic(input: $input) { deletedId userErrors { field message code } change { id } } }
`;
const RELATE = /* GraphQL */ `
  mutation Relate($input: RelateClaimsInput!) {
    relateClaims(input: $input) { relation { kind note from { slug } to { slug } } userErrors { field code message } change { id } }
  }
`;
const UNRELATE = /* GraphQL */ `
  mutation Unrelate($input: UnrelateClaimsInput!) { unrelateClaims(input: $input) { userErrors { code } change { id } } }
`;
const REVERT = /* GraphQL */ `
  mutation Revert($input: RevertChangeInput!) {
    revertChange(input: $input) { change { id author mutation reverts { id revertedBy { id } } } userErrors { field code message } }
  }
`;
const TOPIC = /* GraphQL */ `
  query Topic($slug: String!) { topic(slug: $slug) { id name version changes(first: 10) { edges { node { mutation author } } } } }
`;
const USED_TOPIC = /* GraphQL */ `
  query { topics(first: 100) { edges { node { id slug version claims(first: 1) { totalCount } } } } }
`;
const TWO_CLAIMS = /* GraphQL */ `
  query { claims(first: 2) { edges { node { id slug incomingRelations { kind from { slug } } } } } }
`;
const CLAIM_VERSIONS = /* GraphQL */ `
  query { claims(first: 4) { edges { node { id slug version } } } }
`;
const UPDATE_CLAIM = /* GraphQL */ `
  mutation UpdateClaim($input: UpdateClaimInput!) { updateClaim(input: $input) { claim { version } userErrors { field code } } }
`;
const CHANGES = /* GraphQL */ `
  query Changes($filter: ChangeFilter) { changes(first: 100, filter: $filter) { totalCount edges { node { id author mutation } } } }
`;

describe(`write API (${databaseLabel})`, () => {
  const keys: Record<string, string> = {};
  const api = useTestApi(async (database) => {
    await seedCurated(database);
    keys.alice = await createKey(database.handle.db, 'alice', 'EDITOR');
    keys.bob = await createKey(database.handle.db, 'bob', 'EDITOR');
    keys.root = await createKey(database.handle.db, 'root', 'ADMIN');
    keys.rita = await createKey(database.handle.db, 'rita', 'READER');
  });

  async function as<T = any>(who: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T> & { status: number }> {
    const response = await api.server.fetch('http://claimline.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${keys[who]}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as GraphQLResponse<T>) };
  }

  async function changeCount(): Promise<number> {
    return expectNoErrors(await as(null, CHANGES)).changes.totalCount;
  }

  /** Every tracked table, row by row (stored columns, sorted), for comparing whole states; `version` left out when asked. */
  async function dump(options: { versions: boolean } = { versions: true }): Promise<Record<string, string[]>> {
    const db = api.database.handle.db;
    const state: Record<string, string[]> = {};
    for (const tracked of TRACKED_TABLES) {
      const props = tracked.storedProps.filter((prop) => options.versions || prop !== 'version');
      const rows = (await db.select().from(tracked.table)) as Record<string, unknown>[];
      state[tracked.name] = rows.map((row) => JSON.stringify(props.map((prop) => row[prop] ?? null))).sort();
    }
    return state;
  }

  /** "table key" -> version, for every entity row. */
  async function versions(): Promise<Map<string, number>> {
    const db = api.database.handle.db;
    const result = new Map<string, number>();
    for (const tracked of TRACKED_TABLES.filter((t) => t.entity)) {
      const rows = (await db.select().from(tracked.table)) as Record<string, unknown>[];
      for (const row of rows) result.set(`${tracked.name} ${JSON.stringify(tracked.keyProps.map((prop) => row[prop]))}`, Number(row.version));
    }
    return result;
  }

  it('creates a topic with a derived slug, recorded as one Change by its key', async () => {
    const result = await as('alice', CREATE_TOPIC, { input: { name: 'Peacekeeping mandates', description: 'Who may send troops, and on what terms.' } });
    const payload = expectNoErrors(result).createTopic;
    expect(payload.userErrors).toEqual([]);
    expect(payload.topic).toMatchObject({ slug: 'peacekeeping-mandates', name: 'Peacekeeping mandates', version: 1 });
    expect(payload.change).toMatchObject({ author: 'alice', mutation: 'createTopic', reverts: null });
    expect(payload.change.entries).toEqual([
      expect.objectContaining({ operation: 'CREATE', nodeId: payload.topic.id, table: 'topics', before: null }),
    ]);
    expect(payload.change.entries[0].after).toMatchObject({ slug: 'peacekeeping-mandates', version: 1 });
    const read = expectNoErrors(await as(null, TOPIC, { slug: 'peacekeeping-mandates' })).topic;
    expect(read.changes.edges).toEqual([{ node: { mutation: 'createTopic', author: 'alice' } }]);
  });

  it('refuses a taken slug and empty or too long input in userErrors, writing nothing', async () => {
    const before = await changeCount();
    const [existing] = expectNoErrors(await as(null, USED_TOPIC)).topics.edges;
    const taken = expectNoErrors(await as('alice', CREATE_TOPIC, { input: { slug: existing.node.slug, name: 'Anything' } })).createTopic;
    expect(taken).toMatchObject({ topic: null, change: null, userErrors: [{ field: ['slug'], code: 'DUPLICATE_SLUG' }] });
    const empty = expectNoErrors(await as('alice', CREATE_TOPIC, { input: { name: '   ' } })).createTopic;
    expect(empty.userErrors).toEqual([expect.objectContaining({ field: ['name'], code: 'INVALID_INPUT' })]);
    const long = expectNoErrors(await as('alice', CREATE_TOPIC, { input: { name: 'x'.repeat(301) } })).createTopic;
    expect(long.userErrors).toEqual([expect.objectContaining({ field: ['name'], code: 'TOO_LONG' })]);
    const badSlug = expectNoErrors(await as('alice', CREATE_TOPIC, { input: { name: 'Fine', slug: 'Not A Slug' } })).createTopic;
    expect(badSlug.userErrors).toEqual([expect.objectContaining({ field: ['slug'], code: 'INVALID_SLUG' })]);
    expect(await changeCount()).toBe(before);
  });

  it('needs a key for mutations: none is UNAUTHENTICATED (401), a READER key FORBIDDEN', async () => {
    const none = await as(null, CREATE_TOPIC, { input: { name: 'Nobody' } });
    expect(none.status).toBe(401);
    expect(errorCodes(none)).toEqual(['UNAUTHENTICATED']);
    const reader = await as('rita', CREATE_TOPIC, { input: { name: 'Reader' } });
    expect(errorCodes(reader)).toEqual(['FORBIDDEN']);
    expect(expectNoErrors(await as(null, TOPIC, { slug: 'reader' })).topic).toBeNull();
  });

  it('raises the version on update and refuses a stale version with CONFLICT', async () => {
    const created = expectNoErrors(await as('alice', CREATE_TOPIC, { input: { name: 'Versioned topic' } })).createTopic.topic;
    const first = expectNoErrors(await as('alice', UPDATE_TOPIC, { input: { id: created.id, version: 1, name: 'Versioned topic, renamed' } })).updateTopic;
    expect(first.topic).toMatchObject({ name: 'Versioned topic, renamed', version: 2 });
    const stale = expectNoErrors(await as('bob', UPDATE_TOPIC, { input: { id: created.id, version: 1, name: 'Lost edit' } })).updateTopic;
    expect(stale).toMatchObject({ topic: null, change: null, userErrors: [{ field: ['version'], code: 'CONFLICT' }] });
  });

  it('lets exactly one of two concurrent updates at the same version win', async () => {
    const created = expectNoErrors(await as('alice', CREATE_TOPIC, { input: { name: 'Contested topic' } })).createTopic.topic;
    const [a, b] = await Promise.all([
      as('alice', UPDATE_TOPIC, { input: { id: created.id, version: 1, name: 'Alice was here' } }),
      as('bob', UPDATE_TOPIC, { input: { id: created.id, version: 1, name: 'Bob was here' } }),
    ]);
    const outcomes = [expectNoErrors(a).updateTopic, expectNoErrors(b).updateTopic];
    expect(outcomes.filter((o) => o.topic).length).toBe(1);
    expect(outcomes.flatMap((o) => o.userErrors.map((e: any) => e.code))).toEqual(['CONFLICT']);
    const winner = outcomes.find((o) => o.topic)!.topic;
    expect(expectNoErrors(await as(null, TOPIC, { slug: 'contested-topic' })).topic).toMatchObject({ name: winner.name, version: 2 });
  });

  it('refuses to delete a topic claims bear on (IN_USE, naming them), and deletes an unused one', async () => {
    const used = expectNoErrors(await as(null, USED_TOPIC)).topics.edges.find((e: any) => e.node.claims.totalCount > 0).node;
    const refused = expectNoErrors(await as('alice', DELETE_TOPIC, { input: { id: used.id } })).deleteTopic;
    expect(refused).toMatchObject({ deletedId: null, change: null, userErrors: [{ field: ['id'], code: 'IN_USE' }] });
    expect(refused.userErrors[0].message).toMatch(/still referenced by: claim /);
    const fresh = expectNoErrors(await as('alice', CREATE_TOPIC, { input: { name: 'Short-lived topic' } })).createTopic.topic;
    const deleted = expectNoErrors(await as('alice', DELETE_TOPIC, { input: { id: fresh.id, version: 1 } })).deleteTopic;
    expect(deleted).toMatchObject({ deletedId: fresh.id, userErrors: [] });
    expect(expectNoErrors(await as(null, TOPIC, { slug: 'short-lived-topic' })).topic).toBeNull();
  });

  it('relates two claims editorially, shows it at once, and removes it', async () => {
    const [a, b] = expectNoErrors(await as(null, TWO_CLAIMS)).claims.edges.map((e: any) => e.node);
    const noNote = expectNoErrors(await as('alice', RELATE, { input: { from: a.id, to: b.id, kind: 'QUALIFIES' } })).relateClaims;
    expect(noNote.userErrors).toEqual([expect.objectContaining({ field: ['note'], code: 'NOTE_REQUIRED' })]);
    const self = expectNoErrors(await as('alice', RELATE, { input: { from: a.id, to: a.id, kind: 'QUALIFIES', note: 'x' } })).relateClaims;
    expect(self.userErrors[0].code).toBe('INVALID_INPUT');
    const made = expectNoErrors(await as('alice', RELATE, { input: { from: a.id, to: b.id, kind: 'QUALIFIES', note: 'The first narrows the second.' } })).relateClaims;
    expect(made.relation).toEqual({ kind: 'QUALIFIES', note: 'The first narrows the second.', from: { slug: a.slug }, to: { slug: b.slug } });
    const incoming = expectNoErrors(await as(null, TWO_CLAIMS)).claims.edges[1].node.incomingRelations;
    expect(incoming).toContainEqual({ kind: 'QUALIFIES', from: { slug: a.slug } });
    const again = expectNoErrors(await as('alice', RELATE, { input: { from: a.id, to: b.id, kind: 'QUALIFIES', note: 'twice' } })).relateClaims;
    expect(again.userErrors[0].code).toBe('DUPLICATE_RELATION');
    expect(expectNoErrors(await as('alice', UNRELATE, { input: { from: a.id, to: b.id, kind: 'QUALIFIES' } })).unrelateClaims.userErrors).toEqual([]);
    expect(expectNoErrors(await as('alice', UNRELATE, { input: { from: a.id, to: b.id, kind: 'QUALIFIES' } })).unrelateClaims.userErrors[0].code).toBe('NOT_FOUND');
  });

  it('raises both claims\' versions when relating and unrelating them, so an edit read before answers CONFLICT', async () => {
    const [, , c, d] = expectNoErrors(await as(null, CLAIM_VERSIONS)).claims.edges.map((e: any) => e.node);
    const versions = async () => {
      const nodes = expectNoErrors(await as(null, CLAIM_VERSIONS)).claims.edges.map((e: any) => e.node);
      return [nodes[2].version, nodes[3].version];
    };
    const related = expectNoErrors(await as('alice', RELATE, { input: { from: c.id, to: d.id, kind: 'SUPPORTS', note: 'Versions.' } })).relateClaims;
    expect(related.userErrors).toEqual([]);
    expect(await versions()).toEqual([c.version + 1, d.version + 1]);
    const stale = expectNoErrors(await as('alice', UPDATE_CLAIM, { input: { id: d.id, version: d.version, text: 'Edited from a stale read.' } })).updateClaim;
    expect(stale).toEqual({ claim: null, userErrors: [{ field: ['version'], code: 'CONFLICT' }] });
    const unrelated = expectNoErrors(await as('alice', UNRELATE, { input: { from: c.id, to: d.id, kind: 'SUPPORTS' } })).unrelateClaims;
    expect(unrelated.userErrors).toEqual([]);
    expect(await versions()).toEqual([c.version + 2, d.version + 2]);
  });

  it('reverts: only its own key or an ADMIN, later changes first, and a revert of a revert re-applies', async () => {
    const made = expectNoErrors(await as('alice', CREATE_TOPIC, { input: { name: 'Reverted topic' } })).createTopic;
    const renamed = expectNoErrors(await as('alice', UPDATE_TOPIC, { input: { id: made.topic.id, name: 'Reverted topic, renamed' } })).updateTopic;
    const byBob = expectNoErrors(await as('bob', REVERT, { input: { change: renamed.change.id } })).revertChange;
    expect(byBob.userErrors).toEqual([expect.objectContaining({ code: 'FORBIDDEN' })]);
    const tooEarly = expectNoErrors(await as('alice', REVERT, { input: { change: made.change.id } })).revertChange;
    expect(tooEarly.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    const undone = expectNoErrors(await as('root', REVERT, { input: { change: renamed.change.id } })).revertChange;
    expect(undone.change).toMatchObject({ author: 'root', mutation: 'revertChange', reverts: { id: renamed.change.id, revertedBy: { id: undone.change.id } } });
    // The old state with a new version: an edit read at version 2 must not pass as current.
    expect(expectNoErrors(await as(null, TOPIC, { slug: 'reverted-topic' })).topic).toMatchObject({ name: 'Reverted topic', version: 3 });
    const twice = expectNoErrors(await as('root', REVERT, { input: { change: renamed.change.id } })).revertChange;
    expect(twice.userErrors[0].code).toBe('CONFLICT');
    const redone = expectNoErrors(await as('root', REVERT, { input: { change: undone.change.id } })).revertChange;
    expect(redone.userErrors).toEqual([]);
    expect(expectNoErrors(await as(null, TOPIC, { slug: 'reverted-topic' })).topic).toMatchObject({ name: 'Reverted topic, renamed', version: 4 });
  });

  it('returns the database to its exact starting state when a sequence of changes is reverted newest first', async () => {
    // Versions apart: a revert gives what it restores a new version, so that an edit read
    // before cannot pass as current; they are checked to have only grown.
    const start = await dump({ versions: false });
    const startVersions = await versions();
    const [a, b] = expectNoErrors(await as(null, TWO_CLAIMS)).claims.edges.map((e: any) => e.node);
    const done: string[] = [];
    const topic = expectNoErrors(await as('alice', CREATE_TOPIC, { input: { name: 'Replay topic' } })).createTopic;
    done.push(topic.change.id);
    done.push(expectNoErrors(await as('alice', UPDATE_TOPIC, { input: { id: topic.topic.id, description: 'Described.' } })).updateTopic.change.id);
    done.push(expectNoErrors(await as('alice', RELATE, { input: { from: b.id, to: a.id, kind: 'SUPPORTS', note: 'Replay.' } })).relateClaims.change.id);
    done.push(expectNoErrors(await as('alice', DELETE_TOPIC, { input: { id: topic.topic.id } })).deleteTopic.change.id);
    expect(await dump({ versions: false })).not.toEqual(start);
    for (const id of done.reverse()) expect(expectNoErrors(await as('alice', REVERT, { input: { change: id } })).revertChange.userErrors).toEqual([]);
    expect(await dump({ versions: false })).toEqual(start);
    const endVersions = await versions();
    expect([...endVersions.keys()].sort()).toEqual([...startVersions.keys()].sort());
    for (const [row, version] of startVersions) expect(endVersions.get(row), row).toBeGreaterThanOrEqual(version);
  });

  it('writes nothing and records no Change when a write fails half-way', async () => {
    const before = await changeCount();
    const failure = runWrite(api.database.handle.db, { name: 'alice' }, 'createTopic', async (log) => {
      await log.insert(topics, { slug: 'half-written', name: 'Half written' });
      throw new Error('forced failure after the first write');
    });
    await expect(failure).rejects.toThrow(/forced failure/);
    expect(expectNoErrors(await as(null, TOPIC, { slug: 'half-written' })).topic).toBeNull();
    expect(await changeCount()).toBe(before);
  });

  it('filters the history by node and author, newest first', async () => {
    const mine = expectNoErrors(await as(null, CHANGES, { filter: { author: 'bob' } })).changes.edges;
    expect(mine.every((e: any) => e.node.author === 'bob')).toBe(true);
    const all = expectNoErrors(await as(null, CHANGES)).changes.edges.map((e: any) => Number(Buffer.from(e.node.id, 'base64').toString().split(':')[1]));
    expect(all).toEqual([...all].sort((x, y) => y - x));
  });
});
