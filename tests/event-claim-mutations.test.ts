// Event and claim mutations: what they write (links, derived positions,
// anchored excerpts), what they refuse and at which field, and that the read
// side and reverts see every row they wrote.
import { describe, expect, it } from 'vitest';
import { createKey } from '../src/domain/keys.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { dataFor } from './helpers/graphql.js';

const ERRORS = 'userErrors { field message code }';
const CHANGE = 'change { id entries { operation table nodeId } }';
const EVENT_FIELDS = `
  id slug title kind version description place
  start { edtf note } end { edtf }
  parent { slug }
  participants { actor { slug } role }
  excerpts { quote start end }
`;
const CREATE_EVENT = /* GraphQL */ `
  mutation CreateEvent($input: CreateEventInput!) { createEvent(input: $input) { event { ${EVENT_FIELDS} } ${ERRORS} ${CHANGE} } }
`;
const UPDATE_EVENT = /* GraphQL */ `
  mutation UpdateEvent($input: UpdateEventInput!) { updateEvent(input: $input) { event { ${EVENT_FIELDS} } ${ERRORS} ${CHANGE} } }
`;
const DELETE_EVENT = /* GraphQL */ `
  mutation DeleteEvent($input: DeleteInput!) { deleteEvent(input: $input) { deletedId ${ERRORS} ${CHANGE} } }
`;
const REVERT = /* GraphQL */ `
  mutation Revert($input: RevertChangeInput!) { revertChange(input: $input) { change { id } ${ERRORS} } }
`;
const EVENT = /* GraphQL */ `
  query Event($slug: String!) { event(slug: $slug) { ${EVENT_FIELDS} } }
`;
const REFERENCES = /* GraphQL */ `
  query References {
    source(slug: "cmep-joint-statement") { id }
    other: source(slug: "anp-anca-press-release") { id }
    azerbaijan: actor(slug: "azerbaijan") { id }
    artsakh: actor(slug: "artsakh-armenians") { id }
    campaign: event(slug: "artsakh-campaign") { id version }
    assault: event(slug: "nagorno-karabakh-assault-2020") { id }
    isf: event(slug: "gaza-isf") { id }
  }
`;
const CLAIM_FIELDS = `
  id slug text kind version
  appearances { statement { slug } excerpts { quote start } }
  subjects { slug } events { slug } topics { topic { slug } stance }
`;
const CREATE_CLAIM = /* GraphQL */ `
  mutation CreateClaim($input: CreateClaimInput!) { createClaim(input: $input) { claim { ${CLAIM_FIELDS} } ${ERRORS} ${CHANGE} } }
`;
const UPDATE_CLAIM = /* GraphQL */ `
  mutation UpdateClaim($input: UpdateClaimInput!) { updateClaim(input: $input) { claim { ${CLAIM_FIELDS} } ${ERRORS} ${CHANGE} } }
`;
const DELETE_CLAIM = /* GraphQL */ `
  mutation DeleteClaim($input: DeleteInput!) { deleteClaim(input: $input) { deletedId ${ERRORS} ${CHANGE} } }
`;
const CLAIM_REFERENCES = /* GraphQL */ `
  query ClaimReferences {
    source(slug: "cmep-joint-statement") { id }
    statement(slug: "coalition-joint-statement-2025-11-12") { id }
    azerbaijan: actor(slug: "azerbaijan") { id }
    israel: actor(slug: "israel") { id }
    isf: event(slug: "gaza-isf") { id }
    topics(first: 2) { edges { node { id slug } } }
    claims(first: 100) { edges { node { id slug incomingRelations { kind } } } }
  }
`;
const STATEMENT_CLAIMS = /* GraphQL */ `
  query StatementClaims {
    statement(slug: "coalition-joint-statement-2025-11-12") {
      claims(first: 100) { edges { node { slug appearances { statement { slug } excerpts { start source { slug } } } } } }
    }
  }
`;
const CLAIM_READ = /* GraphQL */ `
  query ClaimRead($id: ID!, $search: String!) {
    node(id: $id) { ... on Claim { slug claimants { slug } } }
    search(query: $search, first: 10) { edges { node { __typename ... on Claim { slug } } } }
  }
`;
const CHANGES = /* GraphQL */ `
  query Changes { changes(first: 1) { totalCount } }
`;

/** A well-formed global ID of `type` that names no row. */
const missing = (type: string) => Buffer.from(`${type}:999999`).toString('base64');

describe(`event and claim mutations (${databaseLabel})`, () => {
  const keys: Record<string, string> = {};
  const api = useTestApi(async (database) => {
    await seedCurated(database);
    keys.alice = await createKey(database.handle.db, 'alice', 'EDITOR');
  });

  const as = (query: string, variables?: Record<string, unknown>) => dataFor(api.server, keys.alice!)<any>(query, variables);

  async function changeCount(): Promise<number> {
    return (await as(CHANGES)).changes.totalCount;
  }

  async function refs() {
    const r = await as(REFERENCES);
    return { ...r, source: r.source.id, other: r.other.id, azerbaijan: r.azerbaijan.id, artsakh: r.artsakh.id };
  }

  describe('events', () => {
    it('creates an event with dates, a parent, participants and an excerpt anchored by its quote alone', async () => {
      const r = await refs();
      const payload = (
        await as(CREATE_EVENT, {
          input: {
            title: 'Coalition briefing on the ISF',
            kind: 'MEETING',
            start: '2025-11',
            end: '2025-12?',
            dateNote: 'Month given by the organizers.',
            place: 'Washington',
            parent: r.campaign.id,
            participants: [
              { actor: r.azerbaijan, role: 'TARGET' },
              { actor: r.artsakh, role: 'PARTICIPANT' },
            ],
            excerpts: [{ source: r.source, quote: 'FOR IMMEDIATE RELEASE' }],
          },
        })
      ).createEvent;
      expect(payload.userErrors).toEqual([]);
      expect(payload.event).toMatchObject({
        slug: 'coalition-briefing-on-the-isf',
        version: 1,
        start: { edtf: '2025-11', note: 'Month given by the organizers.' },
        end: { edtf: '2025-12?' },
        parent: { slug: 'artsakh-campaign' },
        participants: [
          { actor: { slug: 'azerbaijan' }, role: 'TARGET' },
          { actor: { slug: 'artsakh-armenians' }, role: 'PARTICIPANT' },
        ],
        excerpts: [{ quote: 'FOR IMMEDIATE RELEASE', start: 226, end: 247 }],
      });
      const tables = payload.change.entries.map((e: any) => e.table);
      expect(tables).toEqual(['events', 'event_participants', 'event_participants', 'event_excerpts']);
      expect(payload.change.entries.every((e: any) => e.nodeId === payload.event.id)).toBe(true);
      expect((await as(EVENT, { slug: 'coalition-briefing-on-the-isf' })).event).toEqual(payload.event);
    });

    it('refuses bad dates, unknown references and unanchored quotes at their field, writing nothing', async () => {
      const r = await refs();
      const before = await changeCount();
      const base = { title: 'Refused event', kind: 'OTHER', start: '2025-11-12' };
      const refused = async (input: Record<string, unknown>) => (await as(CREATE_EVENT, { input: { ...base, ...input } })).createEvent;

      const badStart = await refused({ start: '2025-13-45' });
      expect(badStart).toMatchObject({ event: null, change: null, userErrors: [{ field: ['start'], code: 'INVALID_DATE' }] });
      expect((await refused({ end: '2024' })).userErrors).toEqual([expect.objectContaining({ field: ['end'], code: 'INVALID_DATE' })]);
      const unknownActor = await refused({ participants: [{ actor: r.azerbaijan, role: 'INITIATOR' }, { actor: missing('Actor'), role: 'TARGET' }] });
      expect(unknownActor.userErrors).toEqual([expect.objectContaining({ field: ['participants', '1', 'actor'], code: 'NOT_FOUND' })]);
      const wrongType = await refused({ participants: [{ actor: r.source, role: 'TARGET' }] });
      expect(wrongType.userErrors).toEqual([expect.objectContaining({ field: ['participants', '0', 'actor'], code: 'NOT_FOUND' })]);
      const twice = await refused({ participants: [{ actor: r.azerbaijan, role: 'TARGET' }, { actor: r.azerbaijan, role: 'TARGET' }] });
      expect(twice.userErrors).toEqual([expect.objectContaining({ field: ['participants', '1', 'actor'], code: 'INVALID_INPUT' })]);
      expect((await refused({ parent: missing('Event') })).userErrors).toEqual([expect.objectContaining({ field: ['parent'], code: 'NOT_FOUND' })]);
      const unknownSource = await refused({ excerpts: [{ source: missing('Source'), quote: 'anything' }] });
      expect(unknownSource.userErrors).toEqual([expect.objectContaining({ field: ['excerpts', '0', 'source'], code: 'NOT_FOUND' })]);
      const notFound = await refused({ excerpts: [{ source: r.source, quote: 'words nobody wrote here' }] });
      expect(notFound.userErrors).toEqual([expect.objectContaining({ field: ['excerpts', '0', 'quote'], code: 'QUOTE_NOT_FOUND' })]);
      const ambiguous = await refused({ excerpts: [{ source: r.source, quote: 'Azerbaijan' }] });
      expect(ambiguous.userErrors).toEqual([expect.objectContaining({ field: ['excerpts', '0', 'quote'], code: 'AMBIGUOUS_QUOTE' })]);
      const mismatch = await refused({ excerpts: [{ source: r.source, quote: 'FOR IMMEDIATE RELEASE', start: 0 }] });
      expect(mismatch.userErrors).toEqual([expect.objectContaining({ field: ['excerpts', '0', 'start'], code: 'SPAN_MISMATCH' })]);
      // Anchored in the first excerpt, refused in the second: the first excerpt row is not kept either.
      const late = await refused({ excerpts: [{ source: r.source, quote: 'Media Contact:' }, { source: r.source, quote: 'nowhere to be found' }] });
      expect(late.userErrors).toEqual([expect.objectContaining({ field: ['excerpts', '1', 'quote'], code: 'QUOTE_NOT_FOUND' })]);

      expect(await changeCount()).toBe(before);
      expect((await as(EVENT, { slug: 'refused-event' })).event).toBeNull();
    });

    it('updates fields and replaces participants, raises the version and refuses a stale one with CONFLICT', async () => {
      const r = await refs();
      const made = (
        await as(CREATE_EVENT, {
          input: { title: 'Updated event', kind: 'OTHER', start: '2025', participants: [{ actor: r.azerbaijan, role: 'INITIATOR' }] },
        })
      ).createEvent.event;
      const updated = (
        await as(UPDATE_EVENT, {
          input: {
            id: made.id,
            version: 1,
            kind: 'DIPLOMATIC',
            start: '2025-10',
            description: 'Described later.',
            participants: [
              { actor: r.artsakh, role: 'AFFECTED' },
              { actor: r.azerbaijan, role: 'INITIATOR' },
            ],
            excerpts: [{ source: r.other, quote: "Baku's campaign against the Armenian population of Artsakh" }],
          },
        })
      ).updateEvent;
      expect(updated.userErrors).toEqual([]);
      expect(updated.event).toMatchObject({
        title: 'Updated event',
        kind: 'DIPLOMATIC',
        version: 2,
        start: { edtf: '2025-10', note: null },
        description: 'Described later.',
        participants: [
          { actor: { slug: 'artsakh-armenians' }, role: 'AFFECTED' },
          { actor: { slug: 'azerbaijan' }, role: 'INITIATOR' },
        ],
        excerpts: [{ quote: "Baku's campaign against the Armenian population of Artsakh", start: 3809 }],
      });
      // Lists left out are kept; the note alone re-notes the start.
      const noted = (await as(UPDATE_EVENT, { input: { id: made.id, dateNote: 'From the release.' } })).updateEvent.event;
      expect(noted).toMatchObject({ version: 3, start: { edtf: '2025-10', note: 'From the release.' }, participants: updated.event.participants });
      const stale = (await as(UPDATE_EVENT, { input: { id: made.id, version: 2, title: 'Lost edit' } })).updateEvent;
      expect(stale).toMatchObject({ event: null, change: null, userErrors: [{ field: ['version'], code: 'CONFLICT' }] });
      const badDate = (await as(UPDATE_EVENT, { input: { id: made.id, start: 'soon' } })).updateEvent;
      expect(badDate.userErrors).toEqual([expect.objectContaining({ field: ['start'], code: 'INVALID_DATE' })]);
      const unknown = (await as(UPDATE_EVENT, { input: { id: missing('Event'), title: 'Nothing' } })).updateEvent;
      expect(unknown.userErrors).toEqual([expect.objectContaining({ field: ['id'], code: 'NOT_FOUND' })]);
    });

    it('refuses a parent that is the event itself or one of its parts', async () => {
      const r = await refs();
      const self = (await as(UPDATE_EVENT, { input: { id: r.campaign.id, parent: r.campaign.id } })).updateEvent;
      expect(self.userErrors).toEqual([expect.objectContaining({ field: ['parent'], code: 'INVALID_INPUT' })]);
      // nagorno-karabakh-assault-2020 is part of artsakh-campaign.
      const loop = (await as(UPDATE_EVENT, { input: { id: r.campaign.id, parent: r.assault.id } })).updateEvent;
      expect(loop.userErrors).toEqual([expect.objectContaining({ field: ['parent'], code: 'INVALID_INPUT' })]);
      expect((await as(EVENT, { slug: 'artsakh-campaign' })).event).toMatchObject({ parent: null, version: r.campaign.version });
    });

    it('refuses to delete an event statements, claims or parts point to (IN_USE, naming them)', async () => {
      const r = await refs();
      const inUse = (await as(DELETE_EVENT, { input: { id: r.isf.id } })).deleteEvent;
      expect(inUse).toMatchObject({ deletedId: null, change: null, userErrors: [{ field: ['id'], code: 'IN_USE' }] });
      expect(inUse.userErrors[0].message).toMatch(/statement isf-diplomats-remarks/);
      expect(inUse.userErrors[0].message).toMatch(/claim azerbaijan-has-refused-isf/);
      expect(inUse.userErrors[0].message).toMatch(/event \(part of it\) isf-diplomacy-new-york/);
      const parent = (await as(DELETE_EVENT, { input: { id: r.campaign.id } })).deleteEvent;
      expect(parent.userErrors[0].message).toMatch(/event \(part of it\) nagorno-karabakh-assault-2020/);
    });

    it('deletes an event with its participant and excerpt links, recorded, and a revert brings them back', async () => {
      const r = await refs();
      const made = (
        await as(CREATE_EVENT, {
          input: {
            title: 'Deleted event',
            kind: 'OTHER',
            start: '2025-11-12',
            participants: [{ actor: r.azerbaijan, role: 'INITIATOR' }],
            excerpts: [{ source: r.source, quote: 'Washington, D.C. - November 12, 2025' }],
          },
        })
      ).createEvent.event;
      const stale = (await as(DELETE_EVENT, { input: { id: made.id, version: 7 } })).deleteEvent;
      expect(stale.userErrors).toEqual([expect.objectContaining({ field: ['version'], code: 'CONFLICT' })]);
      const deleted = (await as(DELETE_EVENT, { input: { id: made.id, version: 1 } })).deleteEvent;
      expect(deleted).toMatchObject({ deletedId: made.id, userErrors: [] });
      expect(deleted.change.entries.map((e: any) => [e.operation, e.table])).toEqual([
        ['DELETE', 'event_participants'],
        ['DELETE', 'event_excerpts'],
        ['DELETE', 'events'],
      ]);
      expect((await as(EVENT, { slug: 'deleted-event' })).event).toBeNull();
      expect((await as(REVERT, { input: { change: deleted.change.id } })).revertChange.userErrors).toEqual([]);
      // Restored as it was, with a version it never had: an edit read before the delete cannot pass as current.
      expect((await as(EVENT, { slug: 'deleted-event' })).event).toEqual({ ...made, version: made.version + 1 });
    });
  });

  describe('claims', () => {
    async function claimRefs() {
      const r = await as(CLAIM_REFERENCES);
      const topics = r.topics.edges.map((e: any) => e.node);
      const claims = r.claims.edges.map((e: any) => e.node);
      return {
        source: r.source.id,
        statement: r.statement.id,
        azerbaijan: r.azerbaijan.id,
        israel: r.israel.id,
        isf: r.isf.id,
        topics,
        related: claims.find((c: any) => c.incomingRelations.length > 0),
      };
    }

    /** The claim slugs of the joint statement in order, each with the start of its earliest excerpt in the statement's source. */
    async function statementOrder(): Promise<{ slug: string; start: number }[]> {
      const edges = (await as(STATEMENT_CLAIMS)).statement.claims.edges;
      return edges.map((e: any) => {
        const here = e.node.appearances.find((a: any) => a.statement.slug === 'coalition-joint-statement-2025-11-12');
        const starts = here.excerpts.filter((x: any) => x.source.slug === 'cmep-joint-statement').map((x: any) => x.start);
        return { slug: e.node.slug, start: Math.min(...starts) };
      });
    }

    it('creates a claim that shows at once, in source order, in its statement, its claimants and search, and a revert removes it all', async () => {
      const r = await claimRefs();
      const before = await statementOrder();
      const payload = (
        await as(CREATE_CLAIM, {
          input: {
            text: 'Zanzibarian observers doubt the force could stay impartial.',
            kind: 'NORMATIVE',
            appearances: [{ statement: r.statement, excerpts: [{ source: r.source, quote: 'undermining confidence in Azerbaijan' }] }],
            subjects: [r.azerbaijan],
            events: [r.isf],
            topics: [{ topic: r.topics[0].id, stance: 'AGAINST' }, { topic: r.topics[1].id }],
          },
        })
      ).createClaim;
      expect(payload.userErrors).toEqual([]);
      const claim = payload.claim;
      expect(claim).toMatchObject({
        slug: 'zanzibarian-observers-doubt-the-force-could-stay-impartial',
        version: 1,
        appearances: [{ statement: { slug: 'coalition-joint-statement-2025-11-12' }, excerpts: [{ quote: 'undermining confidence in Azerbaijan', start: 1373 }] }],
        subjects: [{ slug: 'azerbaijan' }],
        events: [{ slug: 'gaza-isf' }],
      });
      expect(claim.topics).toEqual(
        expect.arrayContaining([
          { topic: { slug: r.topics[0].slug }, stance: 'AGAINST' },
          { topic: { slug: r.topics[1].slug }, stance: null },
        ]),
      );
      expect(payload.change.entries.filter((e: any) => e.table === 'appearance_excerpts' || e.table === 'claim_appearances').every((e: any) => e.nodeId)).toBe(true);

      const after = await statementOrder();
      expect(after.map((c) => c.slug).filter((slug) => slug !== claim.slug)).toEqual(before.map((c) => c.slug));
      const at = after.findIndex((c) => c.slug === claim.slug);
      expect(at).toBeGreaterThanOrEqual(0);
      if (at > 0) expect(after[at - 1]!.start).toBeLessThanOrEqual(1373);
      if (at < after.length - 1) expect(after[at + 1]!.start).toBeGreaterThan(1373);

      const read = await as(CLAIM_READ, { id: claim.id, search: 'zanzibarian' });
      expect(read.node.claimants.map((a: any) => a.slug)).toEqual(expect.arrayContaining(['a-new-policy', 'anca']));
      expect(read.search.edges).toContainEqual({ node: { __typename: 'Claim', slug: claim.slug } });

      expect((await as(REVERT, { input: { change: payload.change.id } })).revertChange.userErrors).toEqual([]);
      const gone = await as(CLAIM_READ, { id: claim.id, search: 'zanzibarian' });
      expect(gone.node).toBeNull();
      expect(gone.search.edges).toEqual([]);
      expect(await statementOrder()).toEqual(before);
    });

    it('refuses unknown references, unanchored quotes and empty lists at their field, writing nothing', async () => {
      const r = await claimRefs();
      const before = await changeCount();
      const at = (quote: string, start?: number) => [{ statement: r.statement, excerpts: [{ source: r.source, quote, ...(start != null && { start }) }] }];
      const base = { text: 'A refused claim.', kind: 'FACTUAL', appearances: at('undermining confidence in Azerbaijan') };
      const refused = async (input: Record<string, unknown>) => (await as(CREATE_CLAIM, { input: { ...base, ...input } })).createClaim;
      const cases: [Record<string, unknown>, string[], string][] = [
        [{ appearances: [{ statement: missing('Statement'), excerpts: [{ source: r.source, quote: 'Israel is a major supplier' }] }] }, ['appearances', '0', 'statement'], 'NOT_FOUND'],
        [{ subjects: [r.azerbaijan, missing('Actor')] }, ['subjects', '1'], 'NOT_FOUND'],
        [{ events: [r.azerbaijan] }, ['events', '0'], 'NOT_FOUND'],
        [{ topics: [{ topic: missing('Topic'), stance: 'FOR' }] }, ['topics', '0', 'topic'], 'NOT_FOUND'],
        [{ appearances: at('no such words in the statement') }, ['appearances', '0', 'excerpts', '0', 'quote'], 'QUOTE_NOT_FOUND'],
        [{ appearances: at('Azerbaijan') }, ['appearances', '0', 'excerpts', '0', 'quote'], 'AMBIGUOUS_QUOTE'],
        [{ appearances: at('Israel is a major supplier', 10) }, ['appearances', '0', 'excerpts', '0', 'start'], 'SPAN_MISMATCH'],
        [{ appearances: [] }, ['appearances'], 'INVALID_INPUT'],
        [{ appearances: [{ statement: r.statement, excerpts: [] }] }, ['appearances', '0', 'excerpts'], 'INVALID_INPUT'],
        [{ appearances: [...at('Israel is a major supplier'), ...at('undermining confidence in Azerbaijan')] }, ['appearances', '1', 'statement'], 'INVALID_INPUT'],
        [{ text: '  ' }, ['text'], 'INVALID_INPUT'],
      ];
      for (const [input, field, code] of cases) {
        const payload = await refused(input);
        expect(payload, JSON.stringify(input)).toMatchObject({ claim: null, change: null });
        expect(payload.userErrors, JSON.stringify(input)).toEqual([expect.objectContaining({ field, code })]);
      }
      expect(await changeCount()).toBe(before);
    });

    it('updates text and replaces the lists given, keeps the rest, and refuses a stale version with CONFLICT', async () => {
      const r = await claimRefs();
      const made = (
        await as(CREATE_CLAIM, {
          input: {
            text: 'A claim to update.',
            kind: 'FACTUAL',
            appearances: [{ statement: r.statement, excerpts: [{ source: r.source, quote: 'Israel is a major supplier' }] }],
            subjects: [r.azerbaijan],
            topics: [{ topic: r.topics[0].id, stance: 'FOR' }],
          },
        })
      ).createClaim.claim;
      const updated = (
        await as(UPDATE_CLAIM, {
          input: { id: made.id, version: 1, text: 'A claim, updated.', subjects: [r.israel, r.azerbaijan], topics: [{ topic: r.topics[0].id, stance: 'AGAINST' }] },
        })
      ).updateClaim;
      expect(updated.userErrors).toEqual([]);
      expect(updated.claim).toMatchObject({
        text: 'A claim, updated.',
        version: 2,
        appearances: made.appearances,
        topics: [{ topic: { slug: r.topics[0].slug }, stance: 'AGAINST' }],
      });
      expect(updated.claim.subjects.map((a: any) => a.slug).sort()).toEqual(['azerbaijan', 'israel']);
      // The subject kept is not rewritten; the new one is added and the stance updated.
      expect(updated.change.entries.map((e: any) => [e.operation, e.table])).toEqual([
        ['UPDATE', 'claims'],
        ['CREATE', 'claim_subjects'],
        ['UPDATE', 'claim_topics'],
      ]);
      const moved = (
        await as(UPDATE_CLAIM, { input: { id: made.id, appearances: [{ statement: r.statement, excerpts: [{ source: r.source, quote: 'undermining confidence in Azerbaijan' }] }] } })
      ).updateClaim;
      expect(moved.claim.appearances).toEqual([
        { statement: { slug: 'coalition-joint-statement-2025-11-12' }, excerpts: [{ quote: 'undermining confidence in Azerbaijan', start: 1373 }] },
      ]);
      const stale = (await as(UPDATE_CLAIM, { input: { id: made.id, version: 1, text: 'Lost edit' } })).updateClaim;
      expect(stale).toMatchObject({ claim: null, change: null, userErrors: [{ field: ['version'], code: 'CONFLICT' }] });
      const empty = (await as(UPDATE_CLAIM, { input: { id: made.id, appearances: [] } })).updateClaim;
      expect(empty.userErrors).toEqual([expect.objectContaining({ field: ['appearances'], code: 'INVALID_INPUT' })]);
    });

    it('refuses to delete a claim other claims relate to (IN_USE), and deletes one with all its links, recorded', async () => {
      const r = await claimRefs();
      const inUse = (await as(DELETE_CLAIM, { input: { id: r.related.id } })).deleteClaim;
      expect(inUse).toMatchObject({ deletedId: null, change: null, userErrors: [{ field: ['id'], code: 'IN_USE' }] });
      expect(inUse.userErrors[0].message).toMatch(/a relation from claim [a-z0-9-]+ \((REBUTS|SUPPORTS|UNDERCUTS|CONTRADICTS|QUALIFIES|RESTATES)\)/);
      const made = (
        await as(CREATE_CLAIM, {
          input: {
            text: 'A claim to delete.',
            kind: 'PREDICTION',
            appearances: [{ statement: r.statement, excerpts: [{ source: r.source, quote: 'Israel is a major supplier' }] }],
            subjects: [r.azerbaijan],
            events: [r.isf],
            topics: [{ topic: r.topics[0].id }],
          },
        })
      ).createClaim.claim;
      const stale = (await as(DELETE_CLAIM, { input: { id: made.id, version: 3 } })).deleteClaim;
      expect(stale.userErrors).toEqual([expect.objectContaining({ field: ['version'], code: 'CONFLICT' })]);
      const deleted = (await as(DELETE_CLAIM, { input: { id: made.id, version: 1 } })).deleteClaim;
      expect(deleted).toMatchObject({ deletedId: made.id, userErrors: [] });
      expect(deleted.change.entries.map((e: any) => e.table)).toEqual([
        'appearance_excerpts',
        'claim_appearances',
        'claim_subjects',
        'claim_events',
        'claim_topics',
        'claims',
      ]);
      expect(deleted.change.entries.every((e: any) => e.operation === 'DELETE' && e.nodeId === made.id)).toBe(true);
      expect((await as(CLAIM_READ, { id: made.id, search: 'delete' })).node).toBeNull();
    });
  });
});
