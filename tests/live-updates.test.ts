// Live updates over server-sent events: what a subscriber receives when
// curators write, in which order, what it gets back after a reconnect, and
// what the server refuses. Subscriptions run in-process through yoga.fetch,
// read as an EventSource would read them.
import { afterEach, describe, expect, it } from 'vitest';
import { createKey } from '../src/domain/keys.js';
import { createServer, type Server } from '../src/server.js';
import { DEFAULT_LIVE_LIMITS, type LiveLimits } from '../src/config.js';
import { useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { dataFor, execFor, expectNoErrors } from './helpers/graphql.js';
import { EventStream, openEventStream, type OpenOptions } from './helpers/event-stream.js';

const BASE = 'http://claimline.test';

const TIMELINE_UPDATES = /* GraphQL */ `
  subscription TimelineUpdates($filter: TimelineFilter) {
    timelineUpdates(filter: $filter) {
      operation itemId cursor
      item { __typename ... on Event { title kind } ... on Statement { title } }
      change { id mutation }
    }
  }
`;
const CHANGES = /* GraphQL */ `
  subscription Changes($node: ID) { changes(node: $node) { id mutation author entries { operation nodeId } } }
`;
const TIMELINE = /* GraphQL */ `
  query Timeline($filter: TimelineFilter, $after: String, $before: String) {
    timeline(filter: $filter, first: 100, after: $after, before: $before) { edges { cursor node { ... on Event { id } ... on Statement { id } } } }
  }
`;
const CREATE_EVENT = /* GraphQL */ `
  mutation CreateEvent($input: CreateEventInput!) { createEvent(input: $input) { event { id version } userErrors { code } change { id } } }
`;
const UPDATE_EVENT = /* GraphQL */ `
  mutation UpdateEvent($input: UpdateEventInput!) { updateEvent(input: $input) { event { id version } userErrors { code } change { id } } }
`;
const DELETE_EVENT = /* GraphQL */ `
  mutation DeleteEvent($input: DeleteInput!) { deleteEvent(input: $input) { deletedId userErrors { code } change { id } } }
`;
const CREATE_ACTOR = /* GraphQL */ `
  mutation CreateActor($input: CreateActorInput!) { createActor(input: $input) { actor { id } userErrors { code } } }
`;
const CREATE_STATEMENT = /* GraphQL */ `
  mutation CreateStatement($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } userErrors { code } change { id } } }
`;
const UPDATE_STATEMENT = /* GraphQL */ `
  mutation UpdateStatement($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { id version } userErrors { code } change { id } } }
`;
const DELETE_STATEMENT = /* GraphQL */ `
  mutation DeleteStatement($input: DeleteInput!) { deleteStatement(input: $input) { deletedId userErrors { code } change { id } } }
`;
const CREATE_SOURCE = /* GraphQL */ `
  mutation CreateSource($input: CreateSourceInput!) { createSource(input: $input) { source { id } userErrors { code } } }
`;
const CREATE_CLAIM = /* GraphQL */ `
  mutation CreateClaim($input: CreateClaimInput!) { createClaim(input: $input) { claim { id } userErrors { code } change { id } } }
`;
const UPDATE_CLAIM = /* GraphQL */ `
  mutation UpdateClaim($input: UpdateClaimInput!) { updateClaim(input: $input) { claim { id } userErrors { code } change { id } } }
`;
const MEMBERSHIP = /* GraphQL */ `
  subscription Membership($filter: TimelineFilter) { timelineUpdates(filter: $filter) { operation itemId cursor matchesFilter change { id } } }
`;
const CREATE_TOPIC = /* GraphQL */ `
  mutation CreateTopic($input: CreateTopicInput!) { createTopic(input: $input) { topic { id } userErrors { code } change { id } } }
`;

describe(`live updates (${databaseLabel})`, () => {
  const keys: Record<string, string> = {};
  const api = useTestApi(async (database) => {
    keys.editor = await createKey(database.handle.db, 'editor', 'EDITOR');
    keys.reader = await createKey(database.handle.db, 'reader', 'READER');
    keys.other = await createKey(database.handle.db, 'other', 'READER');
  });
  const open: EventStream[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((stream) => stream.close()));
  });

  async function subscribe(query: string, options: OpenOptions & { server?: Server } = {}): Promise<EventStream> {
    const server = options.server ?? api.server;
    const stream = await openEventStream((url, init) => Promise.resolve(server.fetch(url, init)), BASE, query, options);
    open.push(stream);
    return stream;
  }

  const write = <T = any>(query: string, variables: Record<string, unknown>) => dataFor(api.server, keys.editor!)<T>(query, variables);
  let serial = 0;
  const createEvent = async (input: Record<string, unknown> = {}) =>
    (await write(CREATE_EVENT, { input: { title: `Meeting ${++serial}`, kind: 'MEETING', start: '2025-11-12', ...input } })).createEvent;
  const createTopic = async () => (await write(CREATE_TOPIC, { input: { name: `Topic ${++serial}` } })).createTopic;

  async function nextData(stream: EventStream, field: string) {
    const event = await stream.next();
    expect(event, 'an event within 5 s').not.toBeNull();
    expect(event!.event).toBe('next');
    return expectNoErrors<Record<string, any>>(event!.data)[field];
  }

  it('sends a write that matches the filter, and not one that does not, with a cursor Query.timeline accepts', async () => {
    const filter = { types: ['EVENT'], eventKinds: ['CEASEFIRE'] };
    const stream = await subscribe(TIMELINE_UPDATES, { variables: { filter } });
    await createEvent({ kind: 'MEETING' });
    await createTopic();
    const matching = await createEvent({ kind: 'CEASEFIRE', title: 'A ceasefire' });

    const update = await nextData(stream, 'timelineUpdates');
    expect(update).toMatchObject({ operation: 'CREATE', itemId: matching.event.id, item: { __typename: 'Event', title: 'A ceasefire', kind: 'CEASEFIRE' } });
    expect(update.change).toEqual({ id: matching.change.id, mutation: 'createEvent' });

    const timeline = expectNoErrors(await api.exec(TIMELINE, { filter })).timeline;
    const edge = timeline.edges.find((e: any) => e.node.id === matching.event.id);
    expect(update.cursor).toBe(edge.cursor);
    expect(expectNoErrors(await api.exec(TIMELINE, { filter, after: update.cursor }))).toBeTruthy();
    expect(expectNoErrors(await api.exec(TIMELINE, { filter, before: update.cursor }))).toBeTruthy();
    expect(await stream.next(300)).toBeNull();
  });

  it('applies the actors, date and search filters as Query.timeline does', async () => {
    const actor = async (name: string) => (await write(CREATE_ACTOR, { input: { name, kind: 'ORGANIZATION' } })).createActor.actor.id;
    const [followed, other] = [await actor(`Followed ${++serial}`), await actor(`Other ${++serial}`)];
    const byActor = await subscribe(TIMELINE_UPDATES, { variables: { filter: { actors: [followed] } } });
    const byDate = await subscribe(TIMELINE_UPDATES, { variables: { filter: { from: '2026-01', to: '2026-12' } } });
    const bySearch = await subscribe(TIMELINE_UPDATES, { variables: { filter: { search: 'blockade' } } });

    const statement = async (participant: string, title: string) =>
      (await write(CREATE_STATEMENT, { input: { title, kind: 'REMARKS', date: '2025-03-02', participants: [{ actor: participant, role: 'SPEAKER' }] } }))
        .createStatement;
    await statement(other, 'Remarks by the other');
    const followedSays = await statement(followed, 'Remarks by the followed');
    await createEvent({ title: 'Talks in June', start: '2025-06' });
    const in2026 = await createEvent({ title: 'Talks in February', start: '2026-02' });
    const blockade = await createEvent({ title: 'Port blockade announced', kind: 'BLOCKADE', start: '2025-07' });

    expect((await nextData(byActor, 'timelineUpdates')).itemId).toBe(followedSays.statement.id);
    expect(await byActor.next(300)).toBeNull();
    expect((await nextData(byDate, 'timelineUpdates')).itemId).toBe(in2026.event.id);
    expect(await byDate.next(300)).toBeNull();
    expect((await nextData(bySearch, 'timelineUpdates')).itemId).toBe(blockade.event.id);
    expect(await bySearch.next(300)).toBeNull();
  });

  it('sends an update and a delete with their operations, on changes(node) and timelineUpdates', async () => {
    const made = await createEvent({ kind: 'DIPLOMATIC' });
    const timeline = await subscribe(TIMELINE_UPDATES, { variables: { filter: { eventKinds: ['DIPLOMATIC'] } } });
    const ofNode = await subscribe(CHANGES, { variables: { node: made.event.id } });
    const everything = await subscribe(CHANGES);
    await createEvent({ kind: 'MEETING' });
    const updated = (await write(UPDATE_EVENT, { input: { id: made.event.id, title: 'Talks, renamed' } })).updateEvent;
    const deleted = (await write(DELETE_EVENT, { input: { id: made.event.id, version: updated.event.version } })).deleteEvent;

    // Each event shows the item as it is when sent: the update arrives after the delete committed.
    expect(await nextData(timeline, 'timelineUpdates')).toMatchObject({ operation: 'UPDATE', itemId: made.event.id, change: { id: updated.change.id } });
    expect(await nextData(timeline, 'timelineUpdates')).toMatchObject({ operation: 'DELETE', itemId: made.event.id, item: null, cursor: null });

    const first = await nextData(ofNode, 'changes');
    expect(first).toMatchObject({ id: updated.change.id, mutation: 'updateEvent', author: 'editor' });
    expect(first.entries[0]).toEqual({ operation: 'UPDATE', nodeId: made.event.id });
    const second = await nextData(ofNode, 'changes');
    expect(second).toMatchObject({ id: deleted.change.id, mutation: 'deleteEvent' });
    expect(second.entries[0]).toEqual({ operation: 'DELETE', nodeId: made.event.id });
    expect(await ofNode.next(300)).toBeNull();

    const all = [await nextData(everything, 'changes'), await nextData(everything, 'changes'), await nextData(everything, 'changes')];
    expect(all.map((c) => c.mutation)).toEqual(['createEvent', 'updateEvent', 'deleteEvent']);
  });

  it('tells an actor filter about a delete only when the item was in it, and sends an edit that takes an item out with matchesFilter false', async () => {
    const actor = async (name: string) => (await write(CREATE_ACTOR, { input: { name, kind: 'PERSON' } })).createActor.actor.id;
    const [followed, other] = [await actor(`Followed ${++serial}`), await actor(`Other ${++serial}`)];
    const byActor = await subscribe(MEMBERSHIP, { variables: { filter: { actors: [followed] } } });
    const byDate = await subscribe(MEMBERSHIP, { variables: { filter: { types: ['STATEMENT'], from: '2026-01', to: '2026-12' } } });
    const statement = async (participant: string, date: string) =>
      (await write(CREATE_STATEMENT, { input: { title: `Remarks ${++serial}`, kind: 'REMARKS', date, participants: [{ actor: participant, role: 'SPEAKER' }] } }))
        .createStatement;
    const update = async (input: Record<string, unknown>) => (await write(UPDATE_STATEMENT, { input })).updateStatement;
    const remove = async (id: string) => (await write(DELETE_STATEMENT, { input: { id } })).deleteStatement;

    const kept = await statement(followed, '2026-03-02');
    const others = await statement(other, '2025-03-02');
    const dropped = await statement(followed, '2025-04-01');
    expect(await nextData(byActor, 'timelineUpdates')).toMatchObject({ operation: 'CREATE', itemId: kept.statement.id, matchesFilter: true });
    expect(await nextData(byActor, 'timelineUpdates')).toMatchObject({ operation: 'CREATE', itemId: dropped.statement.id, matchesFilter: true });
    expect(await nextData(byDate, 'timelineUpdates')).toMatchObject({ operation: 'CREATE', itemId: kept.statement.id, matchesFilter: true });

    // The followed actor no longer speaks in it: out of the actor's timeline, still in 2026.
    const moved = await update({ id: kept.statement.id, participants: [{ actor: other, role: 'SPEAKER' }] });
    expect(await nextData(byActor, 'timelineUpdates')).toEqual({ operation: 'UPDATE', itemId: kept.statement.id, cursor: null, matchesFilter: false, change: { id: moved.change.id } });
    expect(await nextData(byDate, 'timelineUpdates')).toMatchObject({ operation: 'UPDATE', itemId: kept.statement.id, matchesFilter: true });
    // Dated back into 2025: out of the 2026 timeline; the actor filter hears nothing of an item that was never in it.
    const redated = await update({ id: kept.statement.id, date: '2025-05-01' });
    expect(await nextData(byDate, 'timelineUpdates')).toEqual({ operation: 'UPDATE', itemId: kept.statement.id, cursor: null, matchesFilter: false, change: { id: redated.change.id } });

    // Deletes: each filter hears of those that were in it, and only those.
    await remove(others.statement.id);
    await remove(kept.statement.id);
    const gone = await remove(dropped.statement.id);
    expect(await nextData(byActor, 'timelineUpdates')).toEqual({ operation: 'DELETE', itemId: dropped.statement.id, cursor: null, matchesFilter: false, change: { id: gone.change.id } });
    expect(await byActor.next(300)).toBeNull();
    expect(await byDate.next(300)).toBeNull();
  });

  it("sends a statement when a claim in it takes or drops a topic, or changes its text, to topic and search filters", async () => {
    const source = (await write(CREATE_SOURCE, { input: { title: `Briefing ${++serial}`, kind: 'TRANSCRIPT', text: 'The envoy said the harbour stays open.' } })).createSource;
    const made = (await write(CREATE_STATEMENT, { input: { title: `Envoy ${++serial}`, kind: 'REMARKS', date: '2026-03-03' } })).createStatement;
    const excerpt = { source: source.source.id, quote: 'the harbour stays open' };
    const claim = (await write(CREATE_CLAIM, { input: { text: 'The harbour stays open.', kind: 'FACTUAL', appearances: [{ statement: made.statement.id, excerpts: [excerpt] }] } }))
      .createClaim;
    expect(claim.userErrors).toEqual([]);
    const topic = (await createTopic()).topic.id;
    const byTopic = await subscribe(MEMBERSHIP, { variables: { filter: { topics: [topic] } } });

    const tagged = (await write(UPDATE_CLAIM, { input: { id: claim.claim.id, topics: [{ topic }] } })).updateClaim;
    const timeline = expectNoErrors(await api.exec(TIMELINE, { filter: { topics: [topic] } })).timeline;
    const update = await nextData(byTopic, 'timelineUpdates');
    expect(update).toMatchObject({ operation: 'UPDATE', itemId: made.statement.id, matchesFilter: true, change: { id: tagged.change.id } });
    expect(update.cursor).toBe(timeline.edges.find((e: any) => e.node.id === made.statement.id).cursor);
    const untagged = (await write(UPDATE_CLAIM, { input: { id: claim.claim.id, topics: [] } })).updateClaim;
    expect(await nextData(byTopic, 'timelineUpdates')).toEqual({ operation: 'UPDATE', itemId: made.statement.id, cursor: null, matchesFilter: false, change: { id: untagged.change.id } });

    // Opened now: each event is judged on the database as it is when sent, and the text below would match the earlier changes too.
    const bySearch = await subscribe(MEMBERSHIP, { variables: { filter: { search: 'quarantine' } } });
    const reworded = (await write(UPDATE_CLAIM, { input: { id: claim.claim.id, text: 'The harbour stays open despite the quarantine.' } })).updateClaim;
    expect(await nextData(bySearch, 'timelineUpdates')).toMatchObject({ operation: 'UPDATE', itemId: made.statement.id, matchesFilter: true, change: { id: reworded.change.id } });
    expect(await byTopic.next(300)).toBeNull();
  });

  it('matches a change for many different filters in the same number of SQL statements as for two', async () => {
    const followed = (await write(CREATE_ACTOR, { input: { name: `Followed ${++serial}`, kind: 'PERSON' } })).createActor.actor.id;
    // Distinct filters (each its own `to` day), every one following the actor: no two share their matching.
    const filterFor = (i: number) => ({ actors: [followed], to: `2030-01-${String(i + 1).padStart(2, '0')}` });
    async function statementsForOneChange(filters: number) {
      const streams = await Promise.all(Array.from({ length: filters }, (_, i) => subscribe(MEMBERSHIP, { variables: { filter: filterFor(i) } })));
      const remarks = async () =>
        (await write(CREATE_STATEMENT, { input: { title: `Remarks ${++serial}`, kind: 'REMARKS', date: '2025-03-02', participants: [{ actor: followed, role: 'SPEAKER' }] } }))
          .createStatement;
      // Once every stream has had an event, all are subscribed: their opening queries are behind them.
      await remarks();
      for (const stream of streams) expect(await nextData(stream, 'timelineUpdates')).toMatchObject({ operation: 'CREATE' });
      api.database.queries.length = 0;
      const made = await remarks();
      for (const stream of streams) expect(await nextData(stream, 'timelineUpdates')).toMatchObject({ operation: 'CREATE', matchesFilter: true });
      const created = api.database.queries.length;
      api.database.queries.length = 0;
      await write(DELETE_STATEMENT, { input: { id: made.statement.id } });
      for (const stream of streams) expect(await nextData(stream, 'timelineUpdates')).toMatchObject({ operation: 'DELETE', matchesFilter: false });
      const deleted = api.database.queries.length;
      await Promise.all(streams.map((stream) => stream.close()));
      return { created, deleted };
    }
    const two = await statementsForOneChange(2);
    const eight = await statementsForOneChange(8);
    expect(eight).toEqual(two);
  });

  it('sends nothing for a refused or rolled-back mutation', async () => {
    const made = await createEvent();
    const stream = await subscribe(CHANGES);
    const as = execFor(api.server, keys.editor);
    const refused = expectNoErrors(await as(CREATE_EVENT, { input: { title: 'Bad date', kind: 'MEETING', start: 'not a date' } })).createEvent;
    expect(refused.userErrors.length).toBeGreaterThan(0);
    // Passes the checks, then conflicts with the version: the transaction is rolled back.
    const conflict = expectNoErrors(await as(DELETE_EVENT, { input: { id: made.event.id, version: made.event.version + 5 } })).deleteEvent;
    expect(conflict.userErrors).toEqual([{ code: 'CONFLICT' }]);
    const forbidden = await execFor(api.server, keys.reader)(CREATE_TOPIC, { input: { name: 'Not allowed' } });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const after = await createTopic();
    const first = await nextData(stream, 'changes');
    expect(first).toMatchObject({ id: after.change.id, mutation: 'createTopic' });
  });

  it('resumes after Last-Event-ID with exactly the three changes missed, in commit order, then the live ones', async () => {
    const stream = await subscribe(CHANGES, { key: keys.reader });
    const seen = await createTopic();
    const event = await stream.next();
    expect(event!.id).toBe(seen.change.id);
    await stream.close();

    const missed = [(await createTopic()).change.id, (await createEvent()).change.id, (await createTopic()).change.id];
    const resumed = await subscribe(CHANGES, { key: keys.reader, lastEventId: event!.id! });
    const live = await createTopic();
    const received = [];
    for (let i = 0; i < 4; i++) received.push(await resumed.next());
    expect(received.map((e) => e?.id)).toEqual([...missed, live.change.id]);
    expect(received.map((e) => e?.data.data.changes.id)).toEqual([...missed, live.change.id]);
    expect(await resumed.next(300)).toBeNull();
  });

  it('refuses a Last-Event-ID that names no Change, with a code', async () => {
    const stream = await subscribe(CHANGES, { lastEventId: 'yesterday' });
    const event = await stream.next();
    expect(event!.data.errors[0].extensions.code).toBe('INVALID_LAST_EVENT_ID');
  });

  it('refuses subscriptions beyond the limits per key and in all with TOO_MANY_SUBSCRIPTIONS', async () => {
    const limits: LiveLimits = { ...DEFAULT_LIVE_LIMITS, maxSubscriptionsPerKey: 1, maxSubscriptions: 2 };
    const server = createServer({ database: api.database.handle, live: limits });
    const first = await subscribe(CHANGES, { server, key: keys.reader });
    const sameKey = await subscribe(CHANGES, { server, key: keys.reader });
    expect(sameKey.response.status).toBe(429);
    const refused = await sameKey.next();
    expect(refused!.data.errors[0].extensions.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect((await sameKey.next())!.event).toBe('complete');

    await subscribe(CHANGES, { server, key: keys.other });
    const third = await subscribe(CHANGES, { server });
    expect((await third.next())!.data.errors[0].extensions.code).toBe('TOO_MANY_SUBSCRIPTIONS');

    // A closed subscription frees its place.
    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await subscribe(CHANGES, { server, key: keys.reader });
    const made = await createTopic();
    expect((await again.next())!.id).toBe(made.change.id);
  });

  it('needs a key when reads do', async () => {
    const server = createServer({ database: api.database.handle, readAccess: 'key' });
    const anonymous = await subscribe(CHANGES, { server });
    expect(anonymous.response.status).toBe(401);
    expect((await anonymous.next())!.data.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const keyed = await subscribe(CHANGES, { server, key: keys.reader });
    const made = await createTopic();
    expect((await keyed.next())!.id).toBe(made.change.id);
  });

  it('closes the stream of a subscriber that falls too far behind, with a reason, and it resumes from its last event', async () => {
    const server = createServer({ database: api.database.handle, live: { ...DEFAULT_LIVE_LIMITS, subscriberBuffer: 2 } });
    // Events of some 3 kB: the transport's own buffers (16 kB here) fill after a few, then the server's.
    const bulky = /* GraphQL */ `subscription { changes { id entries { after } } }`;
    const stream = await subscribe(bulky, { server });
    const first = await createTopic();
    expect((await stream.next())!.id).toBe(first.change.id);
    // The subscriber reads nothing while twenty changes commit.
    const written = [];
    for (let i = 0; i < 20; i++) {
      written.push((await write(CREATE_TOPIC, { input: { name: `Bulky ${++serial}`, description: 'x'.repeat(3_000) } })).createTopic.change.id);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = [];
    for (let event = await stream.next(); event; event = await stream.next(500)) events.push(event);
    const delivered = events.filter((e) => e.id).map((e) => e.id);
    expect(delivered.length).toBeLessThan(written.length);
    expect(events.at(-2)!.data.errors[0].extensions.code).toBe('SUBSCRIBER_TOO_SLOW');
    expect(events.at(-1)!.event).toBe('complete');

    const resumed = await subscribe(bulky, { server, lastEventId: delivered.at(-1) ?? first.change.id });
    for (let event = await resumed.next(); event; event = await resumed.next(300)) delivered.push(event.id);
    expect(delivered).toEqual(written);
  });

  it('keeps a stream open past the request deadline', async () => {
    const server = createServer({ database: api.database.handle, limits: { maxBodyBytes: 1_000_000, requestDeadlineMs: 100 } });
    const stream = await subscribe(CHANGES, { server });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const made = await createTopic();
    const event = await stream.next();
    expect(event!.id).toBe(made.change.id);
    expect(event!.data.errors).toBeUndefined();
  });

  it('sends heartbeats on an idle stream', async () => {
    const server = createServer({ database: api.database.handle, live: { ...DEFAULT_LIVE_LIMITS, heartbeatMs: 100 } });
    const stream = await subscribe(CHANGES, { server });
    await stream.idle(450);
    expect(stream.heartbeats).toBeGreaterThanOrEqual(3);
  });
});
