// The reference front end's operations (examples/timeline) against the
// server's schema.graphql, through GraphQL Code Generator's client preset, the
// same config as `npm run codegen` there: a schema change that breaks one of
// the page's operations, or the types the page's code relies on, fails here.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../examples/timeline/codegen.js';

const EXAMPLE = fileURLToPath(new URL('../examples/timeline/', import.meta.url));
const SCHEMA = fileURLToPath(new URL('../schema.graphql', import.meta.url));
const run = promisify(execFile);

/** The example's codegen config on another schema file, generating in memory only. */
function generateWith(schema: string): Promise<{ filename: string; content: string }[]> {
  return generate({ ...config, schema, cwd: EXAMPLE, silent: true, errorsOnly: true }, false);
}

describe('the reference front end against schema.graphql', () => {
  it("generates typed documents for every one of the page's operations", async () => {
    const files = await generateWith(SCHEMA);
    const graphqlTs = files.find((file) => file.filename.endsWith('gql/graphql.ts'))?.content ?? '';
    for (const name of ['TimelinePageDocument', 'FilterOptionsDocument', 'HistogramDocument', 'StatementClaimsDocument']) {
      expect(graphqlTs).toContain(`export const ${name} = new TypedDocumentString(`);
    }
  });

  it('fails, naming the field, when the schema renames one the page asks for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimline-codegen-'));
    try {
      const sdl = readFileSync(SCHEMA, 'utf8');
      // TimelineEdge's headline renamed, as a careless refactor would.
      const edge = sdl.indexOf('type TimelineEdge {');
      const line = sdl.indexOf('\n  headline: ', edge);
      const broken = edge < 0 || line < 0 ? sdl : `${sdl.slice(0, line)}\n  title2: ${sdl.slice(line + '\n  headline: '.length)}`;
      expect(broken).not.toBe(sdl);
      writeFileSync(join(dir, 'schema.graphql'), broken);
      await expect(generateWith(join(dir, 'schema.graphql'))).rejects.toThrow(/headline/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("type-checks the page's code against freshly generated documents (npm run codegen, then tsc)", async () => {
    await run('npm', ['run', 'codegen', '--silent'], { cwd: EXAMPLE });
    await expect(run('npm', ['run', 'typecheck', '--silent'], { cwd: EXAMPLE })).resolves.toBeDefined();
  }, 120_000);
});
