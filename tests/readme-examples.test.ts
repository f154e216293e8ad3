// Every example operation in README.md, run against the curated dataset, must
// answer exactly the output the README shows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import type { Exec } from './helpers/graphql.js';

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
  const api = useTestApi(seedCurated);
  const exec: Exec = (query, variables) => api.exec(query, variables);

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples)('$name answers as the README shows', async ({ query, variables, answer }) => {
    expect(await exec(query, variables)).toEqual(answer);
  });
});
