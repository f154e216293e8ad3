// Actor.statements and Actor.events are read from the participant rows' copies
// of their item's date (COPIED_COLUMNS): every page and cursor must give what
// the item's own date gives, with and without a role, after the date is edited
// and after that edit is reverted; an actor in several roles of one item sees it
// once. On Postgres, the page statement reads each actor's index in order and
// stops at the page, whatever the actor's size.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateTimeline } from '../bench/generate.js';
import { selectRows } from '../src/db/rows.js';
import { eventParticipants, events, statementParticipants, statements } from '../src/db/schema.js';
import { createKey } from '../src/domain/keys.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel, serverUrl } from './helpers/database.js';
import { dataFor } from './helpers/graphql.js';
import { type Connection, expectPages } from './helpers/page-walk.js';
import { explainNestedPage, expectPagesFromIndex } from './helpers/query-plans.js';

const ERRORS = 'userErrors { field code message }';
const CREATE_ACTOR = `mutation($input: CreateActorInput!) { createActor(input: $input) { actor { id } ${ERRORS} } }`;
const CREATE_STATEMENT = `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } ${ERRORS} change { id entries { table after } } } }`;
const UPDATE_STATEMENT = `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { id } ${ERRORS} change { id } } }`;
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } ${ERRORS} } }`;
const UPDATE_EVENT = `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { id } ${ERRORS} change { id } } }`;
const DELETE_STATEMENT = `mutation($input: DeleteInput!) { deleteStatement(input: $input) { ${ERRORS} change { id } } }`;
const REVERT = `mutation($input: RevertChangeInput!) { revertChange(input: $input) { ${ERRORS} change { id } } }`;

const PAGE_ARGS = '$first: Int, $after: String, $last: Int, $before: String';
const PAGE = 'first: $first, after: $after, last: $last, before: $before';
const CONNECTION = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }';
const ACTOR_STATEMENTS = `query($id: ID!, $role: ParticipantRole, ${PAGE_ARGS}) {
  node(id: $id) { ... on Actor { list: statements(role: $role, ${PAGE}) { ${CONNECTION} } } } }`;
const ACTOR_EVENTS = `query($id: ID!, $role: EventRole, ${PAGE_ARGS}) {
  node(id: $id) { ... on Actor { list: events(role: $role, ${PAGE}) { ${CONNECTION} } } } }`;
// The straightforward order: the root lists sort the items by their own dates; the participants say who is in which role.
const STATEMENTS_WITH = `query($actor: ID!) { list: statements(filter: { participant: $actor }, first: 100) {
  edges { node { id participants { role actor { id } } } } } }`;
const EVENTS_WITH = `query($actor: ID!) { list: events(filter: { participant: $actor }, first: 100) {
  edges { node { id participants { role actor { id } } } } } }`;
const EVERY_ACTOR = `{ actors(first: 100) { edges { node { id
  statements(first: 3) { totalCount edges { node { id } } }
  events(first: 3) { totalCount edges { node { id } } } } } } }`;

type Kind = 'statements' | 'events';
describe(`an actor's statements and events, page by page (${databaseLabel})`, () => {
  let key = '';
  const api = useTestApi(async (database) => {
    await seedCurated(database);
    key = await createKey(database.handle.db, 'pager', 'EDITOR');
  });
  const run = <T = any>(query: string, variables?: Record<string, unknown>) => dataFor(api.server, key)<T>(query, variables);

  /** The actor's items in the order of their own dates, with the actor's roles in each. */
  async function expected(kind: Kind, actor: string, role?: string): Promise<string[]> {
    const data = await run(kind === 'statements' ? STATEMENTS_WITH : EVENTS_WITH, { actor });
    return data.list.edges
      .filter((e: any) => e.node.participants.some((p: any) => p.actor.id === actor && (role == null || p.role === role)))
      .map((e: any) => e.node.id);
  }

  async function page(kind: Kind, actor: string, role: string | undefined, args: Record<string, unknown>): Promise<Connection> {
    return (await run(kind === 'statements' ? ACTOR_STATEMENTS : ACTOR_EVENTS, { id: actor, role, ...args })).node.list;
  }

  /** Every participant row's copy equals its item's date, in both tables. */
  async function expectCopiesCurrent(): Promise<void> {
    const [row] = await selectRows<{ statements: number; events: number }>(
      api.database.handle.db,
      sql`SELECT
        (SELECT count(*) FROM ${statementParticipants} JOIN ${statements} ON ${statements.id} = ${statementParticipants.statementId}
          WHERE (${statementParticipants.dateEarliest}, ${statementParticipants.dateRank}) IS DISTINCT FROM (${statements.dateEarliest}, ${statements.dateRank}))::int AS statements,
        (SELECT count(*) FROM ${eventParticipants} JOIN ${events} ON ${events.id} = ${eventParticipants.eventId}
          WHERE (${eventParticipants.startEarliest}, ${eventParticipants.startRank}) IS DISTINCT FROM (${events.startEarliest}, ${events.startRank}))::int AS events`,
    );
    expect(row).toEqual({ statements: 0, events: 0 });
  }

  const STATEMENT_ROLES = [undefined, 'AUTHOR', 'SPEAKER', 'SIGNATORY'];
  const EVENT_ROLES = [undefined, 'INITIATOR', 'PARTICIPANT', 'TARGET'];
  async function expectAllPages(actor: string): Promise<void> {
    for (const role of STATEMENT_ROLES) await expectPages((args) => page('statements', actor, role, args), `statements ${role ?? 'any role'}`, await expected('statements', actor, role));
    for (const role of EVENT_ROLES) await expectPages((args) => page('events', actor, role, args), `events ${role ?? 'any role'}`, await expected('events', actor, role));
    await expectCopiesCurrent();
  }

  it('gives every curated actor the first page of its own order, counted once per item, in one batch', async () => {
    const data = await run(EVERY_ACTOR);
    expect(data.actors.edges.length).toBeGreaterThan(10);
    for (const { node } of data.actors.edges) {
      for (const kind of ['statements', 'events'] as const) {
        const want = await expected(kind, node.id);
        expect(node[kind].totalCount, `${node.id} ${kind}`).toBe(want.length);
        expect(node[kind].edges.map((e: any) => e.node.id), `${node.id} ${kind}`).toEqual(want.slice(0, 3));
      }
    }
    await expectCopiesCurrent();
  });

  it('pages and cursors follow the items’ dates, before and after a date is edited, a statement deleted, and each reverted', async () => {
    const pager = (await run(CREATE_ACTOR, { input: { name: 'Pager', kind: 'PERSON' } })).createActor.actor.id;
    const other = (await run(CREATE_ACTOR, { input: { name: 'Other pager', kind: 'PERSON' } })).createActor.actor.id;
    // Same days at different precisions (coarser first), ties on a day (by id), a decade, and the actor in two roles of one statement.
    const statementDates: [string, { actor: string; role: string }[]][] = [
      ['2024-05-01', [{ actor: pager, role: 'SPEAKER' }]],
      ['2024-05', [{ actor: pager, role: 'AUTHOR' }, { actor: other, role: 'SPEAKER' }]],
      ['2024', [{ actor: pager, role: 'SPEAKER' }]],
      ['2024-05-01', [{ actor: pager, role: 'AUTHOR' }, { actor: pager, role: 'SPEAKER' }]],
      ['2023-11-12', [{ actor: pager, role: 'SIGNATORY' }, { actor: other, role: 'AUTHOR' }]],
      ['202X', [{ actor: pager, role: 'AUTHOR' }]],
      ['2025-01-20', [{ actor: other, role: 'SPEAKER' }]],
      ['2024-05-01', [{ actor: pager, role: 'SPEAKER' }]],
    ];
    const made: { id: string; entries: { table: string; after: Record<string, unknown> }[] }[] = [];
    for (const [i, [date, participants]] of statementDates.entries()) {
      const result = (await run(CREATE_STATEMENT, { input: { title: `Pager statement ${i}`, kind: 'REMARKS', date, participants } })).createStatement;
      expect(result.userErrors).toEqual([]);
      made.push({ id: result.statement.id, entries: result.change.entries });
    }
    const eventDates: [string, { actor: string; role: string }[]][] = [
      ['2024-03-02', [{ actor: pager, role: 'INITIATOR' }]],
      ['2024-03', [{ actor: pager, role: 'PARTICIPANT' }, { actor: pager, role: 'INITIATOR' }]],
      ['2022', [{ actor: pager, role: 'TARGET' }, { actor: other, role: 'INITIATOR' }]],
      ['2024-03-02', [{ actor: pager, role: 'PARTICIPANT' }]],
      ['2026-01-05', [{ actor: pager, role: 'PARTICIPANT' }]],
    ];
    const madeEvents: string[] = [];
    for (const [i, [start, participants]] of eventDates.entries()) {
      const result = (await run(CREATE_EVENT, { input: { title: `Pager event ${i}`, kind: 'MEETING', start, participants } })).createEvent;
      expect(result.userErrors).toEqual([]);
      madeEvents.push(result.event.id);
    }

    // The audit trail records participant rows as before: no copied columns.
    const participantRows = made[3]!.entries.filter((e) => e.table === 'statement_participants');
    expect(participantRows).toHaveLength(2);
    for (const entry of participantRows) expect(Object.keys(entry.after).sort()).toEqual(['actorId', 'position', 'role', 'statementId']);

    const before = await expected('statements', pager);
    expect(before).toHaveLength(7);
    expect(before[0]).toBe(made[5]!.id);
    await expectAllPages(pager);
    await expectAllPages(other);

    // The statement where Pager is AUTHOR and SPEAKER moves from the middle to the end.
    const moved = (await run(UPDATE_STATEMENT, { input: { id: made[3]!.id, date: '2026-02-03' } })).updateStatement;
    expect(moved.userErrors).toEqual([]);
    // Only the precision changes: the same earliest day, now before the day-precise statements of May 1st.
    const coarser = (await run(UPDATE_STATEMENT, { input: { id: made[7]!.id, date: '2024-05' } })).updateStatement;
    expect(coarser.userErrors).toEqual([]);
    const eventMoved = (await run(UPDATE_EVENT, { input: { id: madeEvents[1], start: '2021-07-08' } })).updateEvent;
    expect(eventMoved.userErrors).toEqual([]);
    const after = await expected('statements', pager);
    expect(after.at(-1)).toBe(made[3]!.id);
    expect(after).not.toEqual(before);
    expect((await expected('events', pager))[0]).toBe(madeEvents[1]);
    await expectAllPages(pager);

    for (const change of [eventMoved.change.id, coarser.change.id, moved.change.id]) {
      expect((await run(REVERT, { input: { change } })).revertChange.userErrors).toEqual([]);
    }
    expect(await expected('statements', pager)).toEqual(before);
    await expectAllPages(pager);
    await expectAllPages(other);

    // A deleted statement leaves both actors' lists; its revert inserts the participant rows again, copies filled.
    const deleted = (await run(DELETE_STATEMENT, { input: { id: made[4]!.id } })).deleteStatement;
    expect(deleted.userErrors).toEqual([]);
    expect(await expected('statements', pager)).toEqual(before.filter((id) => id !== made[4]!.id));
    await expectAllPages(pager);
    expect((await run(REVERT, { input: { change: deleted.change.id } })).revertChange.userErrors).toEqual([]);
    expect(await expected('statements', pager)).toEqual(before);
    await expectAllPages(pager);
    await expectAllPages(other);
  });
});

describe.runIf(serverUrl)(`the page statement's plan (${databaseLabel})`, () => {
  const ACTORS = 10;
  const api = useTestApi(async (database) => {
    // About 3,000 participant rows per actor: reading and sorting them all would show.
    await generateTimeline(database.handle.db, { items: 10_000, prefix: 'plan', actors: ACTORS, topics: 3, fanOut: true });
  });

  it.each([
    ['statements', '(first: 10)', 'statement_participants'],
    ['statements', '(role: SIGNATORY, first: 10)', 'statement_participants'],
    ['events', '(last: 10)', 'event_participants'],
    ['events', '(role: PARTICIPANT, first: 10)', 'event_participants'],
  ])('reads each actor’s %s %s from an index of %s in the page’s order, stopping at the page', async (field, args, table) => {
    const { data, plan } = await explainNestedPage(api.database.handle.db, `{ actors(first: 100) { edges { node { ${field}${args} { edges { node { id } } } } } } }`);
    expect(data.actors.edges).toHaveLength(ACTORS);
    // About one page of index entries per actor, not the actor's thousands.
    expectPagesFromIndex(plan, (n) => new RegExp(`^${table}_actor_`).test(n['Index Name'] ?? ''), ACTORS, /^Index (Only )?Scan$/);
  });

  it('reads each actor’s statements (first: 10) the same way in a compiled read', async () => {
    const query = `{ actors(first: 100) { edges { node { statements(first: 10) { edges { node { id } } } } } } }`;
    const { data, plan } = await explainNestedPage(api.database.handle.db, query, { compiled: true });
    expect(data.actors.edges).toHaveLength(ACTORS);
    expectPagesFromIndex(plan, (n) => /^statement_participants_actor_/.test(n['Index Name'] ?? ''), ACTORS, /^Index (Only )?Scan$/);
  });
});
