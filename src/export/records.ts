// The records an export writes, read from the database in keyset batches: one
// page query per batch in the order of the GraphQL list (or the timeline), then
// one query per related list for the whole batch, never one per row. Nothing
// holds a connection between batches, so a stopped export simply stops asking.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { and, count, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type FuzzyDate, fuzzyDateFromColumns, fuzzyDateOf } from '../dates/fuzzy-date.js';
import type { Database } from '../db/client.js';
import { rowColumns } from '../db/row-columns.js';
import { idArray, selectRows, valueList } from '../db/rows.js';
import { actors, ASSERTING_ROLES, claimRelations, claims, type DatePrecision, events, sources, statements, topics } from '../db/schema.js';
import { rowsById } from '../loaders/rows-by-id.js';
import { keyValues, timelineCounts, timelinePages, type TimelineKey, type TimelineScope } from '../loaders/timeline.js';
import type { CursorValues } from '../pagination/cursor.js';
import { keysetConditions, keysetOrder, type SortKey } from '../pagination/keyset.js';
import { claimKey, eventKey, nameKey, statementKey } from '../schema/sort-keys.js';
import type { ExportWhat, ResolvedFilters } from './filters.js';

/** A record another one points to: its id and slug, and what formats need to name it. */
export interface Ref {
  id: number;
  slug: string;
}
export interface ActorRef extends Ref {
  name: string;
  kind: string;
}
export interface StatementRef extends Ref {
  title: string;
  date: FuzzyDate;
}
export interface ExcerptRecord {
  source: Ref;
  start: number;
  end: number;
  quote: string;
}

export interface ActorRecord {
  type: 'actor';
  id: number;
  slug: string;
  name: string;
  kind: string;
  description: string | null;
  aliases: string[];
  affiliations: { organization: ActorRef; role: string | null; since: FuzzyDate | null; until: FuzzyDate | null }[];
}
export interface SourceRecord {
  type: 'source';
  id: number;
  slug: string;
  title: string;
  kind: string;
  publisher: ActorRef | null;
  url: string | null;
  published: FuzzyDate | null;
  fileName: string | null;
  text: string;
}
export interface TopicRecord {
  type: 'topic';
  id: number;
  slug: string;
  name: string;
  description: string | null;
}
export interface EventRecord {
  type: 'event';
  id: number;
  slug: string;
  title: string;
  kind: string;
  description: string | null;
  start: FuzzyDate;
  end: FuzzyDate | null;
  place: string | null;
  parent: Ref | null;
  participants: { actor: ActorRef; role: string }[];
  excerpts: ExcerptRecord[];
}
export interface StatementRecord {
  type: 'statement';
  id: number;
  slug: string;
  title: string;
  kind: string;
  date: FuzzyDate;
  summary: string | null;
  participants: { actor: ActorRef; role: string }[];
  events: Ref[];
  respondsTo: Ref[];
  excerpts: ExcerptRecord[];
  /** In the order they appear in the statement. */
  claims: Ref[];
}
export interface ClaimRecord {
  type: 'claim';
  id: number;
  slug: string;
  text: string;
  kind: string;
  /** The earliest appearance's date, as Claim.date. */
  date: FuzzyDate | null;
  claimants: ActorRef[];
  subjects: ActorRef[];
  events: Ref[];
  topics: { topic: Ref; stance: string | null }[];
  appearances: { statement: StatementRef; excerpts: ExcerptRecord[] }[];
}
export interface RelationRecord {
  type: 'relation';
  id: number;
  kind: string;
  from: Ref;
  to: Ref;
  statement: Ref | null;
  note: string | null;
  createdOn: string;
}

export type ExportRecord = ActorRecord | SourceRecord | TopicRecord | EventRecord | StatementRecord | ClaimRecord | RelationRecord;
export type RecordType = ExportRecord['type'];

/**
 * Claims of a batch each take a few kilobytes in flight (rows, records, text);
 * a batch of 500 keeps that small enough that the young-generation
 * collections which run while it is in flight copy little, and on Postgres its
 * id arrays are planned as index lookups (at 1,000 ids on 300,000 claims the
 * planner chose parallel sequential scans for a connection's first runs):
 * less CPU per row on both sides than batches of 1,000.
 */
export const DEFAULT_BATCH_SIZE = 500;
/** The first batch is small, so the first bytes go out at once however large the batches after it. */
export const FIRST_BATCH_SIZE = 100;

export interface ReadOptions {
  batchSize?: number;
  /** Told the size of each batch as it is read (the command line's progress bar). */
  onBatch?: (records: number) => void;
}

type Row = Record<string, unknown>;

/** Rows grouped under the parent ids, in the parents' order; each parent gets a list, maybe empty. */
function grouped<T>(ids: readonly number[], rows: Row[], map: (row: Row) => T, parent = 'parent'): T[][] {
  const groups = new Map<number, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(Number(row[parent]))?.push(map(row));
  return ids.map((id) => groups.get(id)!);
}

/** The five columns of a stored FuzzyDate, dates as text on both drivers. */
function dateColumns(alias: string, prefix: string, as = prefix): SQL {
  const c = (column: string) => `${alias}.${prefix}_${column}`;
  return sql.raw(
    `${c('edtf')} AS ${as}_edtf, CAST(${c('earliest')} AS text) AS ${as}_earliest, CAST(${c('latest')} AS text) AS ${as}_latest, ${c('precision')} AS ${as}_precision, ${c('note')} AS ${as}_note`,
  );
}

function dateOf(row: Row, as: string): FuzzyDate | null {
  return fuzzyDateFromColumns({
    edtf: row[`${as}_edtf`] as string | null,
    earliest: row[`${as}_earliest`] as string | null,
    latest: row[`${as}_latest`] as string | null,
    precision: row[`${as}_precision`] as DatePrecision | null,
    note: row[`${as}_note`] as string | null,
  });
}

const ref = (row: Row, prefix: string): Ref => ({ id: Number(row[`${prefix}_id`]), slug: String(row[`${prefix}_slug`]) });
const actorRef = (row: Row, prefix = 'actor'): ActorRef => ({
  ...ref(row, prefix),
  name: String(row[`${prefix}_name`]),
  kind: String(row[`${prefix}_kind`]),
});

async function links<T>(db: Database, ids: readonly number[], query: (list: SQL) => SQL, map: (row: Row) => T): Promise<T[][]> {
  if (!ids.length) return [];
  return grouped(ids, await selectRows<Row>(db, query(valueList(ids))), map);
}

/** Excerpts through one link table, in text order (source, then offset), as the API lists them. */
function excerptsVia(db: Database, table: string, parentColumn: string, ids: readonly number[]) {
  return links(
    db,
    ids,
    (list) => sql`SELECT l.${sql.raw(parentColumn)} AS parent, x.start, x."end", x.quote, so.id AS source_id, so.slug AS source_slug
      FROM ${sql.raw(table)} l JOIN excerpts x ON x.id = l.excerpt_id JOIN sources so ON so.id = x.source_id
      WHERE l.${sql.raw(parentColumn)} IN (${list}) ORDER BY x.source_id, x.start, x.id`,
    (r): ExcerptRecord => ({ source: ref(r, 'source'), start: Number(r.start), end: Number(r.end), quote: String(r.quote) }),
  );
}

const ACTOR_COLUMNS = sql.raw('a.id AS actor_id, a.slug AS actor_slug, a.name AS actor_name, a.kind AS actor_kind');

// ---------------------------------------------------------------- one batch of rows -> records

type ReadRow<T extends PgTable> = Omit<T['$inferSelect'], 'search'>;

async function actorRecords(db: Database, rows: ReadRow<typeof actors>[]): Promise<ActorRecord[]> {
  const ids = rows.map((r) => r.id);
  const [aliases, affiliations] = await Promise.all([
    links(db, ids, (list) => sql`SELECT actor_id AS parent, alias FROM actor_aliases WHERE actor_id IN (${list}) ORDER BY actor_id, position`, (r) => String(r.alias)),
    links(
      db,
      ids,
      (list) => sql`SELECT f.member_id AS parent, f.role, ${ACTOR_COLUMNS}, ${dateColumns('f', 'since')}, ${dateColumns('f', 'until')}
        FROM affiliations f JOIN actors a ON a.id = f.organization_id WHERE f.member_id IN (${list}) ORDER BY f.id`,
      (r) => ({ organization: actorRef(r), role: (r.role as string | null) ?? null, since: dateOf(r, 'since'), until: dateOf(r, 'until') }),
    ),
  ]);
  return rows.map((r, i) => ({
    type: 'actor',
    id: r.id,
    slug: r.slug,
    name: r.name,
    kind: r.kind,
    description: r.description,
    aliases: aliases[i]!,
    affiliations: affiliations[i]!,
  }));
}

async function sourceRecords(db: Database, rows: ReadRow<typeof sources>[]): Promise<SourceRecord[]> {
  const publisherIds = [...new Set(rows.flatMap((r) => (r.publisherId == null ? [] : [r.publisherId])))];
  const publishers = publisherIds.length
    ? await selectRows<Row>(db, sql`SELECT ${ACTOR_COLUMNS} FROM actors a WHERE a.id IN (${valueList(publisherIds)})`)
    : [];
  const byId = new Map(publishers.map((p) => [Number(p.actor_id), actorRef(p)]));
  return rows.map((r) => ({
    type: 'source',
    id: r.id,
    slug: r.slug,
    title: r.title,
    kind: r.kind,
    publisher: r.publisherId == null ? null : byId.get(r.publisherId)!,
    url: r.url,
    published: fuzzyDateOf(r, 'published'),
    fileName: r.fileName,
    text: r.text,
  }));
}

function topicRecords(rows: ReadRow<typeof topics>[]): TopicRecord[] {
  return rows.map((r) => ({ type: 'topic', id: r.id, slug: r.slug, name: r.name, description: r.description }));
}

async function eventRecords(db: Database, rows: ReadRow<typeof events>[]): Promise<EventRecord[]> {
  const ids = rows.map((r) => r.id);
  const parentIds = [...new Set(rows.flatMap((r) => (r.parentId == null ? [] : [r.parentId])))];
  const [participants, excerpts, parents] = await Promise.all([
    links(
      db,
      ids,
      (list) => sql`SELECT p.event_id AS parent, p.role, ${ACTOR_COLUMNS} FROM event_participants p JOIN actors a ON a.id = p.actor_id
        WHERE p.event_id IN (${list}) ORDER BY p.event_id, p.position, p.role`,
      (r) => ({ actor: actorRef(r), role: String(r.role) }),
    ),
    excerptsVia(db, 'event_excerpts', 'event_id', ids),
    parentIds.length ? selectRows<Row>(db, sql`SELECT id, slug FROM events WHERE id IN (${valueList(parentIds)})`) : Promise.resolve([]),
  ]);
  const parentById = new Map(parents.map((p) => [Number(p.id), { id: Number(p.id), slug: String(p.slug) }]));
  return rows.map((r, i) => ({
    type: 'event',
    id: r.id,
    slug: r.slug,
    title: r.title,
    kind: r.kind,
    description: r.description,
    start: fuzzyDateOf(r, 'start')!,
    end: fuzzyDateOf(r, 'end'),
    place: r.place,
    parent: r.parentId == null ? null : parentById.get(r.parentId)!,
    participants: participants[i]!,
    excerpts: excerpts[i]!,
  }));
}

async function statementRecords(db: Database, rows: ReadRow<typeof statements>[]): Promise<StatementRecord[]> {
  const ids = rows.map((r) => r.id);
  const byDate = (alias: string) => sql.raw(`${alias}.date_earliest, ${alias}.date_rank, ${alias}.id`);
  const [participants, eventLists, responses, excerpts, claimLists] = await Promise.all([
    links(
      db,
      ids,
      (list) => sql`SELECT p.statement_id AS parent, p.role, ${ACTOR_COLUMNS} FROM statement_participants p JOIN actors a ON a.id = p.actor_id
        WHERE p.statement_id IN (${list}) ORDER BY p.statement_id, p.position, p.role`,
      (r) => ({ actor: actorRef(r), role: String(r.role) }),
    ),
    links(
      db,
      ids,
      (list) => sql`SELECT l.statement_id AS parent, e.id AS event_id, e.slug AS event_slug FROM statement_events l JOIN events e ON e.id = l.event_id
        WHERE l.statement_id IN (${list}) ORDER BY e.start_earliest, e.start_rank, e.id`,
      (r) => ref(r, 'event'),
    ),
    links(
      db,
      ids,
      (list) => sql`SELECT l.statement_id AS parent, s.id AS s_id, s.slug AS s_slug FROM statement_responses l JOIN statements s ON s.id = l.responds_to_id
        WHERE l.statement_id IN (${list}) ORDER BY ${byDate('s')}`,
      (r) => ref(r, 's'),
    ),
    excerptsVia(db, 'statement_excerpts', 'statement_id', ids),
    links(
      db,
      ids,
      (list) => sql`SELECT ca.statement_id AS parent, c.id AS claim_id, c.slug AS claim_slug FROM claim_appearances ca JOIN claims c ON c.id = ca.claim_id
        WHERE ca.statement_id IN (${list}) ORDER BY ca.position, ca.claim_id`,
      (r) => ref(r, 'claim'),
    ),
  ]);
  return rows.map((r, i) => ({
    type: 'statement',
    id: r.id,
    slug: r.slug,
    title: r.title,
    kind: r.kind,
    date: fuzzyDateOf(r, 'date')!,
    summary: r.summary,
    participants: participants[i]!,
    events: eventLists[i]!,
    respondsTo: responses[i]!,
    excerpts: excerpts[i]!,
    claims: claimLists[i]!,
  }));
}

/**
 * Claims: after the page, each list of the batch's claims is one plain query
 * by claim id (index lookups), all sent at once and merged here by claim id. The lists come in
 * the API's orders; claimants (first day asserted, place in that statement,
 * id) are ordered here. Building each list as JSON in correlated subqueries
 * (one statement a batch) cost the server several times more.
 */
const ASSERTERS = sql.raw(ASSERTING_ROLES.map((role) => `'${role}'`).join(', '));

/**
 * The batch's claims as a condition on a claim id column: the ids as one array
 * parameter, so each statement is prepared once and its plan (index lookups
 * by claim id) is the same for every batch, and the range they span (a batch
 * is a run of claims in id order). A range alone would read whatever lies
 * between, and its generic plan guesses a large range and turns to parallel
 * sequential scans; the array alone, in the plans made for its first runs on
 * each connection (custom plans, which see its length), was guessed to match
 * enough rows for a parallel sequential scan of claim_appearances on 300,000
 * claims (30 ms instead of 3). Both together plan as index lookups either way.
 */
function claimsOf(column: string, ids: readonly number[]): SQL {
  let low = ids[0]!;
  let high = low;
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  return sql`${sql.raw(column)} = ANY(${idArray(ids)}) AND ${sql.raw(column)} BETWEEN ${low} AND ${high}`;
}

interface Appearance {
  statement: StatementRef;
  excerpts: ExcerptRecord[];
  asserters: { actor: ActorRef; position: number }[];
}

// Rows of the claims' lists, as the queries below name their columns.
interface AppearanceRow {
  parent: number;
  appearance: number;
  statement_id: number;
  statement_slug: string;
  title: string;
  date_edtf: string;
  date_earliest: string;
  date_latest: string;
  date_precision: DatePrecision;
  date_note: string | null;
  excerpt_id: number | null;
  source_id: number | null;
  start: number | null;
  end: number | null;
  quote: string | null;
  actor_id: number | null;
  position: number | null;
}
interface ActorRow { parent: number; actor_id: number; actor_slug: string; actor_name: string; actor_kind: string; position?: number }
interface EventRow { parent: number; event_id: number; event_slug: string }

const actorOf = (r: ActorRow): ActorRef => ({ id: Number(r.actor_id), slug: r.actor_slug, name: r.actor_name, kind: r.actor_kind });

/**
 * The actors, topics and sources one export has named, by id. A claim's
 * lists give only their ids; each is read once per export (one query for the
 * ids a batch is the first to name), instead of joined and sent again with
 * every claim that names it.
 */
export interface NamedRefs {
  actors: Map<number, ActorRef>;
  topics: Map<number, Ref>;
  sources: Map<number, Ref>;
}

export const namedRefs = (): NamedRefs => ({ actors: new Map(), topics: new Map(), sources: new Map() });

/** Past this many entries a map is emptied before it takes more: memory stays bounded however many records are named. */
const NAMED_REFS_LIMIT = 100_000;

/** Reads into `known` the records of `ids` it does not hold yet. */
async function learn<T>(db: Database, known: Map<number, T>, ids: Iterable<number>, query: (ids: SQL) => SQL, map: (row: Row) => T): Promise<void> {
  const missing = new Set<number>();
  for (const id of ids) if (!known.has(id)) missing.add(id);
  if (!missing.size) return;
  if (known.size + missing.size > NAMED_REFS_LIMIT) known.clear();
  for (const row of await selectRows<Row>(db, query(idArray([...missing])))) known.set(Number(row.id), map(row));
}

interface ClaimTopicRow { parent: number; topic_id: number; stance: string | null }

async function claimRecords(db: Database, rows: ReadRow<typeof claims>[], named: NamedRefs = namedRefs()): Promise<ClaimRecord[]> {
  const ids = rows.map((r) => r.id);
  const [appearanceRows, subjectRows, eventRows, topicRows] = await Promise.all([
    // Each appearance with its excerpts and its statement's asserting participants, in one row per
    // (excerpt, asserter) pair, so one row for the usual claim. Claim.appearances' order: the
    // statement's date (earliest day, precision rank), then id; the excerpts' order within each:
    // source, then offset, as the API lists them.
    selectRows<AppearanceRow>(
      db,
      sql`SELECT ca.claim_id AS parent, ca.id AS appearance, s.id AS statement_id, s.slug AS statement_slug, s.title, ${dateColumns('s', 'date')},
          x.id AS excerpt_id, x.source_id, x.start, x."end", x.quote, sp.actor_id, sp.position
        FROM claim_appearances ca JOIN statements s ON s.id = ca.statement_id
        LEFT JOIN appearance_excerpts ax ON ax.appearance_id = ca.id LEFT JOIN excerpts x ON x.id = ax.excerpt_id
        LEFT JOIN statement_participants sp ON sp.statement_id = ca.statement_id AND sp.role IN (${ASSERTERS})
        WHERE ${claimsOf('ca.claim_id', ids)} ORDER BY ca.claim_id, s.date_earliest, s.date_rank, s.id, x.source_id, x.start, x.id`,
    ),
    selectRows<ActorRow>(
      db,
      sql`SELECT l.claim_id AS parent, ${ACTOR_COLUMNS} FROM claim_subjects l JOIN actors a ON a.id = l.actor_id
        WHERE ${claimsOf('l.claim_id', ids)} ORDER BY l.claim_id, a.name COLLATE "C", a.id`,
    ),
    selectRows<EventRow>(
      db,
      sql`SELECT l.claim_id AS parent, e.id AS event_id, e.slug AS event_slug FROM claim_events l JOIN events e ON e.id = l.event_id
        WHERE ${claimsOf('l.claim_id', ids)} ORDER BY l.claim_id, e.start_earliest, e.start_rank, e.id`,
    ),
    selectRows<ClaimTopicRow>(
      db,
      sql`SELECT l.claim_id AS parent, l.topic_id, l.stance FROM claim_topics l
        WHERE ${claimsOf('l.claim_id', ids)} ORDER BY l.claim_id, l.topic_id`,
    ),
  ]);
  await Promise.all([
    learn(db, named.actors, appearanceRows.flatMap((r) => (r.actor_id == null ? [] : [Number(r.actor_id)])), (list) => sql`SELECT a.id, a.slug, a.name, a.kind FROM actors a WHERE a.id = ANY(${list})`, (r) => ({
      id: Number(r.id),
      slug: String(r.slug),
      name: String(r.name),
      kind: String(r.kind),
    })),
    learn(db, named.topics, topicRows.map((r) => Number(r.topic_id)), (list) => sql`SELECT id, slug FROM topics WHERE id = ANY(${list})`, (r) => ({ id: Number(r.id), slug: String(r.slug) })),
    learn(db, named.sources, appearanceRows.flatMap((r) => (r.source_id == null ? [] : [Number(r.source_id)])), (list) => sql`SELECT id, slug FROM sources WHERE id = ANY(${list})`, (r) => ({ id: Number(r.id), slug: String(r.slug) })),
  ]);

  const records: ClaimRecord[] = [];
  const byId = new Map<number, ClaimRecord>();
  for (const r of rows) {
    const record: ClaimRecord = {
      type: 'claim',
      id: r.id,
      slug: r.slug,
      text: r.text,
      kind: r.kind,
      date: null,
      claimants: [],
      subjects: [],
      events: [],
      topics: [],
      appearances: [],
    };
    records.push(record);
    byId.set(r.id, record);
  }
  const claimAppearances = new Map<number, Appearance[]>();
  let appearance: Appearance | undefined;
  let appearanceId: number | null = null;
  let lastExcerpt: number | null = null;
  for (const row of appearanceRows) {
    const claim = Number(row.parent);
    if (!byId.has(claim)) continue;
    // An appearance's rows come together (ordered by its statement), its excerpts in order, each
    // repeated once per asserter.
    if (Number(row.appearance) !== appearanceId) {
      appearanceId = Number(row.appearance);
      lastExcerpt = null;
      const date = fuzzyDateFromColumns({
        edtf: row.date_edtf,
        earliest: row.date_earliest,
        latest: row.date_latest,
        precision: row.date_precision,
        note: row.date_note,
      })!;
      appearance = {
        statement: { id: Number(row.statement_id), slug: row.statement_slug, title: row.title, date },
        excerpts: [],
        asserters: [],
      };
      const list = claimAppearances.get(claim);
      if (list) list.push(appearance);
      else claimAppearances.set(claim, [appearance]);
    }
    // A source or actor deleted since the rows were read is left out, as a join would have.
    if (row.excerpt_id != null && Number(row.excerpt_id) !== lastExcerpt) {
      lastExcerpt = Number(row.excerpt_id);
      const source = named.sources.get(Number(row.source_id));
      if (source) appearance!.excerpts.push({ source, start: Number(row.start), end: Number(row.end), quote: row.quote! });
    }
    if (row.actor_id != null) {
      const actor = named.actors.get(Number(row.actor_id));
      const position = Number(row.position);
      // Once per actor (each excerpt repeats the asserters), at its first place: all claimantsOf reads.
      const known = appearance!.asserters.find((a) => a.actor.id === actor?.id);
      if (known) known.position = Math.min(known.position, position);
      else if (actor) appearance!.asserters.push({ actor, position });
    }
  }
  for (const row of subjectRows) byId.get(Number(row.parent))?.subjects.push(actorOf(row));
  for (const row of eventRows) byId.get(Number(row.parent))?.events.push({ id: Number(row.event_id), slug: row.event_slug });
  for (const row of topicRows) {
    const topic = named.topics.get(Number(row.topic_id));
    if (topic) byId.get(Number(row.parent))?.topics.push({ topic, stance: row.stance ?? null });
  }

  for (const record of records) {
    const list = claimAppearances.get(record.id);
    if (!list) continue;
    record.date = list[0]!.statement.date;
    record.claimants = claimantsOf(list);
    record.appearances = list.map((a) => ({ statement: a.statement, excerpts: a.excerpts }));
  }
  return records;
}

/** Claim.claimants' order: the first day an actor asserted it, then its place in that statement's list, then id. */
function claimantsOf(appearances: Appearance[]): ActorRef[] {
  if (appearances.length === 1 && appearances[0]!.asserters.length <= 1) return appearances[0]!.asserters.map((p) => p.actor);
  const claimants = new Map<number, { actor: ActorRef; day: string; position: number }>();
  for (const a of appearances) {
    const day = a.statement.date.earliest;
    for (const p of a.asserters) {
      const known = claimants.get(p.actor.id);
      if (!known) claimants.set(p.actor.id, { actor: p.actor, day, position: p.position });
      else {
        if (day < known.day) known.day = day;
        if (p.position < known.position) known.position = p.position;
      }
    }
  }
  return [...claimants.values()]
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.position - b.position || a.actor.id - b.actor.id))
    .map((c) => c.actor);
}

async function relationRecords(db: Database, rows: (typeof claimRelations.$inferSelect)[]): Promise<RelationRecord[]> {
  const claimIds = [...new Set(rows.flatMap((r) => [r.fromClaimId, r.toClaimId]))];
  const statementIds = [...new Set(rows.flatMap((r) => (r.statementId == null ? [] : [r.statementId])))];
  const [claimSlugs, statementSlugs] = await Promise.all([
    claimIds.length ? selectRows<Row>(db, sql`SELECT id, slug FROM claims WHERE id IN (${valueList(claimIds)})`) : [],
    statementIds.length ? selectRows<Row>(db, sql`SELECT id, slug FROM statements WHERE id IN (${valueList(statementIds)})`) : [],
  ]);
  const claimRef = new Map(claimSlugs.map((c) => [Number(c.id), { id: Number(c.id), slug: String(c.slug) }]));
  const statementRef = new Map(statementSlugs.map((s) => [Number(s.id), { id: Number(s.id), slug: String(s.slug) }]));
  return rows.map((r) => ({
    type: 'relation',
    id: r.id,
    kind: r.kind,
    from: claimRef.get(r.fromClaimId)!,
    to: claimRef.get(r.toClaimId)!,
    statement: r.statementId == null ? null : statementRef.get(r.statementId)!,
    note: r.note,
    createdOn: r.createdOn,
  }));
}

// ---------------------------------------------------------------- batches in list order

interface ListSpec<T extends PgTable, R> {
  table: T;
  key: SortKey;
  keyOf: (row: ReadRow<T>) => CursorValues;
  /** `named` lives as long as one list's export: what its batches have already read. */
  records: (db: Database, rows: ReadRow<T>[], named: NamedRefs) => Promise<R[]> | R[];
}

function list<T extends PgTable, R>(spec: ListSpec<T, R>) {
  return spec as unknown as ListSpec<PgTable, ExportRecord>;
}

const LISTS = {
  actors: list({ table: actors, key: nameKey(actors.name, actors.id), keyOf: (r) => [r.name, r.id], records: actorRecords }),
  sources: list({ table: sources, key: nameKey(sources.title, sources.id), keyOf: (r) => [r.title, r.id], records: sourceRecords }),
  topics: list({ table: topics, key: nameKey(topics.name, topics.id), keyOf: (r) => [r.name, r.id], records: (_db, rows) => topicRecords(rows) }),
  events: list({ table: events, key: eventKey('events', false), keyOf: (r) => [r.startEarliest!, r.startRank!, r.id], records: eventRecords }),
  statements: list({
    table: statements,
    key: statementKey('statements', false),
    keyOf: (r) => [r.dateEarliest!, r.dateRank!, r.id],
    records: statementRecords,
  }),
  claims: list({ table: claims, key: claimKey(sql`${claims.id}`), keyOf: (r) => [r.id], records: (db, rows, named) => claimRecords(db, rows, named) }),
  relations: list({
    table: claimRelations,
    key: claimKey(sql`${claimRelations.id}`),
    keyOf: (r) => [r.id],
    records: (db, rows) => relationRecords(db, rows as never),
  }),
} satisfies Partial<Record<ExportWhat, unknown>>;

export type ListWhat = keyof typeof LISTS;

/** Pages of one list in its GraphQL order, `size` rows a query, each as records. */
async function* listBatches(db: Database, what: ListWhat, conditions: SQL[], batchSize: number): AsyncGenerator<ExportRecord[]> {
  const spec = LISTS[what];
  const named = namedRefs();
  const pageAfter = (after: CursorValues | null): Promise<{ rows: Row[]; size: number }> => {
    const size = after ? batchSize : Math.min(batchSize, FIRST_BATCH_SIZE);
    const plan = { size, backward: false, after, before: null };
    const rows = db
      .select(rowColumns(spec.table))
      .from(spec.table)
      .where(and(...conditions, ...keysetConditions(spec.key, plan)))
      .orderBy(keysetOrder(spec.key, plan))
      .limit(size)
      .then((result) => ({ rows: result as Row[], size }));
    // A failure is reported when the page is awaited, not as an unhandled rejection if the export stops first.
    rows.catch(() => {});
    return rows;
  };
  // The next page query starts as soon as this page's last key is known, while
  // this batch's lists are read: a batch waits for its lists, not for both.
  let next: Promise<{ rows: Row[]; size: number }> | null = pageAfter(null);
  try {
    while (next) {
      const { rows, size }: { rows: Row[]; size: number } = await next;
      next = rows.length === size ? pageAfter(spec.keyOf(rows.at(-1) as never)) : null;
      if (rows.length) yield await spec.records(db, rows as never, named);
    }
  } finally {
    await next?.catch(() => {});
  }
}

/** The timeline in the API's order (Query.timeline, ASC), events and statements as records. */
async function* timelineBatches(db: Database, scope: TimelineScope, batchSize: number): AsyncGenerator<ExportRecord[]> {
  let after: TimelineKey | null = null;
  for (;;) {
    const size = after ? batchSize : Math.min(batchSize, FIRST_BATCH_SIZE);
    const plan = { size, backward: false, after: after ? keyValues(after) : null, before: null };
    const [page] = await timelinePages(db, scope, plan, false, null);
    const keys = page!.rows;
    if (!keys.length) return;
    const eventIds = keys.filter((k) => k.type === 0).map((k) => k.id);
    const statementIds = keys.filter((k) => k.type === 1).map((k) => k.id);
    const [eventRows, statementRows] = await Promise.all([
      eventIds.length ? rowsById<ReadRow<typeof events>>(db, events, events.id, eventIds) : [],
      statementIds.length ? rowsById<ReadRow<typeof statements>>(db, statements, statements.id, statementIds) : [],
    ]);
    const [eventList, statementList] = await Promise.all([
      eventRecords(db, eventRows.filter((r) => r != null) as never),
      statementRecords(db, statementRows.filter((r) => r != null) as never),
    ]);
    const byKey = new Map<string, ExportRecord>([
      ...eventList.map((r) => [`0:${r.id}`, r] as const),
      ...statementList.map((r) => [`1:${r.id}`, r] as const),
    ]);
    // A row deleted between the two queries is left out rather than failing the export.
    yield keys.flatMap((k) => byKey.get(`${k.type}:${k.id}`) ?? []);
    if (!page!.hasNextPage) return;
    after = keys.at(-1)!;
  }
}

/** The order of `all`: whatever a record points to comes before it. */
export const ALL_ORDER: readonly ListWhat[] = ['actors', 'topics', 'sources', 'events', 'statements', 'claims', 'relations'];

/** Every record of `what` that the filters select, in batches of `batchSize` (default DEFAULT_BATCH_SIZE). */
export async function* readRecords(
  db: Database,
  what: ExportWhat,
  filters: ResolvedFilters,
  options: ReadOptions = {},
): AsyncGenerator<ExportRecord[]> {
  const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const batches =
    what === 'timeline'
      ? timelineBatches(db, filters.scope, size)
      : what === 'all'
        ? allBatches(db, size)
        : listBatches(db, what, filters.conditions, size);
  // From the second batch on, one batch is read ahead while the one before is
  // formatted and written, so the database and the formatting overlap; never
  // more than one. The first goes out alone, so the first bytes wait for nothing.
  let next = batches.next();
  let first = true;
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      // PGlite answers in-process without waiting on I/O: without a turn of the
      // event loop between batches, sockets (the client's, other requests) would
      // not be served until the export's writes back up.
      await yieldToEventLoop();
      const readAhead = () => {
        next = batches.next();
        // A failure of the read-ahead is reported when its batch is asked for, not before.
        next.catch(() => {});
      };
      if (!first) readAhead();
      options.onBatch?.(result.value.length);
      yield result.value;
      if (first) readAhead();
      first = false;
    }
  } finally {
    // Stopped early (the client left): let the batch in flight finish, read nothing more.
    await next.catch(() => {});
    await batches.return(undefined);
  }
}

async function* allBatches(db: Database, size: number): AsyncGenerator<ExportRecord[]> {
  for (const part of ALL_ORDER) yield* listBatches(db, part, [], size);
}

/** How many records an export will write: the progress bar's total. */
export async function countRecords(db: Database, what: ExportWhat, filters: ResolvedFilters): Promise<number> {
  if (what === 'timeline') return (await timelineCounts(db, filters.scope, null))[0] ?? 0;
  const parts = what === 'all' ? ALL_ORDER : [what];
  let total = 0;
  for (const part of parts) {
    const [row] = await db
      .select({ n: count() })
      .from(LISTS[part].table)
      .where(and(...(what === 'all' ? [] : filters.conditions)));
    total += Number(row?.n ?? 0);
  }
  return total;
}
