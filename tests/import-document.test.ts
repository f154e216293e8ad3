// importDocument: a document in the seeds/ format applied whole, as one Change,
// naming what it defines and what the database holds; refused whole otherwise.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readSeeds, SeedError, validateSeeds } from '../src/seed/index.js';
import { createKey } from '../src/domain/keys.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { dataFor } from './helpers/graphql.js';

const IMPORT = /* GraphQL */ `
  mutation Import($input: ImportDocumentInput!) {
    importDocument(input: $input) {
      source { slug title }
      statements { slug participants { role actor { slug } } }
      claims { id slug claimants { slug } appearances { excerpts { quote start } } relations { kind to { id slug } statement { slug } } }
      userErrors { field code message }
      change { id mutation entries { table } }
    }
  }
`;
const REVERT = `mutation($input: RevertChangeInput!) { revertChange(input: $input) { userErrors { code message } } }`;
const CLAIM = `query($id: ID!) { node(id: $id) { ... on Claim { slug rebuttals { slug } } } }`;
const SOURCE = `query($slug: String!) { source(slug: $slug) { slug } }`;

const TEXT = 'Baku, 2 February 2026. Azerbaijan did agree to nothing, the ministry spokesperson said on Monday.';

function document(overrides: { claimTo?: string; quote?: string; actor?: string; tag?: string } = {}) {
  const tag = overrides.tag ?? '';
  return `
source:
  slug: ministry-briefing-2026-02-02${tag}
  title: Ministry briefing of 2 February 2026
  kind: TRANSCRIPT
  published: "2026-02-02"
  text: ${JSON.stringify(TEXT)}
statements:
  - slug: ministry-briefing-remarks${tag}
    title: The ministry spokesperson's remarks
    kind: REMARKS
    date: "2026-02-02"
    participants:
      - {actor: ${overrides.actor ?? 'azerbaijan'}, role: AUTHOR}
    events: [gaza-isf]
    excerpts:
      - {start: 0, end: 22, quote: "Baku, 2 February 2026."}
claims:
  - slug: azerbaijan-agreed-to-nothing${tag}
    text: Azerbaijan agreed to nothing about the stabilization force.
    kind: FACTUAL
    subjects: [azerbaijan]
    topics:
      - {topic: azerbaijan-isf-participation, stance: AGAINST}
    appearances:
      - statement: ministry-briefing-remarks${tag}
        excerpts:
          - {start: 23, end: 55, quote: ${JSON.stringify(overrides.quote ?? 'Azerbaijan did agree to nothing,')}}
relations:
  - kind: REBUTS
    from: azerbaijan-agreed-to-nothing${tag}
    to: ${overrides.claimTo ?? 'waltz-remarks-suggested-azerbaijan-agreed'}
    statement: ministry-briefing-remarks${tag}
`;
}

describe(`importDocument (${databaseLabel})`, () => {
  let key = '';
  const api = useTestApi(async (database) => {
    await seedCurated(database);
    key = await createKey(database.handle.db, 'importer', 'EDITOR');
  });

  const run = (query: string, variables?: Record<string, unknown>) => dataFor(api.server, key)(query, variables);

  it('refuses a document whole, with the path inside it: bad YAML, an unknown slug, a misplaced quote', async () => {
    const cases: [string, string, string[]][] = [
      ['source: [unclosed', 'INVALID_DOCUMENT', ['content']],
      [document({ actor: 'nobody-by-this-slug' }), 'NOT_FOUND', ['content', 'statements', '0', 'participants', '0', 'actor']],
      [document({ claimTo: 'no-such-claim' }), 'NOT_FOUND', ['content', 'relations', '0', 'to']],
      [document({ quote: 'Azerbaijan did agree to nothing!' }), 'SPAN_MISMATCH', ['content', 'claims', '0', 'appearances', '0', 'excerpts', '0', 'start']],
    ];
    for (const [content, code, field] of cases) {
      const refused = (await run(IMPORT, { input: { format: 'YAML', content } })).importDocument;
      expect(refused, code).toMatchObject({ source: null, statements: [], claims: [], change: null });
      expect(refused.userErrors, code).toEqual([expect.objectContaining({ code, field })]);
    }
    expect((await run(SOURCE, { slug: 'ministry-briefing-2026-02-02' })).source).toBeNull();
  });

  it('imports a document as one Change, linked to what the database holds, and reverts it whole', async () => {
    const imported = (await run(IMPORT, { input: { format: 'YAML', content: document() } })).importDocument;
    expect(imported.userErrors).toEqual([]);
    expect(imported.source).toEqual({ slug: 'ministry-briefing-2026-02-02', title: 'Ministry briefing of 2 February 2026' });
    expect(imported.statements).toEqual([{ slug: 'ministry-briefing-remarks', participants: [{ role: 'AUTHOR', actor: { slug: 'azerbaijan' } }] }]);
    const [claim] = imported.claims;
    const waltz = claim.relations[0].to.id;
    expect(imported.claims).toEqual([
      {
        id: claim.id,
        slug: 'azerbaijan-agreed-to-nothing',
        claimants: [{ slug: 'azerbaijan' }],
        appearances: [{ excerpts: [{ quote: 'Azerbaijan did agree to nothing,', start: 23 }] }],
        relations: [{ kind: 'REBUTS', to: { id: waltz, slug: 'waltz-remarks-suggested-azerbaijan-agreed' }, statement: { slug: 'ministry-briefing-remarks' } }],
      },
    ]);
    expect(imported.change.mutation).toBe('importDocument');
    expect(new Set(imported.change.entries.map((e: any) => e.table))).toEqual(
      new Set(['sources', 'statements', 'statement_participants', 'excerpts', 'statement_excerpts', 'statement_events', 'claims', 'claim_subjects', 'claim_topics', 'claim_appearances', 'appearance_excerpts', 'claim_relations']),
    );
    const rebuttals = (await run(CLAIM, { id: waltz })).node.rebuttals.map((c: any) => c.slug);
    expect(rebuttals).toContain('azerbaijan-agreed-to-nothing');

    const undo = (await run(REVERT, { input: { change: imported.change.id } })).revertChange;
    expect(undo.userErrors, JSON.stringify(undo.userErrors)).toEqual([]);
    expect((await run(SOURCE, { slug: 'ministry-briefing-2026-02-02' })).source).toBeNull();
    expect((await run(CLAIM, { id: claim.id })).node).toBeNull();
    const after = (await run(CLAIM, { id: waltz })).node.rebuttals.map((c: any) => c.slug);
    expect(after).not.toContain('azerbaijan-agreed-to-nothing');
  });

  it('refuses repeated or self responses, a bad relation date and a repeated relation in userErrors', async () => {
    const { parse } = await import('yaml');
    const base = parse(document({ tag: '-bad' }));
    const variants: [string, (doc: any) => void, string, string[]][] = [
      ['repeated response', (d) => (d.statements[0].respondsTo = ['aliyev-tv-interview', 'aliyev-tv-interview']), 'INVALID_INPUT', ['content', 'statements', '0', 'respondsTo', '1']],
      ['self response', (d) => (d.statements[0].respondsTo = [d.statements[0].slug]), 'INVALID_INPUT', ['content', 'statements', '0', 'respondsTo', '0']],
      ['bad created', (d) => (d.relations = [{ ...d.relations[0], statement: null, note: 'n', created: 'not-a-date' }]), 'INVALID_DATE', ['content', 'relations', '0', 'created']],
      ['repeated relation', (d) => d.relations.push({ ...d.relations[0] }), 'DUPLICATE_RELATION', ['content', 'relations', '1']],
    ];
    for (const [name, change, code, field] of variants) {
      const doc = structuredClone(base);
      change(doc);
      const refused = (await run(IMPORT, { input: { format: 'JSON', content: JSON.stringify(doc) } })).importDocument;
      expect(refused.userErrors, name).toEqual([expect.objectContaining({ code, field })]);
    }
  });

  it('refuses what the seed loader refuses, with the same message, at the same place', async () => {
    const seeds = fileURLToPath(new URL('../seeds', import.meta.url));
    const doc = parse(readFileSync(join(seeds, 'documents/anp-anca-press-release.yaml'), 'utf8'));
    doc.claims[2].kind = 'OPINION';
    doc.statements[0].participants.push({ ...doc.statements[0].participants[0] });

    const dir = mkdtempSync(join(tmpdir(), 'claimline-seeds-'));
    try {
      cpSync(seeds, dir, { recursive: true });
      writeFileSync(join(dir, 'documents/anp-anca-press-release.yaml'), stringify(doc));
      const error = (() => {
        try {
          validateSeeds(readSeeds(dir));
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(SeedError);
      const text = readFileSync(join(seeds, 'sources/anp-anca-press-release.txt'), 'utf8');
      const content = JSON.stringify({ ...doc, source: { ...doc.source, text } });
      const refused = (await run(IMPORT, { input: { format: 'JSON', content } })).importDocument;
      const at = (field: string[]) => refused.userErrors.find((e: any) => e.field.join('.') === field.join('.'));
      const kind = at(['content', 'claims', '2', 'kind']);
      const repeated = at(['content', 'statements', '0', 'participants', String(doc.statements[0].participants.length - 1), 'actor']);
      expect(refused.userErrors).toEqual([repeated, kind]);
      expect(kind).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('has unknown value "OPINION"') });
      expect((error as SeedError).errors).toEqual([
        `documents/anp-anca-press-release.yaml: statements[0] "${doc.statements[0].slug}".participants[${doc.statements[0].participants.length - 1}].actor: ${repeated.message}`,
        `documents/anp-anca-press-release.yaml: claims[2] "${doc.claims[2].slug}".kind: ${kind.message}`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the same document as JSON', async () => {
    const { parse } = await import('yaml');
    const json = JSON.stringify(parse(document({ tag: '-json' })));
    const imported = (await run(IMPORT, { input: { format: 'JSON', content: json } })).importDocument;
    expect(imported.userErrors).toEqual([]);
    expect(imported.claims.map((c: any) => c.slug)).toEqual(['azerbaijan-agreed-to-nothing-json']);
  });
});
