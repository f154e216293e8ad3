// Drizzle tables, one section per entity. Every FuzzyDate is four columns
// (EDTF text, earliest day, latest day, precision) plus a note saying how it
// was inferred; `*_rank` orders coarser dates before finer ones on the same day.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const SLUG_CHECK = `'^[a-z0-9]+(-[a-z0-9]+)*$'`;
const PRECISIONS = `('DAY','MONTH','YEAR','DECADE')`;

/**
 * Lists sorted by a name compare code points (COLLATE "C"), so the order and the
 * cursors are the same on every server, whatever its default collation.
 */
export function binaryOrder(column: AnyPgColumn) {
  return sql`${column} COLLATE "C"`;
}

function slugCheck(table: string) {
  return check(`${table}_slug_shape`, sql.raw(`"slug" ~ ${SLUG_CHECK}`));
}

function inList(values: readonly string[]): string {
  return `(${values.map((v) => `'${v}'`).join(',')})`;
}

export const ACTOR_KINDS = [
  'PERSON',
  'ORGANIZATION',
  'COALITION',
  'STATE',
  'GOVERNMENT_BODY',
  'INTERGOVERNMENTAL_ORGANIZATION',
  'MEDIA_OUTLET',
  'GROUP',
] as const;
export const SOURCE_KINDS = ['NEWS_ARTICLE', 'PRESS_RELEASE', 'STATEMENT_DOCUMENT', 'TRANSCRIPT', 'OTHER'] as const;
export const STATEMENT_KINDS = [
  'JOINT_STATEMENT',
  'PRESS_RELEASE',
  'INTERVIEW',
  'SPEECH',
  'REMARKS',
  'REPORT',
  'ARTICLE',
  'LETTER',
  'SOCIAL_MEDIA_POST',
  'OTHER',
] as const;
export const PARTICIPANT_ROLES = [
  'AUTHOR',
  'LEAD_SIGNATORY',
  'SIGNATORY',
  'SPEAKER',
  'PUBLISHER',
  'INTERVIEWER',
  'REPORTER',
] as const;
export const CLAIM_KINDS = ['FACTUAL', 'NORMATIVE', 'COMMITMENT', 'PREDICTION'] as const;
export const CLAIM_RELATION_KINDS = ['SUPPORTS', 'REBUTS', 'UNDERCUTS', 'CONTRADICTS', 'QUALIFIES', 'RESTATES'] as const;
export const STANCES = ['FOR', 'AGAINST', 'CONDITIONAL', 'NEUTRAL'] as const;
export const EVENT_KINDS = [
  'ARMED_CONFLICT',
  'MILITARY_OPERATION',
  'BLOCKADE',
  'DISPLACEMENT',
  'DETENTION',
  'PEACE_PLAN',
  'CEASEFIRE',
  'DIPLOMATIC',
  'MEETING',
  'OTHER',
] as const;
export const EVENT_ROLES = ['INITIATOR', 'TARGET', 'PARTICIPANT', 'MEDIATOR', 'AFFECTED'] as const;
export const DATE_PRECISIONS = ['DECADE', 'YEAR', 'MONTH', 'DAY'] as const;

export type ActorKind = (typeof ACTOR_KINDS)[number];
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type StatementKind = (typeof STATEMENT_KINDS)[number];
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export type ClaimKind = (typeof CLAIM_KINDS)[number];
export type ClaimRelationKind = (typeof CLAIM_RELATION_KINDS)[number];
export type Stance = (typeof STANCES)[number];
export type EventKind = (typeof EVENT_KINDS)[number];
export type EventRole = (typeof EVENT_ROLES)[number];
export type DatePrecision = (typeof DATE_PRECISIONS)[number];
export const ROLES = ['READER', 'EDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];
export const CHANGE_OPERATIONS = ['CREATE', 'UPDATE', 'DELETE'] as const;
export type ChangeOperation = (typeof CHANGE_OPERATIONS)[number];

/** Raised by every update of an entity; an update naming an older version is refused (CONFLICT). */
function version() {
  return integer().notNull().default(1);
}

type TextColumn = ReturnType<typeof text>;
type DateColumn = ReturnType<typeof date>;
type PrecisionColumn = ReturnType<typeof precisionColumn>;
type FuzzyDateColumns<P extends string> = { [K in `${P}Edtf` | `${P}Note`]: TextColumn } & {
  [K in `${P}Earliest` | `${P}Latest`]: DateColumn;
} & { [K in `${P}Precision`]: PrecisionColumn };

function precisionColumn() {
  return text().$type<DatePrecision>();
}

/**
 * The columns of one FuzzyDate: `<p>Edtf`, `<p>Earliest`, `<p>Latest`, `<p>Precision`
 * and `<p>Note` (how an inferred date was reasoned). NOT NULL is added by checks
 * for required dates, so one helper serves both.
 */
function fuzzyDate<P extends string>(prefix: P): FuzzyDateColumns<P> {
  return {
    [`${prefix}Edtf`]: text(),
    [`${prefix}Earliest`]: date(),
    [`${prefix}Latest`]: date(),
    [`${prefix}Precision`]: precisionColumn(),
    [`${prefix}Note`]: text(),
  } as FuzzyDateColumns<P>;
}

/**
 * Default of a column a trigger fills (COPIED_COLUMNS): NOT NULL, yet an insert
 * need not give it; one that does not sends NULL, which the trigger replaces.
 */
const FILLED_BY_TRIGGER = () => sql`NULL`;

/** 0 for DECADE up to 3 for DAY: coarser dates sort first among items starting on the same day. */
function precisionRank(column: string) {
  return sql.raw(
    `CASE ${column} WHEN 'DECADE' THEN 0 WHEN 'YEAR' THEN 1 WHEN 'MONTH' THEN 2 WHEN 'DAY' THEN 3 END`,
  );
}

function fuzzyDateChecks(table: string, prefix: string, required: boolean) {
  const cols = ['edtf', 'earliest', 'latest', 'precision'].map((c) => `"${prefix}_${c}"`);
  const present = cols.map((c) => `${c} IS NOT NULL`).join(' AND ');
  const absent = cols.map((c) => `${c} IS NULL`).join(' AND ');
  return [
    check(`${table}_${prefix}_complete`, sql.raw(required ? present : `(${absent}) OR (${present})`)),
    check(`${table}_${prefix}_precision_valid`, sql.raw(`"${prefix}_precision" IN ${PRECISIONS}`)),
    check(`${table}_${prefix}_range`, sql.raw(`"${prefix}_earliest" <= "${prefix}_latest"`)),
  ];
}

// ---------------------------------------------------------------- full-text search
// Each searchable table carries a stored generated tsvector `search` with a GIN
// index: the vector is computed once per write, so ranking a match never re-parses
// the text, and `search @@ query` is answered from the index on PGlite and Postgres
// alike. Names and titles weigh A, longer text B, so a title hit outranks a body hit.
// Actor aliases live in their own table and a generated column cannot read another
// table, so actor_aliases gets its own vector and index; a search for actors is the
// union of the two, each side indexed (no trigger keeps a copy in sync).

/** The text search configuration of every vector and query: English stemming ("rebutted" finds "rebuts"). */
export const SEARCH_CONFIG = 'english';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** `[column, weight]` pairs -> a generated tsvector column; null text counts as empty. */
function searchVector(parts: [column: string, weight: 'A' | 'B' | 'C'][]) {
  const vector = parts
    .map(([column, weight]) => `setweight(to_tsvector('${SEARCH_CONFIG}'::regconfig, coalesce("${column}", '')), '${weight}')`)
    .join(' || ');
  return tsvector().generatedAlwaysAs(sql.raw(vector));
}

function searchIndex(table: string, column: Parameters<ReturnType<typeof index>['using']>[1]) {
  return index(`${table}_search_idx`).using('gin', column);
}

// ---------------------------------------------------------------- actors

export const actors = pgTable(
  'actors',
  {
    id: serial().primaryKey(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    kind: text().$type<ActorKind>().notNull(),
    description: text(),
    version: version(),
    search: searchVector([['name', 'A']]),
  },
  (t) => [
    slugCheck('actors'),
    check('actors_kind_valid', sql.raw(`"kind" IN ${inList(ACTOR_KINDS)}`)),
    index('actors_name_idx').on(binaryOrder(t.name), t.id),
    searchIndex('actors', t.search),
  ],
);

export const actorAliases = pgTable(
  'actor_aliases',
  {
    actorId: integer()
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    alias: text().notNull(),
    position: smallint().notNull(),
    search: searchVector([['alias', 'A']]),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.alias] }), searchIndex('actor_aliases', t.search)],
);

export const affiliations = pgTable(
  'affiliations',
  {
    id: serial().primaryKey(),
    memberId: integer()
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    organizationId: integer()
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    role: text(),
    ...fuzzyDate('since'),
    ...fuzzyDate('until'),
  },
  (t) => [
    unique('affiliations_member_org_role').on(t.memberId, t.organizationId, t.role).nullsNotDistinct(),
    index('affiliations_organization_idx').on(t.organizationId),
    check('affiliations_not_self', sql`${t.memberId} <> ${t.organizationId}`),
    ...fuzzyDateChecks('affiliations', 'since', false),
    ...fuzzyDateChecks('affiliations', 'until', false),
  ],
);

// ---------------------------------------------------------------- sources

export const sources = pgTable(
  'sources',
  {
    id: serial().primaryKey(),
    slug: text().notNull().unique(),
    version: version(),
    title: text().notNull(),
    kind: text().$type<SourceKind>().notNull(),
    publisherId: integer().references(() => actors.id, { onDelete: 'set null' }),
    url: text(),
    ...fuzzyDate('published'),
    /** The original file the cleaned text was made from. */
    fileName: text(),
    text: text().notNull(),
    search: searchVector([
      ['title', 'A'],
      ['text', 'B'],
    ]),
  },
  (t) => [
    slugCheck('sources'),
    check('sources_kind_valid', sql.raw(`"kind" IN ${inList(SOURCE_KINDS)}`)),
    index('sources_title_idx').on(binaryOrder(t.title), t.id),
    searchIndex('sources', t.search),
    ...fuzzyDateChecks('sources', 'published', false),
  ],
);

/** A verbatim span: sources.text[start, end) = quote. prefix/suffix are kept for re-anchoring if a text is corrected. */
export const excerpts = pgTable(
  'excerpts',
  {
    id: serial().primaryKey(),
    sourceId: integer()
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    start: integer().notNull(),
    end: integer().notNull(),
    quote: text().notNull(),
    prefix: text().notNull(),
    suffix: text().notNull(),
  },
  (t) => [
    unique('excerpts_span').on(t.sourceId, t.start, t.end),
    check('excerpts_span_valid', sql`${t.start} >= 0 AND ${t.end} > ${t.start}`),
  ],
);

// ---------------------------------------------------------------- topics

export const topics = pgTable(
  'topics',
  {
    id: serial().primaryKey(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    description: text(),
    version: version(),
    search: searchVector([
      ['name', 'A'],
      ['description', 'B'],
    ]),
  },
  (t) => [slugCheck('topics'), index('topics_name_idx').on(binaryOrder(t.name), t.id), searchIndex('topics', t.search)],
);

// ---------------------------------------------------------------- events

export const events = pgTable(
  'events',
  {
    id: serial().primaryKey(),
    slug: text().notNull().unique(),
    version: version(),
    title: text().notNull(),
    kind: text().$type<EventKind>().notNull(),
    description: text(),
    ...fuzzyDate('start'),
    startRank: smallint().generatedAlwaysAs(precisionRank('"start_precision"')),
    ...fuzzyDate('end'),
    place: text(),
    parentId: integer().references((): AnyPgColumn => events.id, { onDelete: 'set null' }),
    search: searchVector([
      ['title', 'A'],
      ['description', 'B'],
      ['place', 'B'],
    ]),
  },
  (t) => [
    slugCheck('events'),
    check('events_kind_valid', sql.raw(`"kind" IN ${inList(EVENT_KINDS)}`)),
    check('events_not_own_parent', sql`${t.parentId} <> ${t.id}`),
    ...fuzzyDateChecks('events', 'start', true),
    ...fuzzyDateChecks('events', 'end', false),
    index('events_start_order_idx').on(t.startEarliest, t.startRank, t.id),
    index('events_start_range_idx').on(t.startEarliest, t.startLatest),
    index('events_parent_idx').on(t.parentId),
    // The timeline's from-filter: events already under way on `from` (begun before
    // it, not yet over) are found by range containment instead of a walk of every
    // earlier event. The expression must match the one in src/loaders/timeline.ts.
    index('events_span_idx').using('gist', sql`daterange(${t.startEarliest}, coalesce(${t.endLatest}, ${t.startLatest}), '[]')`),
    // Timeline filters by kind, in timeline order.
    index('events_kind_order_idx').on(t.kind, t.startEarliest, t.startRank, t.id),
    searchIndex('events', t.search),
  ],
);

export const eventParticipants = pgTable(
  'event_participants',
  {
    eventId: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    actorId: integer()
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    role: text().$type<EventRole>().notNull(),
    position: smallint().notNull(),
    /** The event's start_earliest and start_rank, kept equal to them by triggers (see COPIED_COLUMNS). */
    startEarliest: date().notNull().$defaultFn(FILLED_BY_TRIGGER),
    startRank: smallint().notNull().$defaultFn(FILLED_BY_TRIGGER),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.actorId, t.role] }),
    check('event_participants_role_valid', sql.raw(`"role" IN ${inList(EVENT_ROLES)}`)),
    // An actor's events in timeline order, with and without a role: a page reads its own entries only.
    index('event_participants_actor_start_idx').on(t.actorId, t.startEarliest, t.startRank, t.eventId),
    index('event_participants_actor_role_start_idx').on(t.actorId, t.role, t.startEarliest, t.startRank, t.eventId),
  ],
);

export const eventExcerpts = pgTable(
  'event_excerpts',
  {
    eventId: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    excerptId: integer()
      .notNull()
      .references(() => excerpts.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.excerptId] })],
);

// ---------------------------------------------------------------- statements

export const statements = pgTable(
  'statements',
  {
    id: serial().primaryKey(),
    slug: text().notNull().unique(),
    version: version(),
    title: text().notNull(),
    kind: text().$type<StatementKind>().notNull(),
    ...fuzzyDate('date'),
    dateRank: smallint().generatedAlwaysAs(precisionRank('"date_precision"')),
    summary: text(),
    search: searchVector([
      ['title', 'A'],
      ['summary', 'B'],
    ]),
  },
  (t) => [
    slugCheck('statements'),
    check('statements_kind_valid', sql.raw(`"kind" IN ${inList(STATEMENT_KINDS)}`)),
    ...fuzzyDateChecks('statements', 'date', true),
    index('statements_date_order_idx').on(t.dateEarliest, t.dateRank, t.id),
    index('statements_date_range_idx').on(t.dateEarliest, t.dateLatest),
    // See events_span_idx.
    index('statements_span_idx').using('gist', sql`daterange(${t.dateEarliest}, ${t.dateLatest}, '[]')`),
    index('statements_kind_order_idx').on(t.kind, t.dateEarliest, t.dateRank, t.id),
    searchIndex('statements', t.search),
  ],
);

export const statementParticipants = pgTable(
  'statement_participants',
  {
    statementId: integer()
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    actorId: integer()
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    role: text().$type<ParticipantRole>().notNull(),
    /** Order in which the source lists the participant. */
    position: smallint().notNull(),
    /** The statement's date_earliest and date_rank, kept equal to them by triggers (see COPIED_COLUMNS). */
    dateEarliest: date().notNull().$defaultFn(FILLED_BY_TRIGGER),
    dateRank: smallint().notNull().$defaultFn(FILLED_BY_TRIGGER),
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.actorId, t.role] }),
    check('statement_participants_role_valid', sql.raw(`"role" IN ${inList(PARTICIPANT_ROLES)}`)),
    // An actor's statements in date order, with and without a role: a page reads its own entries only.
    index('statement_participants_actor_date_idx').on(t.actorId, t.dateEarliest, t.dateRank, t.statementId),
    index('statement_participants_actor_role_date_idx').on(t.actorId, t.role, t.dateEarliest, t.dateRank, t.statementId),
  ],
);

export const statementExcerpts = pgTable(
  'statement_excerpts',
  {
    statementId: integer()
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    excerptId: integer()
      .notNull()
      .references(() => excerpts.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.statementId, t.excerptId] })],
);

export const statementEvents = pgTable(
  'statement_events',
  {
    statementId: integer()
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    eventId: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** The statement's date_earliest and date_rank, kept equal to them by triggers (see COPIED_COLUMNS). */
    dateEarliest: date().notNull().$defaultFn(FILLED_BY_TRIGGER),
    dateRank: smallint().notNull().$defaultFn(FILLED_BY_TRIGGER),
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.eventId] }),
    // An event's statements in date order: a page reads its own entries only.
    index('statement_events_event_date_idx').on(t.eventId, t.dateEarliest, t.dateRank, t.statementId),
  ],
);

/**
 * The participant and statement_events rows' copies of their item's sort key,
 * so an actor's statements or events, and an event's statements, are read in
 * date order from the parent's own index entries (Actor.statements,
 * Actor.events, Event.statements) instead of every row of the parent being
 * read and sorted. Triggers (drizzle/0004_participation-order.sql,
 * drizzle/0005_event-statement-order.sql) keep them equal to the item's: a row
 * takes them from its item when inserted or moved, and an item's new date is
 * copied to its rows.
 * No write of the application sets them, and the audit trail leaves them out
 * as it does generated columns; a bulk loader may give them, with the item's
 * own values, to spare the trigger its lookup.
 */
export const COPIED_COLUMNS: ReadonlySet<AnyPgColumn> = new Set<AnyPgColumn>([
  statementParticipants.dateEarliest,
  statementParticipants.dateRank,
  eventParticipants.startEarliest,
  eventParticipants.startRank,
  statementEvents.dateEarliest,
  statementEvents.dateRank,
]);

/** statementId answers respondsToId (Aliyev's interview answers Waltz's remarks). */
export const statementResponses = pgTable(
  'statement_responses',
  {
    statementId: integer()
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    respondsToId: integer()
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.respondsToId] }),
    index('statement_responses_target_idx').on(t.respondsToId),
    check('statement_responses_not_self', sql`${t.statementId} <> ${t.respondsToId}`),
  ],
);

// ---------------------------------------------------------------- claims

export const claims = pgTable(
  'claims',
  {
    id: serial().primaryKey(),
    slug: text().notNull().unique(),
    version: version(),
    text: text().notNull(),
    kind: text().$type<ClaimKind>().notNull(),
    search: searchVector([['text', 'A']]),
  },
  (t) => [
    slugCheck('claims'),
    check('claims_kind_valid', sql.raw(`"kind" IN ${inList(CLAIM_KINDS)}`)),
    searchIndex('claims', t.search),
  ],
);

export const claimAppearances = pgTable(
  'claim_appearances',
  {
    id: serial().primaryKey(),
    claimId: integer()
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    statementId: integer()
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    /** Order of the claim within the statement. */
    position: integer().notNull(),
  },
  (t) => [
    unique('claim_appearances_claim_statement').on(t.claimId, t.statementId),
    index('claim_appearances_statement_idx').on(t.statementId, t.position, t.claimId),
  ],
);

export const appearanceExcerpts = pgTable(
  'appearance_excerpts',
  {
    appearanceId: integer()
      .notNull()
      .references(() => claimAppearances.id, { onDelete: 'cascade' }),
    excerptId: integer()
      .notNull()
      .references(() => excerpts.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.appearanceId, t.excerptId] })],
);

/**
 * Derived: the claims each actor asserted (an ASSERTING_ROLES participant of a
 * statement the claim appears in), one row per actor and claim, so an actor's
 * claims are a range of this key in claim order (Actor.claims) and their count
 * an index-only count, instead of every claim of every statement the actor
 * asserted read and de-duplicated. Triggers on statement_participants,
 * claim_appearances and statements (drizzle/0006_claim-claimants.sql) keep it
 * equal to `SELECT DISTINCT sp.actor_id, ca.claim_id FROM statement_participants
 * sp JOIN claim_appearances ca USING (statement_id) WHERE sp.role IN
 * ASSERTING_ROLES`, through every write and revert; no code writes it and the
 * audit trail does not track it. No foreign keys: a deleted actor or claim takes
 * its participant or appearance rows with it, and the triggers then drop its rows.
 */
export const claimClaimants = pgTable(
  'claim_claimants',
  {
    actorId: integer().notNull(),
    claimId: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.claimId] })],
);

export const claimSubjects = pgTable(
  'claim_subjects',
  {
    claimId: integer()
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    actorId: integer()
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.claimId, t.actorId] }), index('claim_subjects_actor_idx').on(t.actorId, t.claimId)],
);

export const claimEvents = pgTable(
  'claim_events',
  {
    claimId: integer()
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    eventId: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.claimId, t.eventId] }), index('claim_events_event_idx').on(t.eventId, t.claimId)],
);

export const claimTopics = pgTable(
  'claim_topics',
  {
    claimId: integer()
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    topicId: integer()
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    stance: text().$type<Stance>(),
  },
  (t) => [
    primaryKey({ columns: [t.claimId, t.topicId] }),
    check('claim_topics_stance_valid', sql.raw(`"stance" IN ${inList(STANCES)}`)),
    index('claim_topics_topic_idx').on(t.topicId, t.claimId),
  ],
);

/** fromClaimId <kind> toClaimId: "claim A REBUTS claim B". */
export const claimRelations = pgTable(
  'claim_relations',
  {
    id: serial().primaryKey(),
    kind: text().$type<ClaimRelationKind>().notNull(),
    fromClaimId: integer()
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    toClaimId: integer()
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    /** Where the relation is asserted; null for an editorial link. */
    statementId: integer().references(() => statements.id, { onDelete: 'set null' }),
    note: text(),
    /** When an editorial link was made; it counts for standing from this day. */
    createdOn: date().notNull().default(sql`CURRENT_DATE`),
  },
  (t) => [
    unique('claim_relations_unique').on(t.fromClaimId, t.toClaimId, t.kind),
    check('claim_relations_kind_valid', sql.raw(`"kind" IN ${inList(CLAIM_RELATION_KINDS)}`)),
    check('claim_relations_not_self', sql`${t.fromClaimId} <> ${t.toClaimId}`),
    check('claim_relations_editorial_note', sql`${t.statementId} IS NOT NULL OR ${t.note} IS NOT NULL`),
    index('claim_relations_to_idx').on(t.toClaimId),
  ],
);

/** Roles through which an actor asserts a statement's claims (a publisher or interviewer does not). */
export const ASSERTING_ROLES: readonly ParticipantRole[] = ['AUTHOR', 'LEAD_SIGNATORY', 'SIGNATORY', 'SPEAKER'];
export const SIGNATORY_ROLES: readonly ParticipantRole[] = ['LEAD_SIGNATORY', 'SIGNATORY'];
/** Relations that challenge their target, for standing and rebuttals. */
export const CHALLENGING_RELATIONS: readonly ClaimRelationKind[] = ['REBUTS', 'UNDERCUTS', 'CONTRADICTS'];

// ---------------------------------------------------------------- API keys

/** Keys are shown once when made; only their SHA-256 is kept. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: serial().primaryKey(),
    /** Unique among keys in use; a revoked key keeps its name in the list. */
    name: text().notNull(),
    role: text().$type<Role>().notNull(),
    /** Hex SHA-256 of the whole key. */
    hash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check('api_keys_role_valid', sql.raw(`"role" IN ${inList(ROLES)}`)),
    uniqueIndex('api_keys_name_in_use').on(t.name).where(sql`${t.revokedAt} IS NULL`),
  ],
);

// ---------------------------------------------------------------- the audit trail

/** One committed write: who, when, which mutation. A revert points at the change it reverted. */
export const changes = pgTable(
  'changes',
  {
    id: serial().primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    author: text().notNull(),
    mutation: text().notNull(),
    revertsId: integer()
      .unique()
      .references((): AnyPgColumn => changes.id),
  },
  (t) => [index('changes_at_idx').on(t.at, t.id), index('changes_author_idx').on(t.author, t.at, t.id)],
);

/**
 * One row a change created, updated or deleted, with its state before and after
 * (columns as stored, generated ones left out). `rowKey` is the row's primary key;
 * `nodeType`/`nodeId` name the entity the row is, or belongs to (a participant row
 * belongs to its statement), so an entity's history finds its link rows too.
 */
export const changeEntries = pgTable(
  'change_entries',
  {
    changeId: integer()
      .notNull()
      .references(() => changes.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    operation: text().$type<ChangeOperation>().notNull(),
    tableName: text().notNull(),
    rowKey: jsonb().notNull(),
    nodeType: text().notNull(),
    nodeId: integer().notNull(),
    before: jsonb(),
    after: jsonb(),
  },
  (t) => [
    primaryKey({ columns: [t.changeId, t.position] }),
    check('change_entries_operation_valid', sql.raw(`"operation" IN ${inList(CHANGE_OPERATIONS)}`)),
    index('change_entries_node_idx').on(t.nodeType, t.nodeId, t.changeId),
    index('change_entries_row_idx').on(t.tableName, t.rowKey, t.changeId),
  ],
);
