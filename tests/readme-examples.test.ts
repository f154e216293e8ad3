// Every example operation in README.md, run against the curated dataset, must
// answer exactly the output the README shows.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseLabel, type TestDatabase } from './helpers/database.js';
import { execFor, serverFor, type Exec } from './helpers/graphql.js';
import { createSeededDatabase } from './helpers/seeded.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
/** A graphql block, an optional `variables:` line, then the json block of its answer. */
const EXAMPLE = /```graphql\n([\s\S]*?)```\n(?:\s*variables: `(.*?)`\n)?\s*```json\n([\s\S]*?)```/g;
const examples = [...README.matchAll(EXAMPLE)].map((m) => ({
  name: m[1]!.split('\n')[0]!,
  query: m[1]!,
  variables: m[2] ? JSON.parse(m[2]) : undefined,
  answer: JSON.parse(m[3]!),
}));

describe(`README examples (${databaseLabel})`, () => {
  let database: TestDatabase;
  let exec: Exec;

  beforeAll(async () => {
    database = await createSeededDatabase();
    exec = execFor(serverFor(database));
  });
  afterAll(() => database.drop());

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples)('$name answers as the README shows', async ({ query, variables, answer }) => {
    expect(await exec(query, variables)).toEqual(answer);
  });
});
