// Reverts that would lose or corrupt later work are refused: records made
// since that point to what a change created, later changes still in effect,
// a slug taken again, a record gone since; a revert raises versions so a
// stale edit cannot pass as current.
import { describe, expect, it } from 'vitest';
import { createKey, KeyError } from '../src/domain/keys.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { dataFor } from './helpers/graphql.js';

const ERRORS = 'userErrors { field code message }';
const CREATE_TOPIC = `mutation($input: CreateTopicInput!) { createTopic(input: $input) { topic { id version } ${ERRORS} change { id } } }`;
const UPDATE_TOPIC = `mutation($input: UpdateTopicInput!) { updateTopic(input: $input) { topic { name version } ${ERRORS} change { id } } }`;
const DELETE_TOPIC = `mutation($input: DeleteInput!) { deleteTopic(input: $input) { ${ERRORS} change { id } } }`;
const CREATE_ACTOR = `mutation($input: CreateActorInput!) { createActor(input: $input) { actor { id } ${ERRORS} change { id } } }`;
const DELETE_ACTOR = `mutation($input: DeleteInput!) { deleteActor(input: $input) { ${ERRORS} change { id } } }`;
const CREATE_SOURCE = `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id } ${ERRORS} change { id } } }`;
const CREATE_STATEMENT = `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } ${ERRORS} change { id } } }`;
const DELETE_STATEMENT = `mutation($input: DeleteInput!) { deleteStatement(input: $input) { ${ERRORS} change { id } } }`;
const CREATE_CLAIM = `mutation($input: CreateClaimInput!) { createClaim(input: $input) { claim { id appearances { statement { slug } } } ${ERRORS} change { id } } }`;
const REVERT = `mutation($input: RevertChangeInput!) { revertChange(input: $input) { ${ERRORS} change { id } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Claim { appearances { statement { slug } } } ... on Topic { name version } } }`;

const TEXT = 'Geneva, 3 March 2026. The envoy said the ceasefire must hold, and that talks resume next week.';

describe(`revert safety (${databaseLabel})`, () => {
  let key = '';
  const api = useTestApi(async (database) => {
    await seedCurated(database);
    key = await createKey(database.handle.db, 'careful', 'EDITOR');
  });

  const run = (query: string, variables?: Record<string, unknown>) => dataFor(api.server, key)(query, variables);
  const revert = async (change: string) => (await run(REVERT, { input: { change } })).revertChange;

  it('refuses to revert a creation that later records point to, and changes nothing', async () => {
    const source = (await run(CREATE_SOURCE, { input: { title: 'Envoy briefing', kind: 'TRANSCRIPT', text: TEXT } })).createSource;
    const actor = (await run(CREATE_ACTOR, { input: { name: 'The envoy', kind: 'PERSON' } })).createActor;
    const statement = (await run(CREATE_STATEMENT, {
      input: { title: 'Envoy on the ceasefire', kind: 'REMARKS', date: '2026-03-03', participants: [{ actor: actor.actor.id, role: 'SPEAKER' }], excerpts: [{ source: source.source.id, quote: 'the ceasefire must hold' }] },
    })).createStatement;
    const claim = (await run(CREATE_CLAIM, {
      input: { text: 'The ceasefire must hold.', kind: 'NORMATIVE', appearances: [{ statement: statement.statement.id, excerpts: [{ source: source.source.id, quote: 'the ceasefire must hold' }] }] },
    })).createClaim;
    expect(claim.userErrors).toEqual([]);

    const statementRevert = await revert(statement.change.id);
    expect(statementRevert.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['change'] })]);
    expect(statementRevert.userErrors[0].message).toMatch(/claim_appearances/);
    expect((await run(NODE, { id: claim.claim.id })).node.appearances).toEqual([{ statement: { slug: 'envoy-on-the-ceasefire' } }]);
    expect((await revert(actor.change.id)).userErrors[0]).toMatchObject({ code: 'CONFLICT' });
    expect((await revert(source.change.id)).userErrors[0]).toMatchObject({ code: 'CONFLICT' });
  });

  it('raises the version on revert, so an edit read before it gets CONFLICT', async () => {
    const topic = (await run(CREATE_TOPIC, { input: { name: 'Aid' } })).createTopic.topic;
    const update = (await run(UPDATE_TOPIC, { input: { id: topic.id, name: 'Aid v2' } })).updateTopic;
    expect(update.topic.version).toBe(2);
    expect((await revert(update.change.id)).userErrors).toEqual([]);
    expect((await run(NODE, { id: topic.id })).node).toMatchObject({ name: 'Aid', version: 3 });
    for (const version of [1, 2]) {
      const stale = (await run(UPDATE_TOPIC, { input: { id: topic.id, version, name: 'Stale edit' } })).updateTopic;
      expect(stale.userErrors, String(version)).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    }
  });

  it('counts a later change that was reverted and re-applied as in effect', async () => {
    const topic = (await run(CREATE_TOPIC, { input: { name: 'Chain' } })).createTopic.topic;
    const a = (await run(UPDATE_TOPIC, { input: { id: topic.id, name: 'A' } })).updateTopic.change.id;
    const b = (await run(UPDATE_TOPIC, { input: { id: topic.id, name: 'B' } })).updateTopic.change.id;
    const bUndone = (await revert(b)).change.id;
    const bRedone = (await revert(bUndone)).change.id;
    expect((await run(NODE, { id: topic.id })).node.name).toBe('B');
    const refused = await revert(a);
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    expect((await run(NODE, { id: topic.id })).node.name).toBe('B');
    const again = await revert(b);
    expect(again.userErrors[0].message).toContain(`revert change ${Buffer.from(bRedone, 'base64').toString().split(':')[1]} to undo it`);
  });

  it('answers CONFLICT, not an internal error, when what a revert restores collides or points to something gone', async () => {
    const first = (await run(CREATE_TOPIC, { input: { name: 'Gaza talks' } })).createTopic.topic;
    const deleted = (await run(DELETE_TOPIC, { input: { id: first.id } })).deleteTopic;
    expect((await run(CREATE_TOPIC, { input: { name: 'Gaza talks' } })).createTopic.userErrors).toEqual([]);
    expect((await revert(deleted.change.id)).userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);

    const actor = (await run(CREATE_ACTOR, { input: { name: 'Short-lived envoy', kind: 'PERSON' } })).createActor;
    const source = (await run(CREATE_SOURCE, { input: { title: 'Short briefing', kind: 'OTHER', text: 'Short briefing text.' } })).createSource;
    const statement = (await run(CREATE_STATEMENT, {
      input: { title: 'Short remarks', kind: 'REMARKS', date: '2026', participants: [{ actor: actor.actor.id, role: 'SPEAKER' }], excerpts: [{ source: source.source.id, quote: 'Short briefing' }] },
    })).createStatement;
    const gone = (await run(DELETE_STATEMENT, { input: { id: statement.statement.id } })).deleteStatement;
    expect((await run(DELETE_ACTOR, { input: { id: actor.actor.id } })).deleteActor.userErrors).toEqual([]);
    expect((await revert(gone.change.id)).userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
  });

  it('reserves the key name the seed loader signs with, and refuses links that are not http(s)', async () => {
    await expect(createKey(api.database.handle.db, 'seed', 'EDITOR')).rejects.toThrow(KeyError);
    const js = (await run(CREATE_SOURCE, { input: { title: 'Bad link', kind: 'OTHER', text: 'x', url: 'javascript:alert(1)' } })).createSource;
    expect(js.userErrors).toEqual([expect.objectContaining({ field: ['url'], code: 'INVALID_INPUT' })]);
  });
});
