// Generated timeline data for benchmarks and pagination tests; never loaded by
// default. Every table is filled by one INSERT ... SELECT over generate_series,
// so no row crosses between node and the database, and the values are a pure
// function of the row number (no random()), so every run builds the same set.
// Ids are given explicitly (after the largest already there), so links are
// arithmetic on row numbers, not joins on slugs; the sequences are moved past
// them at the end. A million items load in minutes on a Postgres server (see
// README, "A million rows").
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client.js';

export interface GenerateOptions {
  /** Events plus statements; a quarter are events. */
  items: number;
  /** Prefix of every slug, so several sets can share a database. */
  prefix?: string;
  /** Days the dates spread over from firstDay; few days make many items share a day (tests of tiebreaks). */
  days?: number;
  firstDay?: string;
  actors?: number;
  topics?: number;
  /**
   * The wider fan-out of a real corpus, on top of one author and one claim per
   * statement: three signatories per statement, every claim also in the
   * statement before its own, two relations out of every claim (REBUTS and
   * SUPPORTS, asserted in its statement), a source per statement holding its
   * claims' text with an excerpt anchoring each appearance, and each statement
   * and every other claim about an event.
   */
  fanOut?: boolean;
  /** ANALYZE at the end (default); a caller that builds indexes afterwards analyzes then. */
  analyze?: boolean;
  /** Told after each step, with its duration (progress for long runs). */
  onStep?: (step: string, ms: number) => void;
}

const WORDS = `ARRAY['ceasefire','blockade','sanctions','peacekeeping','talks','detention','mandate','corridor']`;

/**
 * The FuzzyDate columns for row `g`: mostly days, every 7th a month, every 23rd
 * a year, every 97th a decade (a mix like the curated data's).
 */
function dateColumns(days: number, firstDay: string, n: string) {
  const day = `(CAST('${firstDay}' AS date) + CAST((CAST(${n} AS bigint) * 2654435761) % ${days} AS integer))`;
  const precision = `(CASE WHEN ${n} % 97 = 0 THEN 'DECADE' WHEN ${n} % 23 = 0 THEN 'YEAR' WHEN ${n} % 7 = 0 THEN 'MONTH' ELSE 'DAY' END)`;
  return sql.raw(`
    CASE ${precision} WHEN 'DAY' THEN to_char(${day}, 'YYYY-MM-DD') WHEN 'MONTH' THEN to_char(${day}, 'YYYY-MM')
      WHEN 'YEAR' THEN to_char(${day}, 'YYYY') ELSE substr(to_char(${day}, 'YYYY'), 1, 3) || 'X' END,
    CASE ${precision} WHEN 'DAY' THEN ${day} WHEN 'MONTH' THEN CAST(date_trunc('month', CAST(${day} AS timestamp)) AS date)
      WHEN 'YEAR' THEN CAST(date_trunc('year', CAST(${day} AS timestamp)) AS date)
      ELSE make_date(CAST(substr(to_char(${day}, 'YYYY'), 1, 3) AS integer) * 10, 1, 1) END,
    CASE ${precision} WHEN 'DAY' THEN ${day}
      WHEN 'MONTH' THEN CAST(date_trunc('month', CAST(${day} AS timestamp)) + interval '1 month' - interval '1 day' AS date)
      WHEN 'YEAR' THEN make_date(CAST(to_char(${day}, 'YYYY') AS integer), 12, 31)
      ELSE make_date(CAST(substr(to_char(${day}, 'YYYY'), 1, 3) AS integer) * 10 + 9, 12, 31) END,
    ${precision}`);
}

const SERIAL_TABLES = ['actors', 'topics', 'events', 'statements', 'claims', 'claim_appearances', 'claim_relations', 'sources', 'excerpts'] as const;
type SerialTable = (typeof SERIAL_TABLES)[number];

async function largestIds(db: Database): Promise<Record<SerialTable, number>> {
  const result = await db.execute(
    sql.raw(`SELECT ${SERIAL_TABLES.map((t) => `(SELECT coalesce(max(id), 0) FROM ${t}) AS ${t}`).join(', ')}`),
  );
  const row = ((result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]))[0] as Record<string, unknown>;
  return Object.fromEntries(SERIAL_TABLES.map((t) => [t, Number(row[t])])) as Record<SerialTable, number>;
}

export async function generateTimeline(db: Database, options: GenerateOptions): Promise<void> {
  const prefix = (options.prefix ?? 'gen').replace(/[^a-z0-9-]/g, '');
  const days = options.days ?? 13_000;
  const firstDay = options.firstDay ?? '1990-01-01';
  const actorCount = options.actors ?? 500;
  const topicCount = options.topics ?? 20;
  const eventCount = Math.floor(options.items / 4);
  const statementCount = options.items - eventCount;
  const p = sql.raw(`'${prefix}'`);
  const n = (value: number) => sql.raw(String(Math.trunc(value)));
  const base = await largestIds(db);
  const [A, T, E, S, C, P, R, SRC, X] = [
    n(base.actors),
    n(base.topics),
    n(base.events),
    n(base.statements),
    n(base.claims),
    n(base.claim_appearances),
    n(base.claim_relations),
    n(base.sources),
    n(base.excerpts),
  ];
  const step = async (name: string, query: ReturnType<typeof sql>) => {
    const started = performance.now();
    await db.execute(query);
    options.onStep?.(name, performance.now() - started);
  };
  const words = sql.raw(WORDS);
  // Claim g sits in statement g; its text names its id, so texts differ and a search can find one.
  const claimText = (g: string) => sql.raw(`('Generated claim on ' || (${WORDS})[1 + (${base.statements} + ${g}) % 8] || ' #' || (${base.claims} + ${g}))`);

  await step('actors', sql`INSERT INTO actors (id, slug, name, kind)
    SELECT ${A} + g, ${p} || '-actor-' || g, 'Generated actor ' || g, 'ORGANIZATION' FROM generate_series(1, ${n(actorCount)}) g`);
  await step('topics', sql`INSERT INTO topics (id, slug, name)
    SELECT ${T} + g, ${p} || '-topic-' || g, 'Generated topic ' || g FROM generate_series(1, ${n(topicCount)}) g`);
  await step('events', sql`INSERT INTO events (id, slug, title, kind, start_edtf, start_earliest, start_latest, start_precision, description)
    SELECT ${E} + g, ${p} || '-event-' || g, 'Event ' || g || ' ' || (${words})[1 + g % 8],
      (ARRAY['MEETING','CEASEFIRE','BLOCKADE','DIPLOMATIC'])[1 + g % 4], ${dateColumns(days, firstDay, 'g')}, 'Generated event about ' || (${words})[1 + (g / 8) % 8]
    FROM generate_series(1, ${n(eventCount)}) g`);
  await step('statements', sql`INSERT INTO statements (id, slug, title, kind, date_edtf, date_earliest, date_latest, date_precision, summary)
    SELECT ${S} + g, ${p} || '-statement-' || g, 'Statement ' || g || ' on ' || (${words})[1 + g % 8],
      (ARRAY['PRESS_RELEASE','REMARKS','INTERVIEW','JOINT_STATEMENT'])[1 + g % 4], ${dateColumns(days, firstDay, 'g + 500000')}, 'Generated statement'
    FROM generate_series(1, ${n(statementCount)}) g`);
  // Participant rows carry their item's date (COPIED_COLUMNS in src/db/schema.ts), given here from the
  // items just made: the trigger that would fill them looks each item up, one by one, with no index yet.
  await step('event participants', sql`INSERT INTO event_participants (event_id, actor_id, role, position, start_earliest, start_rank)
    SELECT e.id, ${A} + 1 + e.id % ${n(actorCount)}, 'PARTICIPANT', 0, e.start_earliest, e.start_rank
    FROM events e WHERE e.id > ${E} AND e.id <= ${E} + ${n(eventCount)}`);
  await step('statement authors', sql`INSERT INTO statement_participants (statement_id, actor_id, role, position, date_earliest, date_rank)
    SELECT s.id, ${A} + 1 + (s.id * 7) % ${n(actorCount)}, 'AUTHOR', 0, s.date_earliest, s.date_rank
    FROM statements s WHERE s.id > ${S} AND s.id <= ${S} + ${n(statementCount)}`);
  await step('claims', sql`INSERT INTO claims (id, slug, text, kind)
    SELECT ${C} + g, ${p} || '-claim-' || g, ${claimText('g')}, 'NORMATIVE' FROM generate_series(1, ${n(statementCount)}) g`);
  await step('claim appearances', sql`INSERT INTO claim_appearances (id, claim_id, statement_id, position)
    SELECT ${P} + g, ${C} + g, ${S} + g, 0 FROM generate_series(1, ${n(statementCount)}) g`);
  await step('claim topics', sql`INSERT INTO claim_topics (claim_id, topic_id, stance)
    SELECT ${C} + g, ${T} + 1 + (${C} + g) % ${n(topicCount)}, (ARRAY['FOR','AGAINST','CONDITIONAL','NEUTRAL'])[1 + (${C} + g) % 4]
    FROM generate_series(1, ${n(statementCount)}) g`);

  if (options.fanOut) {
    // Distinct actors per statement for k = 1..3 as long as there are more than 202 actors; the roles differ from the author's.
    await step('statement signatories', sql`INSERT INTO statement_participants (statement_id, actor_id, role, position, date_earliest, date_rank)
      SELECT s.id, ${A} + 1 + (s.id * 13 + k * 101) % ${n(actorCount)}, CASE WHEN k = 1 THEN 'LEAD_SIGNATORY' ELSE 'SIGNATORY' END, k,
        s.date_earliest, s.date_rank
      FROM statements s CROSS JOIN generate_series(1, 3) k WHERE s.id > ${S} AND s.id <= ${S} + ${n(statementCount)}
      ON CONFLICT DO NOTHING`);
    await step('second appearances', sql`INSERT INTO claim_appearances (id, claim_id, statement_id, position)
      SELECT ${P} + ${n(statementCount)} + g, ${C} + g + 1, ${S} + g, 1 FROM generate_series(1, ${n(statementCount - 1)}) g`);
    // Claim g REBUTS claim (g * 7919) mod N and SUPPORTS claim (g * 104729) mod N, as of its statement's day.
    await step('claim relations', sql`INSERT INTO claim_relations (id, kind, from_claim_id, to_claim_id, statement_id, created_on)
      SELECT ${R} + 2 * (s.id - ${S}) - r.k, r.kind, ${C} + (s.id - ${S}), ${C} + 1 + CAST((CAST(${C} + s.id - ${S} AS bigint) * r.step) % ${n(statementCount)} AS integer),
        s.id, s.date_earliest
      FROM statements s CROSS JOIN (VALUES ('REBUTS', 7919, 1), ('SUPPORTS', 104729, 0)) r(kind, step, k)
      WHERE s.id > ${S} AND s.id <= ${S} + ${n(statementCount)}
        AND ${C} + 1 + CAST((CAST(${C} + s.id - ${S} AS bigint) * r.step) % ${n(statementCount)} AS integer) <> ${C} + (s.id - ${S})`);
    // Source g is statement g's document: claim g's text, a space, claim g+1's text.
    await step('sources', sql`INSERT INTO sources (id, slug, title, kind, text)
      SELECT ${SRC} + g, ${p} || '-source-' || g, 'Source of statement ' || g, (ARRAY['NEWS_ARTICLE','PRESS_RELEASE','TRANSCRIPT'])[1 + g % 3],
        ${claimText('g')} || CASE WHEN g < ${n(statementCount)} THEN ' ' || ${claimText('g + 1')} ELSE '' END
      FROM generate_series(1, ${n(statementCount)}) g`);
    // Excerpt g quotes claim g at the start of source g; excerpt N + g quotes claim g+1 after it. Context: 32 characters each side.
    await step('excerpts', sql`INSERT INTO excerpts (id, source_id, start, "end", quote, prefix, suffix)
      SELECT ${X} + g, ${SRC} + g, 0, length(q), q, '', left(t, 32)
      FROM (SELECT g, ${claimText('g')} AS q, CASE WHEN g < ${n(statementCount)} THEN ' ' || ${claimText('g + 1')} ELSE '' END AS t
        FROM generate_series(1, ${n(statementCount)}) g) x
      UNION ALL
      SELECT ${X} + ${n(statementCount)} + g, ${SRC} + g, length(f) + 1, length(f) + 1 + length(q), q, right(f || ' ', 32), ''
      FROM (SELECT g, ${claimText('g')} AS f, ${claimText('g + 1')} AS q FROM generate_series(1, ${n(statementCount - 1)}) g) y`);
    await step('appearance excerpts', sql`INSERT INTO appearance_excerpts (appearance_id, excerpt_id)
      SELECT ${P} + g, ${X} + g FROM generate_series(1, ${n(statementCount)}) g
      UNION ALL SELECT ${P} + ${n(statementCount)} + g, ${X} + ${n(statementCount)} + g FROM generate_series(1, ${n(statementCount - 1)}) g`);
    await step('statement excerpts', sql`INSERT INTO statement_excerpts (statement_id, excerpt_id)
      SELECT ${S} + g, ${X} + g FROM generate_series(1, ${n(statementCount)}) g`);
    if (eventCount > 0) {
      // The statements' dates given here too (see the participant rows above).
      await step('statement events', sql`INSERT INTO statement_events (statement_id, event_id, date_earliest, date_rank)
        SELECT s.id, ${E} + 1 + ((s.id - ${S}) * 31) % ${n(eventCount)}, s.date_earliest, s.date_rank
        FROM statements s WHERE s.id > ${S} AND s.id <= ${S} + ${n(statementCount)}`);
      await step('claim events', sql`INSERT INTO claim_events (claim_id, event_id)
        SELECT ${C} + g, ${E} + 1 + (g * 31) % ${n(eventCount)} FROM generate_series(2, ${n(statementCount)}, 2) g`);
    }
  }

  // The next row a sequence hands out comes after the generated ids.
  await step('sequences', sql.raw(`SELECT ${SERIAL_TABLES.map((t) => `setval(pg_get_serial_sequence('${t}', 'id'), coalesce((SELECT max(id) FROM ${t}), 1), (SELECT max(id) FROM ${t}) IS NOT NULL)`).join(', ')}`));
  if (options.analyze !== false) await step('analyze', sql`ANALYZE`);
}

/**
 * Runs `load` with the public schema's foreign keys, unique and primary keys and
 * secondary indexes dropped, then makes them again from their definitions: one
 * index build over loaded rows is several times faster than keeping every index
 * current row by row (above all the GIN search indexes). Every constraint is
 * checked again when it is added back. Only for a database nothing else uses.
 */
export async function withoutIndexes(db: Database, load: () => Promise<void>, onStep?: (step: string, ms: number) => void): Promise<void> {
  const rowsOf = (result: unknown) => ((result as { rows?: unknown[] }).rows ?? (result as unknown[])) as Record<string, string>[];
  const constraints = rowsOf(
    await db.execute(sql`SELECT c.conrelid::regclass::text AS "table", c.conname AS name, c.contype AS type, pg_get_constraintdef(c.oid) AS def
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'f') ORDER BY c.contype = 'f' DESC, c.conname`),
  );
  const indexes = rowsOf(
    await db.execute(sql`SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) ORDER BY i.indexname`),
  );
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  for (const c of constraints) await db.execute(sql.raw(`ALTER TABLE ${c.table} DROP CONSTRAINT ${q(c.name!)}`));
  for (const i of indexes) await db.execute(sql.raw(`DROP INDEX ${q(i.name!)}`));
  await load();
  const started = performance.now();
  // Keys first (foreign keys need the keys they point at), then the other indexes.
  for (const c of [...constraints].reverse()) await db.execute(sql.raw(`ALTER TABLE ${c.table} ADD CONSTRAINT ${q(c.name!)} ${c.def}`));
  onStep?.('keys and foreign keys', performance.now() - started);
  const indexStarted = performance.now();
  for (const i of indexes) await db.execute(sql.raw(i.def!));
  onStep?.('indexes', performance.now() - indexStarted);
}
