// Event.statements is read from the statement_events rows' copies of their
// statement's date (COPIED_COLUMNS): every page and cursor must give what the
// statement's own date gives, after a date is edited, a statement moved between
// events or deleted, and after each is reverted. On Postgres, the page
// statement reads each event's index in order and stops at the page, whatever
// the event's size.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateTimeline } from '../bench/generate.js';
import { selectRows } from '../src/db/rows.js';
import { statementEvents, statements } from '../src/db/schema.js';
import { createKey } from '../src/domain/keys.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel, serverUrl } from './helpers/database.js';
import { dataFor } from './helpers/graphql.js';
import { type Connection, expectPages } from './helpers/page-walk.js';
import { explainNestedPage, expectPagesFromIndex } from './helpers/query-plans.js';

const ERRORS = 'userErrors { field code message }';
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } ${ERRORS} } }`;
const CREATE_STATEMENT = `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } ${ERRORS} change { id entries { table after } } } }`;
const UPDATE_STATEMENT = `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { id } ${ERRORS} change { id } } }`;
const DELETE_STATEMENT = `mutation($input: DeleteInput!) { deleteStatement(input: $input) { ${ERRORS} change { id } } }`;
const REVERT = `mutation($input: RevertChangeInput!) { revertChange(input: $input) { ${ERRORS} change { id } } }`;

const PAGE_ARGS = '$first: Int, $after: String, $last: Int, $before: String';
const PAGE = 'first: $first, after: $after, last: $last, before: $before';
const CONNECTION = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }';
const EVENT_STATEMENTS = `query($id: ID!, ${PAGE_ARGS}) { node(id: $id) { ... on Event { list: statements(${PAGE}) { ${CONNECTION} } } } }`;
// The straightforward order: the root list sorts statements by their own dates; each says which events it is about.
const ALL_STATEMENTS = `query($after: String) { statements(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id events { id } } } } }`;
const EVERY_EVENT = `query($after: String) { events(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
  edges { node { id statements(first: 3) { totalCount edges { node { id } } } } } } }`;

describe(`an event's statements, page by page (${databaseLabel})`, () => {
  let key = '';
  const api = useTestApi(async (database) => {
    await seedCurated(database);
    key = await createKey(database.handle.db, 'pager', 'EDITOR');
  });
  const run = <T = any>(query: string, variables?: Record<string, unknown>) => dataFor(api.server, key)<T>(query, variables);

  /** Every statement in the root list's date order, with the events it is about. */
  async function statementsByDate(): Promise<{ id: string; events: string[] }[]> {
    const all: { id: string; events: string[] }[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await run(ALL_STATEMENTS, { after });
      all.push(...data.statements.edges.map((e: any) => ({ id: e.node.id, events: e.node.events.map((x: any) => x.id) })));
      if (!data.statements.pageInfo.hasNextPage) return all;
      after = data.statements.pageInfo.endCursor;
    }
  }

  /** The event's statements in the order of their own dates. */
  async function expected(event: string): Promise<string[]> {
    return (await statementsByDate()).filter((s) => s.events.includes(event)).map((s) => s.id);
  }

  async function page(event: string, args: Record<string, unknown>): Promise<Connection> {
    return (await run(EVENT_STATEMENTS, { id: event, ...args })).node.list;
  }

  /** Every statement_events row's copy equals its statement's date. */
  async function expectCopiesCurrent(): Promise<void> {
    const [row] = await selectRows<{ stale: number; rows: number }>(
      api.database.handle.db,
      sql`SELECT count(*) FILTER (WHERE (${statementEvents.dateEarliest}, ${statementEvents.dateRank}) IS DISTINCT FROM (${statements.dateEarliest}, ${statements.dateRank}))::int AS stale,
        count(*)::int AS rows
        FROM ${statementEvents} JOIN ${statements} ON ${statements.id} = ${statementEvents.statementId}`,
    );
    expect(row!.rows).toBeGreaterThan(0);
    expect(row!.stale).toBe(0);
  }

  it('gives every curated event the first page of its statements’ own order, in one batch, and every page after', async () => {
    const byDate = await statementsByDate();
    const events: any[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await run(EVERY_EVENT, { after });
      events.push(...data.events.edges.map((e: any) => e.node));
      if (!data.events.pageInfo.hasNextPage) break;
      after = data.events.pageInfo.endCursor;
    }
    expect(events.length).toBeGreaterThan(10);
    let withStatements = 0;
    for (const node of events) {
      const want = byDate.filter((s) => s.events.includes(node.id)).map((s) => s.id);
      if (want.length) withStatements++;
      expect(node.statements.totalCount, node.id).toBe(want.length);
      expect(node.statements.edges.map((e: any) => e.node.id), node.id).toEqual(want.slice(0, 3));
      await expectPages((args) => page(node.id, args), node.id, want);
    }
    expect(withStatements).toBeGreaterThan(5);
    await expectCopiesCurrent();
  });

  it('pages and cursors follow the statements’ dates, before and after a date is edited, a statement moved and deleted, and each reverted', async () => {
    const event = (await run(CREATE_EVENT, { input: { title: 'Pager event', kind: 'MEETING', start: '2023' } })).createEvent;
    expect(event.userErrors).toEqual([]);
    const other = (await run(CREATE_EVENT, { input: { title: 'Other pager event', kind: 'MEETING', start: '2023' } })).createEvent;
    expect(other.userErrors).toEqual([]);
    const [pager, elsewhere] = [event.event.id as string, other.event.id as string];
    // Same days at different precisions (coarser first), ties on a day (by id), a decade, a statement about both events.
    const dates: [string, string[]][] = [
      ['2024-05-01', [pager]],
      ['2024-05', [pager, elsewhere]],
      ['2024', [pager]],
      ['2024-05-01', [pager]],
      ['2023-11-12', [elsewhere, pager]],
      ['202X', [pager]],
      ['2025-01-20', [elsewhere]],
      ['2024-05-01', [pager]],
    ];
    const made: { id: string; entries: { table: string; after: Record<string, unknown> }[] }[] = [];
    for (const [i, [date, about]] of dates.entries()) {
      const result = (await run(CREATE_STATEMENT, { input: { title: `Pager statement ${i}`, kind: 'REMARKS', date, events: about } })).createStatement;
      expect(result.userErrors).toEqual([]);
      made.push({ id: result.statement.id, entries: result.change.entries });
    }

    // The audit trail records statement_events rows as before: no copied columns.
    const links = made[1]!.entries.filter((e) => e.table === 'statement_events');
    expect(links).toHaveLength(2);
    for (const entry of links) expect(Object.keys(entry.after).sort()).toEqual(['eventId', 'statementId']);

    const before = await expected(pager);
    expect(before).toHaveLength(7);
    expect(before[0]).toBe(made[5]!.id);
    await expectPages((args) => page(pager, args), pager, before);
    await expectPages((args) => page(elsewhere, args), elsewhere, await expected(elsewhere));
    await expectCopiesCurrent();

    // A day-precise statement of May 1st moves from the middle to the end.
    const moved = (await run(UPDATE_STATEMENT, { input: { id: made[3]!.id, date: '2026-02-03' } })).updateStatement;
    expect(moved.userErrors).toEqual([]);
    // Only the precision changes: the same earliest day, now before the day-precise statements of May 1st.
    const coarser = (await run(UPDATE_STATEMENT, { input: { id: made[7]!.id, date: '2024-05' } })).updateStatement;
    expect(coarser.userErrors).toEqual([]);
    // The statement about both events moves to the decade, in both.
    const shared = (await run(UPDATE_STATEMENT, { input: { id: made[4]!.id, date: '199X' } })).updateStatement;
    expect(shared.userErrors).toEqual([]);
    // A statement leaves one event for the other.
    const relinked = (await run(UPDATE_STATEMENT, { input: { id: made[0]!.id, events: [elsewhere] } })).updateStatement;
    expect(relinked.userErrors).toEqual([]);
    const after = await expected(pager);
    expect(after.at(-1)).toBe(made[3]!.id);
    expect(after[0]).toBe(made[4]!.id);
    expect(after).not.toContain(made[0]!.id);
    expect((await expected(elsewhere))[0]).toBe(made[4]!.id);
    expect(await expected(elsewhere)).toContain(made[0]!.id);
    await expectPages((args) => page(pager, args), pager, after);
    await expectPages((args) => page(elsewhere, args), elsewhere, await expected(elsewhere));
    await expectCopiesCurrent();

    for (const change of [relinked.change.id, shared.change.id, coarser.change.id, moved.change.id]) {
      expect((await run(REVERT, { input: { change } })).revertChange.userErrors).toEqual([]);
    }
    expect(await expected(pager)).toEqual(before);
    await expectPages((args) => page(pager, args), pager, before);
    await expectPages((args) => page(elsewhere, args), elsewhere, await expected(elsewhere));
    await expectCopiesCurrent();

    // A deleted statement leaves both events' lists; its revert inserts the statement_events rows again, copies filled.
    const elsewhereBefore = await expected(elsewhere);
    const deleted = (await run(DELETE_STATEMENT, { input: { id: made[4]!.id } })).deleteStatement;
    expect(deleted.userErrors).toEqual([]);
    expect(await expected(pager)).toEqual(before.filter((id) => id !== made[4]!.id));
    await expectPages((args) => page(pager, args), pager, before.filter((id) => id !== made[4]!.id));
    await expectPages((args) => page(elsewhere, args), elsewhere, elsewhereBefore.filter((id) => id !== made[4]!.id));
    expect((await run(REVERT, { input: { change: deleted.change.id } })).revertChange.userErrors).toEqual([]);
    expect(await expected(pager)).toEqual(before);
    expect(await expected(elsewhere)).toEqual(elsewhereBefore);
    await expectPages((args) => page(pager, args), pager, before);
    await expectPages((args) => page(elsewhere, args), elsewhere, elsewhereBefore);
    await expectCopiesCurrent();
  });
});

describe.runIf(serverUrl)(`the event statements page statement's plan (${databaseLabel})`, () => {
  const EVENTS = 10;
  const api = useTestApi(async (database) => {
    const db = database.handle.db;
    await generateTimeline(db, { items: 10_000, prefix: 'plan', actors: 50, topics: 3, fanOut: true });
    // The first events of the root list are about every generated statement (7,500 each): reading and
    // sorting them all would show. Inserted without the copies, which the trigger fills.
    await db.execute(sql`INSERT INTO statement_events (statement_id, event_id)
      SELECT s.id, e.id FROM statements s
      CROSS JOIN (SELECT id FROM events ORDER BY start_earliest, start_rank, id LIMIT ${EVENTS}) e
      ON CONFLICT DO NOTHING`);
    await db.execute(sql`ANALYZE statement_events`);
  });

  it.each(['(first: 10)', '(last: 10)'])('reads each event’s statements %s from the event’s index of statement_events in the page’s order, stopping at the page', async (args) => {
    const { data, plan } = await explainNestedPage(api.database.handle.db, `{ events(first: ${EVENTS}) { edges { node { statements${args} { edges { node { id } } } } } } }`);
    expect(data.events.edges).toHaveLength(EVENTS);
    for (const { node } of data.events.edges) expect(node.statements.edges).toHaveLength(10);
    // About one page of index entries per event, not its 7,500.
    expectPagesFromIndex(plan, (n) => n['Index Name'] === 'statement_events_event_date_idx', EVENTS, /^Index (Only )?Scan( Backward)?$/);
  });
});
