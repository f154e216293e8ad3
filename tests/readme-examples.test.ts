// Every example operation in README.md, run against the curated dataset, must
// answer exactly the output the README shows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKey } from '../src/domain/keys.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { execFor, type Exec } from './helpers/graphql.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
/** A graphql block, an optional `variables:` line, then the json block of its answer. */
const EXAMPLE = /```graphql\n([\s\S]*?)```\n(?:\s*variables: `(.*?)`\n)?\s*```json\n([\s\S]*?)```/g;
/** The curators' section writes; its examples run in order in a database of their own, with an EDITOR key. */
const WRITES_FROM = README.indexOf('## Recording changes');
const WRITES_TO = README.indexOf('\n## ', WRITES_FROM + 1);
const examples = [...README.matchAll(EXAMPLE)].map((m) => ({
  writes: m.index! > WRITES_FROM && m.index! < WRITES_TO,
  name: m[1]!.split('\n')[0]!,
  query: m[1]!,
  variables: m[2] ? JSON.parse(m[2]) : undefined,
  answer: JSON.parse(m[3]!),
}));

/**
 * The answer as the README shows it: every answer also carries its price in
 * extensions.cost, which the README leaves out; it must be there and within the limit.
 */
function asShown(result: Awaited<ReturnType<Exec>>) {
  const { cost, ...extensions } = result.extensions ?? {};
  expect(cost?.requestedQueryCost).toBeGreaterThan(0);
  expect(cost!.requestedQueryCost).toBeLessThanOrEqual(cost!.maximumAvailable);
  const { extensions: _all, ...rest } = result;
  return Object.keys(extensions).length ? { ...rest, extensions } : rest;
}

describe(`README examples (${databaseLabel})`, () => {
  let editorKey = '';
  const api = useTestApi(seedCurated);
  const writes = useTestApi(async (database) => {
    await seedCurated(database);
    editorKey = await createKey(database.handle.db, 'alice', 'EDITOR');
  });
  const exec: Exec = (query, variables) => api.exec(query, variables);
  const execAsEditor: Exec = (query, variables) => execFor(writes.server, editorKey)(query, variables);

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples.filter((example) => !example.writes))('$name answers as the README shows', async ({ query, variables, answer }) => {
    expect(asShown(await exec(query, variables))).toEqual(answer);
  });

  // The curators' examples build on one another (a statement in the source just added), so they run as one story.
  it("the curators' worked example answers step by step as the README shows", async () => {
    const story = examples.filter((example) => example.writes);
    expect(story.length).toBeGreaterThanOrEqual(5);
    for (const { name, query, variables, answer } of story) expect(asShown(await execAsEditor(query, variables)), name).toEqual(answer);
  });
});
