// A curator's day: a new source with its text, the actor who spoke, a
// statement anchored by pasted quotes; every refusal at its field, the read
// side showing the new data at once, and a revert taking it all back.
import { describe, expect, it } from 'vitest';
import { createKey } from '../src/domain/keys.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { dataFor } from './helpers/graphql.js';

const ERRORS = 'userErrors { field code message }';
const CREATE_ACTOR = `mutation($input: CreateActorInput!) { createActor(input: $input) { actor { id slug name aliases version } ${ERRORS} change { id } } }`;
const UPDATE_ACTOR = `mutation($input: UpdateActorInput!) { updateActor(input: $input) { actor { aliases version } ${ERRORS} } }`;
const DELETE_ACTOR = `mutation($input: DeleteInput!) { deleteActor(input: $input) { deletedId ${ERRORS} } }`;
const CREATE_SOURCE = `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id slug title } ${ERRORS} change { id } } }`;
const UPDATE_SOURCE = `mutation($input: UpdateSourceInput!) { updateSource(input: $input) { source { title version } ${ERRORS} } }`;
const CREATE_STATEMENT = `mutation($input: CreateStatementInput!) {
  createStatement(input: $input) {
    statement { id slug title date { edtf earliest latest } participants { role actor { slug } } excerpts { quote start end } }
    ${ERRORS} change { id entries { operation table } }
  }
}`;
const DELETE_STATEMENT = `mutation($input: DeleteInput!) { deleteStatement(input: $input) { deletedId ${ERRORS} } }`;
const REVERT = `mutation($input: RevertChangeInput!) { revertChange(input: $input) { ${ERRORS} } }`;
const ACTOR = `query($slug: String!) { actor(slug: $slug) { statements(first: 5) { edges { node { slug } } } } }`;
const TIMELINE = `query($search: String) { timeline(filter: { search: $search }) { edges { node { ... on Statement { slug } } } } }`;
const STATEMENT = `query($slug: String!) { statement(slug: $slug) { slug } }`;
const FIRST_STATEMENT = `query { statements(first: 1) { edges { node { id } } } }`;

const TEXT = 'Baku, 1 February 2026. The ministry said it will not send troops. The ministry said it will consider a UN mandate.';

describe(`recording statements (${databaseLabel})`, () => {
  let key = '';
  const api = useTestApi(async (database) => {
    await seedCurated(database);
    key = await createKey(database.handle.db, 'curator', 'EDITOR');
  });

  const run = (query: string, variables?: Record<string, unknown>) => dataFor(api.server, key)(query, variables);

  async function newSourceAndActor(tag: string) {
    const source = (await run(CREATE_SOURCE, { input: { title: `Ministry briefing ${tag}`, kind: 'TRANSCRIPT', published: '2026-02-01', text: TEXT } })).createSource;
    const actor = (await run(CREATE_ACTOR, { input: { name: `Ministry ${tag}`, kind: 'GOVERNMENT_BODY', aliases: [`MFA ${tag}`] } })).createActor;
    expect(source.userErrors).toEqual([]);
    expect(actor.userErrors).toEqual([]);
    return { source: source.source, actor: actor.actor };
  }

  it('records a statement anchored by quote alone, shown at once in the actor, the timeline and search', async () => {
    const { source, actor } = await newSourceAndActor('one');
    expect(actor).toMatchObject({ slug: 'ministry-one', aliases: ['MFA one'], version: 1 });
    const made = (await run(CREATE_STATEMENT, {
      input: {
        title: 'Ministry rules out troops for Gaza',
        kind: 'REMARKS',
        date: '2026-02-01',
        participants: [{ actor: actor.id, role: 'SPEAKER' }],
        excerpts: [{ source: source.id, quote: 'will not send troops' }],
      },
    })).createStatement;
    expect(made.userErrors).toEqual([]);
    expect(made.statement).toMatchObject({
      slug: 'ministry-rules-out-troops-for-gaza',
      date: { edtf: '2026-02-01', earliest: '2026-02-01', latest: '2026-02-01' },
      participants: [{ role: 'SPEAKER', actor: { slug: 'ministry-one' } }],
      excerpts: [{ quote: 'will not send troops', start: TEXT.indexOf('will not send troops'), end: TEXT.indexOf('will not send troops') + 20 }],
    });
    expect(made.change.entries.map((e: any) => e.table)).toEqual(['statements', 'statement_participants', 'excerpts', 'statement_excerpts']);
    expect((await run(ACTOR, { slug: 'ministry-one' })).actor.statements.edges).toEqual([{ node: { slug: made.statement.slug } }]);
    const timeline = (await run(TIMELINE, { search: 'rules out troops' })).timeline.edges.map((e: any) => e.node.slug);
    expect(timeline).toContain(made.statement.slug);
  });

  it('refuses quotes that are missing, ambiguous or misplaced, bad dates and unknown actors, at their field, writing nothing', async () => {
    const { source, actor } = await newSourceAndActor('two');
    const attempt = async (changes: Record<string, unknown>) =>
      (await run(CREATE_STATEMENT, { input: { title: 'Refused statement', kind: 'REMARKS', date: '2026-02', ...changes } })).createStatement;
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ excerpts: [{ source: source.id, quote: 'will send troops' }] }, ['excerpts', '0', 'quote'], 'QUOTE_NOT_FOUND'],
      [{ excerpts: [{ source: source.id, quote: 'The ministry said' }] }, ['excerpts', '0', 'quote'], 'AMBIGUOUS_QUOTE'],
      [{ excerpts: [{ source: source.id, quote: 'The ministry said', start: 3 }] }, ['excerpts', '0', 'start'], 'SPAN_MISMATCH'],
      [{ date: '2026-13' }, ['date'], 'INVALID_DATE'],
      [{ participants: [{ actor: actor.id, role: 'SPEAKER' }, { actor: source.id, role: 'AUTHOR' }] }, ['participants', '1', 'actor'], 'NOT_FOUND'],
    ];
    for (const [changes, field, code] of cases) {
      const refused = await attempt(changes);
      expect(refused.statement, code).toBeNull();
      expect(refused.userErrors, code).toEqual([expect.objectContaining({ field, code })]);
    }
    const second = TEXT.indexOf('The ministry said', TEXT.indexOf('The ministry said') + 1);
    const placed = await attempt({ excerpts: [{ source: source.id, quote: 'The ministry said', start: second }] });
    expect(placed.statement.excerpts).toEqual([{ quote: 'The ministry said', start: second, end: second + 17 }]);
    expect((await run(STATEMENT, { slug: 'refused-statement' })).statement).toMatchObject({ slug: 'refused-statement' });
  });

  it('keeps a quoted text fixed (IN_USE), refuses deleting an actor who spoke, and replaces aliases as a list', async () => {
    const { source, actor } = await newSourceAndActor('three');
    await run(CREATE_STATEMENT, {
      input: { title: 'Quoted once', kind: 'REMARKS', date: '2026', participants: [{ actor: actor.id, role: 'SPEAKER' }], excerpts: [{ source: source.id, quote: 'consider a UN mandate' }] },
    });
    const text = (await run(UPDATE_SOURCE, { input: { id: source.id, text: 'Something else.' } })).updateSource;
    expect(text.userErrors).toEqual([expect.objectContaining({ field: ['text'], code: 'IN_USE' })]);
    expect((await run(UPDATE_SOURCE, { input: { id: source.id, title: 'Ministry briefing, corrected' } })).updateSource.source).toEqual({ title: 'Ministry briefing, corrected', version: 2 });
    const refused = (await run(DELETE_ACTOR, { input: { id: actor.id } })).deleteActor;
    expect(refused.userErrors[0]).toMatchObject({ code: 'IN_USE' });
    expect(refused.userErrors[0].message).toMatch(/statement quoted-once/);
    const aliases = (await run(UPDATE_ACTOR, { input: { id: actor.id, version: 1, aliases: ['Foreign Ministry', 'MFA'] } })).updateActor;
    expect(aliases.actor).toEqual({ aliases: ['Foreign Ministry', 'MFA'], version: 2 });
  });

  it('deletes a statement nothing cites, and refuses one claims appear in', async () => {
    const used = (await run(FIRST_STATEMENT)).statements.edges[0].node.id;
    expect((await run(DELETE_STATEMENT, { input: { id: used } })).deleteStatement.userErrors[0]).toMatchObject({ code: 'IN_USE' });
    const { source } = await newSourceAndActor('four');
    const made = (await run(CREATE_STATEMENT, { input: { title: 'Soon gone', kind: 'REMARKS', date: '2026', excerpts: [{ source: source.id, quote: 'Baku' }] } })).createStatement;
    expect((await run(DELETE_STATEMENT, { input: { id: made.statement.id, version: 1 } })).deleteStatement).toEqual({ deletedId: made.statement.id, userErrors: [] });
    expect((await run(STATEMENT, { slug: 'soon-gone' })).statement).toBeNull();
  });

  it('reverts a recorded statement: it and its rows are gone, the source and actor stay', async () => {
    const { source, actor } = await newSourceAndActor('five');
    const made = (await run(CREATE_STATEMENT, {
      input: { title: 'Reverted statement', kind: 'REMARKS', date: '2026-02-01', participants: [{ actor: actor.id, role: 'SPEAKER' }], excerpts: [{ source: source.id, quote: 'Baku, 1 February 2026.' }] },
    })).createStatement;
    expect((await run(REVERT, { input: { change: made.change.id } })).revertChange.userErrors).toEqual([]);
    expect((await run(STATEMENT, { slug: 'reverted-statement' })).statement).toBeNull();
    expect((await run(ACTOR, { slug: 'ministry-five' })).actor.statements.edges).toEqual([]);
  });
});
