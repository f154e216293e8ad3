// The seed loader on the audit trail: seeding is recorded as a Change by
// "seed", and a second seed never silently undoes an edit made through the API.
import { describe, expect, it } from 'vitest';
import { createKey } from '../src/domain/keys.js';
import { SeedError, seedDatabase } from '../src/seed/index.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { dataFor } from './helpers/graphql.js';

const SEED_CHANGES = `query { changes(filter: { author: "seed" }) { totalCount edges { node { mutation entries { operation } } } } }`;
const ACTOR = `query($slug: String!) { actor(slug: $slug) { id name version changes(first: 5) { edges { node { author mutation } } } } }`;
const UPDATE_ACTOR = `mutation($input: UpdateActorInput!) { updateActor(input: $input) { actor { name version } userErrors { code } change { id } } }`;
const CREATE_TOPIC = `mutation($input: CreateTopicInput!) { createTopic(input: $input) { topic { slug } userErrors { code } } }`;
const REVERT = `mutation($input: RevertChangeInput!) { revertChange(input: $input) { userErrors { code } } }`;
const TOPIC = `query($slug: String!) { topic(slug: $slug) { slug } }`;

describe(`seeding beside API edits (${databaseLabel})`, () => {
  let key = '';
  const api = useTestApi(async (database) => {
    await seedCurated(database);
    key = await createKey(database.handle.db, 'editor', 'EDITOR');
  });

  const run = (query: string, variables?: Record<string, unknown>) => dataFor(api.server, key)(query, variables);

  it('records the first seed as one Change by "seed", and a second identical seed as none', async () => {
    const seeded = (await run(SEED_CHANGES)).changes;
    expect(seeded.totalCount).toBe(1);
    expect(seeded.edges[0].node.mutation).toBe('seed');
    expect(seeded.edges[0].node.entries.length).toBeGreaterThan(1000);
    expect(new Set(seeded.edges[0].node.entries.map((e: any) => e.operation))).toEqual(new Set(['CREATE']));
    // Oldest first from the end: the seed made the actor, whatever other tests did since.
    expect((await run(ACTOR, { slug: 'anca' })).actor.changes.edges.at(-1)).toEqual({ node: { author: 'seed', mutation: 'seed' } });
    const again = await seedDatabase(api.database.handle.db);
    expect(again.changed).toBe(false);
    expect((await run(SEED_CHANGES)).changes.totalCount).toBe(1);
  });

  it('refuses to seed over an API edit, naming it, and writes nothing; seeds again once the edit is reverted', async () => {
    const actor = (await run(ACTOR, { slug: 'anca' })).actor;
    const edit = (await run(UPDATE_ACTOR, { input: { id: actor.id, name: 'ANCA (edited)' } })).updateActor;
    expect(edit.actor).toEqual({ name: 'ANCA (edited)', version: actor.version + 1 });
    const topic = (await run(CREATE_TOPIC, { input: { name: 'Added through the API' } })).createTopic.topic;

    const refused = await seedDatabase(api.database.handle.db).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SeedError);
    expect((refused as SeedError).message).toMatch(/actors anca: the seed files would overwrite it, but it was edited through the API \(change \d+ by editor\)/);
    expect((await run(ACTOR, { slug: 'anca' })).actor.name).toBe('ANCA (edited)');

    expect((await run(REVERT, { input: { change: edit.change.id } })).revertChange.userErrors).toEqual([]);
    const report = await seedDatabase(api.database.handle.db);
    expect(report.changed).toBe(false);
    expect((await run(ACTOR, { slug: 'anca' })).actor.name).not.toBe('ANCA (edited)');
    expect((await run(TOPIC, { slug: topic.slug })).topic).toEqual({ slug: topic.slug });
  });
});
