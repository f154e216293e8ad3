// The compared queries: each as claimline asks it, as PostGraphile's amber
// schema asks it (where it can), and as one hand-written SQL statement (the
// floor). `canon` turns each answer into one comparable form; the floor answers
// in claimline's shape, so it goes through claimline's canon.
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import { WHOLE_TIMELINE, timelinePageQuery } from '../../src/loaders/timeline.js';
import { encodeCursor } from '../../src/pagination/cursor.js';
import { rankedMatches, searchQuery } from '../../src/schema/search-filter.js';
import { standingFlags } from '../../src/schema/standing.js';

export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
}

export interface CompareQuery {
  name: string;
  claimline: Operation;
  /** Absent where PostGraphile's schema cannot express the query; `note` says why or how it differs. */
  postgraphile?: Operation;
  note?: string;
  /** One SQL statement returning one row with a json column `data` in claimline's answer shape. */
  floor?: { text: string; params: unknown[] };
  canon: { claimline: (data: any) => unknown; postgraphile?: (data: any) => unknown };
}

const dialect = new PgDialect();

/** A drizzle SQL object as text and parameters, so the floor server can run it on postgres.js. */
function render(query: SQL): { text: string; params: unknown[] } {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, params };
}

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const byKey = (a: unknown[], b: unknown[]) => {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
};
const sorted = <T>(list: T[]) => [...list].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

export interface Fixtures {
  traversalSlug: string;
  claimIds: number[];
  /** Keys of the row 90% down the statements-by-date list, and PostGraphile's cursor for it. */
  deepStatement: { day: string; rank: number; id: number; pgCursor: string };
  deepTimeline: { day: string; rank: number; type: 0 | 1; id: number; pgEventCursor: string | null; pgStatementCursor: string | null };
  actorId: number;
  deepActorTimeline: { day: string; rank: number; type: 0 | 1; id: number };
  searchText: string;
  claimWithRebuttals: number;
}

type Sql = postgres.Sql;

/** Picks the rows the queries start from; PostGraphile gives its own cursors for the deep pages. */
export async function loadFixtures(db: Sql, postgraphile: (op: Operation) => Promise<any>): Promise<Fixtures> {
  const [statementCount] = await db`SELECT count(*)::int AS n FROM statements`;
  const [eventCount] = await db`SELECT count(*)::int AS n FROM events`;
  const deepIndex = Math.floor(statementCount!.n * 0.9);
  const [deep] = await db`SELECT to_char(date_earliest, 'YYYY-MM-DD') AS day, date_rank AS rank, id FROM statements
    ORDER BY date_earliest, date_rank, id OFFSET ${deepIndex} LIMIT 1`;
  const pgStatement = await postgraphile({
    query: `query($o: Int!) { allStatements(orderBy: [DATE_EARLIEST_ASC, DATE_RANK_ASC, ROW_ID_ASC], offset: $o, first: 1) { edges { cursor } } }`,
    variables: { o: deepIndex },
  });
  const timelineIndex = Math.floor((statementCount!.n + eventCount!.n) * 0.9);
  const [tl] = await db`SELECT to_char(day, 'YYYY-MM-DD') AS day, rank, type, id FROM (
      SELECT start_earliest AS day, start_rank AS rank, 0 AS type, id FROM events
      UNION ALL SELECT date_earliest, date_rank, 1, id FROM statements) t
    ORDER BY day, rank, type, id OFFSET ${timelineIndex} LIMIT 1`;
  // Each table's rows up to and including the timeline's cursor row: PostGraphile pages each list after its own last one.
  const [upTo] = await db`SELECT
      (SELECT count(*)::int FROM events WHERE (start_earliest, start_rank, 0, id) <= (${tl!.day}::date, ${tl!.rank}::int, ${tl!.type}::int, ${tl!.id}::int)) AS events,
      (SELECT count(*)::int FROM statements WHERE (date_earliest, date_rank, 1, id) <= (${tl!.day}::date, ${tl!.rank}::int, ${tl!.type}::int, ${tl!.id}::int)) AS statements`;
  const pgCursors = await postgraphile({
    query: `query($e: Int!, $s: Int!) {
      e: allEvents(orderBy: [START_EARLIEST_ASC, START_RANK_ASC, ROW_ID_ASC], offset: $e, first: 1) { edges { cursor } }
      s: allStatements(orderBy: [DATE_EARLIEST_ASC, DATE_RANK_ASC, ROW_ID_ASC], offset: $s, first: 1) { edges { cursor } } }`,
    variables: { e: Math.max(0, upTo!.events - 1), s: Math.max(0, upTo!.statements - 1) },
  });
  const [traversal] = await db`SELECT slug FROM statements ORDER BY id OFFSET ${Math.floor(statementCount!.n / 2)} LIMIT 1`;
  const [claimRange] = await db`SELECT min(id)::int AS lo, max(id)::int AS hi FROM claims`;
  const claimIds = Array.from({ length: 50 }, (_, i) => claimRange!.lo + Math.floor(((claimRange!.hi - claimRange!.lo) * (i * 37 % 50)) / 50));
  const [actor] = await db`SELECT id FROM actors ORDER BY id OFFSET 41 LIMIT 1`;
  const actorScope = { ...WHOLE_TIMELINE, actorIds: [actor!.id] };
  const actorRows = await db.unsafe(
    `SELECT to_char(t.day::date, 'YYYY-MM-DD') AS day, t.rank, t.type, t.id FROM (${render(timelinePageQuery(actorScope, { size: 100000, backward: false, after: null, before: null }, false)!).text}) t`,
    render(timelinePageQuery(actorScope, { size: 100000, backward: false, after: null, before: null }, false)!).params as never[],
  );
  const deepActor = actorRows[Math.floor(actorRows.length * 0.9)]!;
  const [rebutted] = await db`SELECT to_claim_id AS id FROM claim_relations WHERE kind = 'REBUTS' ORDER BY to_claim_id OFFSET 1000 LIMIT 1`;
  return {
    traversalSlug: traversal!.slug,
    claimIds,
    deepStatement: { day: deep!.day, rank: deep!.rank, id: deep!.id, pgCursor: pgStatement.allStatements.edges[0].cursor },
    deepTimeline: {
      day: tl!.day,
      rank: tl!.rank,
      type: tl!.type,
      id: tl!.id,
      pgEventCursor: upTo!.events ? pgCursors.e.edges[0].cursor : null,
      pgStatementCursor: upTo!.statements ? pgCursors.s.edges[0].cursor : null,
    },
    actorId: actor!.id,
    deepActorTimeline: { day: deepActor.day, rank: Number(deepActor.rank), type: Number(deepActor.type) as 0 | 1, id: Number(deepActor.id) },
    searchText: '4242',
    claimWithRebuttals: rebutted!.id,
  };
}

/** Claimline's timeline page as its SQL would make it, wrapped into the answer's JSON (the floor of a timeline query). */
function timelineFloor(scope: typeof WHOLE_TIMELINE, after: Fixtures['deepActorTimeline'] | null): { text: string; params: unknown[] } {
  const page = timelinePageQuery(scope, { size: 20, backward: false, after: after ? [after.day, after.rank, after.type, after.id] : null, before: null }, false)!;
  return render(sql`SELECT json_build_object('timeline', json_build_object(
      'edges', coalesce(json_agg(json_build_object('node', json_build_object(
        '__typename', CASE WHEN p.type = 0 THEN 'Event' ELSE 'Statement' END,
        'title', coalesce(e.title, s.title))) ORDER BY p.day, p.rank, p.type, p.id) FILTER (WHERE p.n <= 20), '[]'),
      'pageInfo', json_build_object('hasNextPage', count(*) > 20))) AS data
    FROM (SELECT q.*, row_number() OVER (ORDER BY q.day, q.rank, q.type, q.id) AS n FROM (${page}) q) p
    LEFT JOIN events e ON p.type = 0 AND e.id = p.id
    LEFT JOIN statements s ON p.type = 1 AND s.id = p.id`);
}

const TIMELINE_SELECTION = `edges { node { __typename ... on Statement { title } ... on Event { title } } } pageInfo { hasNextPage }`;
const timelineCanon = (data: any) => data.timeline.edges.map((e: any) => [e.node.__typename, e.node.title]);

/** PostGraphile's two lists merged into the timeline's order (day, precision rank, events before statements, id). */
function mergedTimeline(data: any) {
  const items = [
    ...data.e.nodes.map((n: any) => ({ key: [n.startEarliest, n.startRank, 0, n.rowId], item: ['Event', n.title] })),
    ...data.s.nodes.map((n: any) => ({ key: [n.dateEarliest, n.dateRank, 1, n.rowId], item: ['Statement', n.title] })),
  ];
  return items.sort((a, b) => byKey(a.key, b.key)).slice(0, 20).map((i) => i.item);
}

const PG_TIMELINE = `query($e: Cursor, $s: Cursor) {
  e: allEvents(first: 20, after: $e, orderBy: [START_EARLIEST_ASC, START_RANK_ASC, ROW_ID_ASC]) { nodes { rowId title startEarliest startRank } }
  s: allStatements(first: 20, after: $s, orderBy: [DATE_EARLIEST_ASC, DATE_RANK_ASC, ROW_ID_ASC]) { nodes { rowId title dateEarliest dateRank } } }`;

export function compareQueries(f: Fixtures): CompareQuery[] {
  const statementsPage = (after: string | null) => ({
    query: `query($after: String) { statements(first: 20, after: $after) { edges { node { title date { edtf } } } pageInfo { hasNextPage } } }`,
    variables: { after },
  });
  const pgStatementsPage = (after: string | null) => ({
    query: `query($after: Cursor) { allStatements(first: 20, after: $after, orderBy: [DATE_EARLIEST_ASC, DATE_RANK_ASC, ROW_ID_ASC]) { edges { node { title dateEdtf } } pageInfo { hasNextPage } } }`,
    variables: { after },
  });
  const statementsFloor = (after: Fixtures['deepStatement'] | null) => ({
    text: `SELECT json_build_object('statements', json_build_object(
        'edges', coalesce(json_agg(json_build_object('node', json_build_object('title', s.title, 'date', json_build_object('edtf', s.date_edtf)))
          ORDER BY s.date_earliest, s.date_rank, s.id) FILTER (WHERE s.n <= 20), '[]'),
        'pageInfo', json_build_object('hasNextPage', count(*) > 20))) AS data
      FROM (SELECT title, date_edtf, date_earliest, date_rank, id, row_number() OVER (ORDER BY date_earliest, date_rank, id) AS n
        FROM statements ${after ? 'WHERE (date_earliest, date_rank, id) > ($1::date, $2::smallint, $3::int)' : ''}
        ORDER BY date_earliest, date_rank, id LIMIT 21) s`,
    params: after ? [after.day, after.rank, after.id] : [],
  });
  const statementsCanon = (list: any) => list.edges.map((e: any) => [e.node.title, e.node.date?.edtf ?? e.node.dateEdtf]).concat([list.pageInfo.hasNextPage]);
  const actorTimeline = (after: string | null) => ({
    query: `query($actors: [ID!], $after: String) { timeline(first: 20, after: $after, filter: { actors: $actors }) { ${TIMELINE_SELECTION} } }`,
    variables: { actors: [gid('Actor', f.actorId)], after },
  });
  const actorScope = { ...WHOLE_TIMELINE, actorIds: [f.actorId] };
  const q = f.claimWithRebuttals;

  return [
    {
      name: 'traversal',
      claimline: {
        query: `query($slug: String!) { statement(slug: $slug) { title participants { role actor { name } }
          claims(first: 10) { edges { node { text relations { kind to { text } } } } } } }`,
        variables: { slug: f.traversalSlug },
      },
      postgraphile: {
        query: `query($slug: String!) { statementBySlug(slug: $slug) { title
          statementParticipantsByStatementId { nodes { role actorByActorId { name } } }
          claimAppearancesByStatementId(first: 10, orderBy: [POSITION_ASC, CLAIM_ID_ASC]) { nodes { claimByClaimId { text
            claimRelationsByFromClaimId(orderBy: ROW_ID_ASC) { nodes { kind claimByToClaimId { text } } } } } } } }`,
        variables: { slug: f.traversalSlug },
      },
      note: 'PostGraphile cannot order participants by position (not indexed); participants are compared as a set.',
      floor: {
        text: `SELECT json_build_object('statement', json_build_object('title', s.title,
            'participants', (SELECT coalesce(json_agg(json_build_object('role', p.role, 'actor', json_build_object('name', a.name)) ORDER BY p.position, p.role), '[]')
              FROM statement_participants p JOIN actors a ON a.id = p.actor_id WHERE p.statement_id = s.id),
            'claims', json_build_object('edges', (SELECT coalesce(json_agg(json_build_object('node', json_build_object('text', c.text,
                'relations', (SELECT coalesce(json_agg(json_build_object('kind', r.kind, 'to', json_build_object('text', t.text)) ORDER BY r.created_on, r.id), '[]')
                  FROM claim_relations r JOIN claims t ON t.id = r.to_claim_id WHERE r.from_claim_id = c.id))) ORDER BY ca.position, ca.claim_id), '[]')
              FROM (SELECT * FROM claim_appearances WHERE statement_id = s.id ORDER BY position, claim_id LIMIT 10) ca JOIN claims c ON c.id = ca.claim_id)))) AS data
          FROM statements s WHERE s.slug = $1`,
        params: [f.traversalSlug],
      },
      canon: {
        claimline: (d) => [d.statement.title, sorted(d.statement.participants.map((p: any) => [p.role, p.actor.name])),
          d.statement.claims.edges.map((e: any) => [e.node.text, e.node.relations.map((r: any) => [r.kind, r.to.text])])],
        postgraphile: (d) => [d.statementBySlug.title,
          sorted(d.statementBySlug.statementParticipantsByStatementId.nodes.map((p: any) => [p.role, p.actorByActorId.name])),
          d.statementBySlug.claimAppearancesByStatementId.nodes.map((n: any) => [n.claimByClaimId.text,
            n.claimByClaimId.claimRelationsByFromClaimId.nodes.map((r: any) => [r.kind, r.claimByToClaimId.text])])],
      },
    },
    {
      name: 'actors x statements',
      claimline: { query: `{ actors(first: 100) { edges { node { name statements(first: 10) { edges { node { title } } } } } } }` },
      postgraphile: {
        query: `{ allActors(first: 100, orderBy: ROW_ID_ASC) { nodes { name statementParticipantsByActorId(first: 10) { nodes { statementByStatementId { title } } } } } }`,
      },
      note: 'Not the same rows: PostGraphile can neither order actors by name nor an actor\'s statements by date (nor list each statement once); only the shape (100 actors x 10) is compared.',
      floor: {
        text: `SELECT json_build_object('actors', json_build_object('edges', coalesce(json_agg(json_build_object('node', json_build_object('name', a.name,
            'statements', json_build_object('edges', (SELECT coalesce(json_agg(json_build_object('node', json_build_object('title', st.title))
                ORDER BY st.date_earliest, st.date_rank, st.id), '[]')
              FROM (SELECT s.id, s.title, s.date_earliest, s.date_rank FROM (SELECT DISTINCT p.statement_id, p.date_earliest, p.date_rank
                FROM statement_participants p WHERE p.actor_id = a.id ORDER BY p.date_earliest, p.date_rank, p.statement_id LIMIT 10) d
                JOIN statements s ON s.id = d.statement_id) st)))) ORDER BY a.name COLLATE "C", a.id), '[]'))) AS data
          FROM (SELECT id, name FROM actors ORDER BY name COLLATE "C", id LIMIT 100) a`,
        params: [],
      },
      canon: {
        claimline: (d) => ({ actors: d.actors.edges.length, statements: d.actors.edges.map((e: any) => e.node.statements.edges.length) }),
        postgraphile: (d) => ({ actors: d.allActors.nodes.length, statements: d.allActors.nodes.map((n: any) => n.statementParticipantsByActorId.nodes.length) }),
      },
    },
    {
      name: 'statements first page',
      claimline: statementsPage(null),
      postgraphile: pgStatementsPage(null),
      floor: statementsFloor(null),
      canon: { claimline: (d) => statementsCanon(d.statements), postgraphile: (d) => statementsCanon(d.allStatements) },
    },
    {
      name: 'statements 90% deep',
      claimline: statementsPage(encodeCursor('statements', [f.deepStatement.day, f.deepStatement.rank, f.deepStatement.id])),
      postgraphile: pgStatementsPage(f.deepStatement.pgCursor),
      floor: statementsFloor(f.deepStatement),
      canon: { claimline: (d) => statementsCanon(d.statements), postgraphile: (d) => statementsCanon(d.allStatements) },
    },
    {
      name: '50 claims by ID',
      claimline: { query: `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Claim { text kind } } }`, variables: { ids: f.claimIds.map((id) => gid('Claim', id)) } },
      postgraphile: { query: `{ ${f.claimIds.map((id, i) => `c${i}: claimByRowId(rowId: ${id}) { text kind }`).join(' ')} }` },
      note: 'PostGraphile (amber) has no nodes(ids:); it is asked with 50 aliases.',
      floor: {
        text: `SELECT json_build_object('nodes', json_agg(CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('text', c.text, 'kind', c.kind) END ORDER BY u.n)) AS data
          FROM unnest($1::int[]) WITH ORDINALITY u(id, n) LEFT JOIN claims c ON c.id = u.id`,
        params: [f.claimIds],
      },
      canon: { claimline: (d) => d.nodes, postgraphile: (d) => f.claimIds.map((_, i) => d[`c${i}`]) },
    },
    {
      name: 'timeline first page',
      claimline: { query: `{ timeline(first: 20) { ${TIMELINE_SELECTION} } }` },
      postgraphile: { query: PG_TIMELINE, variables: { e: null, s: null } },
      note: 'PostGraphile has no list of events and statements together: it is asked for 20 of each, merged by the client.',
      floor: timelineFloor(WHOLE_TIMELINE, null),
      canon: { claimline: timelineCanon, postgraphile: mergedTimeline },
    },
    {
      name: 'timeline 90% deep',
      claimline: {
        query: `query($after: String) { timeline(first: 20, after: $after) { ${TIMELINE_SELECTION} } }`,
        variables: { after: encodeCursor('timeline', [f.deepTimeline.day, f.deepTimeline.rank, f.deepTimeline.type, f.deepTimeline.id]) },
      },
      postgraphile: { query: PG_TIMELINE, variables: { e: f.deepTimeline.pgEventCursor, s: f.deepTimeline.pgStatementCursor } },
      floor: timelineFloor(WHOLE_TIMELINE, f.deepTimeline),
      canon: { claimline: timelineCanon, postgraphile: mergedTimeline },
    },
    {
      name: 'actor timeline first page',
      claimline: actorTimeline(null),
      note: "PostGraphile cannot express the actor filter (participant, claimant or subject of a claim in the statement).",
      floor: timelineFloor(actorScope, null),
      canon: { claimline: timelineCanon },
    },
    {
      name: 'actor timeline 90% deep',
      claimline: actorTimeline(encodeCursor('timeline', [f.deepActorTimeline.day, f.deepActorTimeline.rank, f.deepActorTimeline.type, f.deepActorTimeline.id])),
      floor: timelineFloor(actorScope, f.deepActorTimeline),
      canon: { claimline: timelineCanon },
    },
    {
      name: 'search',
      claimline: {
        query: `query($q: String!) { search(query: $q, first: 10) { edges { rank node { __typename ... on Statement { title } ... on Event { title } ... on Claim { text } ... on Actor { name } } } } }`,
        variables: { q: f.searchText },
      },
      note: 'PostGraphile (amber) has no full-text search.',
      floor: render(sql`SELECT json_build_object('search', json_build_object('edges', coalesce(json_agg(json_build_object('rank', h.rank, 'node',
          CASE h.type WHEN 1 THEN json_build_object('__typename', 'Statement', 'title', s.title) WHEN 3 THEN json_build_object('__typename', 'Event', 'title', e.title)
            WHEN 2 THEN json_build_object('__typename', 'Claim', 'text', c.text) WHEN 0 THEN json_build_object('__typename', 'Actor', 'name', a.name)
            WHEN 4 THEN json_build_object('__typename', 'Source') ELSE json_build_object('__typename', 'Topic') END) ORDER BY -h.rank, h.type, h.id), '[]'))) AS data
        FROM (SELECT * FROM (${sql.join(
          (['actor', 'statement', 'claim', 'event', 'source', 'topic'] as const).map(
            (entity, i) => sql`SELECT ${sql.raw(String(i))} AS type, m.id, m.rank FROM (${rankedMatches(entity, searchQuery(f.searchText))}) m`,
          ),
          sql` UNION ALL `,
        )}) hits ORDER BY -rank, type, id LIMIT 10) h
        LEFT JOIN statements s ON h.type = 1 AND s.id = h.id LEFT JOIN events e ON h.type = 3 AND e.id = h.id
        LEFT JOIN claims c ON h.type = 2 AND c.id = h.id LEFT JOIN actors a ON h.type = 0 AND a.id = h.id`),
      canon: { claimline: (d) => d.search.edges.map((e: any) => [Math.round(e.rank * 1e4), e.node]) },
    },
    {
      name: 'claim standing + rebuttals',
      claimline: {
        query: `query($id: ID!) { node(id: $id) { ... on Claim { text standing(asOf: "2030-01-01") rebuttals { text } } } }`,
        variables: { id: gid('Claim', q) },
      },
      postgraphile: {
        query: `query($id: Int!) { claimByRowId(rowId: $id) { text claimRelationsByToClaimId { nodes { kind claimByFromClaimId { text } } } } }`,
        variables: { id: q },
      },
      note: 'PostGraphile has no derived standing: it returns the incoming relations and the client derives standing (every relation here is in effect) and rebuttals, compared as a set.',
      floor: (() => {
        const flags = standingFlags(sql`c.id`, '2030-01-01');
        return render(sql`SELECT json_build_object('node', json_build_object('text', c.text,
            'standing', CASE WHEN ${flags.supported} THEN (CASE WHEN ${flags.challenged} THEN 'CONTESTED' ELSE 'SUPPORTED' END)
              WHEN ${flags.challenged} THEN 'DISPUTED' ELSE 'UNCHALLENGED' END,
            'rebuttals', (SELECT coalesce(json_agg(json_build_object('text', x.text) ORDER BY x.day, x.rank, x.id), '[]') FROM (
              SELECT DISTINCT ON (fc.id) fc.id, fc.text, st.date_earliest AS day, st.date_rank AS rank
              FROM claim_relations r JOIN claims fc ON fc.id = r.from_claim_id
              JOIN claim_appearances ca ON ca.claim_id = fc.id JOIN statements st ON st.id = ca.statement_id
              WHERE r.to_claim_id = c.id AND r.kind IN ('REBUTS', 'UNDERCUTS', 'CONTRADICTS')
              ORDER BY fc.id, st.date_earliest, st.date_rank) x))) AS data
          FROM claims c WHERE c.id = ${q}`);
      })(),
      canon: {
        claimline: (d) => [d.node.text, d.node.standing, sorted(d.node.rebuttals.map((r: any) => r.text))],
        postgraphile: (d) => {
          const kinds = d.claimByRowId.claimRelationsByToClaimId.nodes.map((n: any) => n.kind);
          const supported = kinds.includes('SUPPORTS');
          const challenged = kinds.some((k: string) => ['REBUTS', 'UNDERCUTS', 'CONTRADICTS'].includes(k));
          const standing = supported ? (challenged ? 'CONTESTED' : 'SUPPORTED') : challenged ? 'DISPUTED' : 'UNCHALLENGED';
          const rebuttals = d.claimByRowId.claimRelationsByToClaimId.nodes
            .filter((n: any) => ['REBUTS', 'UNDERCUTS', 'CONTRADICTS'].includes(n.kind))
            .map((n: any) => n.claimByFromClaimId.text);
          return [d.claimByRowId.text, standing, sorted(rebuttals)];
        },
      },
    },
  ];
}
