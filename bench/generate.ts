// Generated timeline data for benchmarks and pagination tests; never loaded by
// default. Everything is made by INSERT ... SELECT over generate_series, so a
// 100,000-item set loads in seconds on either database, and the values are a
// pure function of the row number (no random()), so every run builds the same set.
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

export async function generateTimeline(db: Database, options: GenerateOptions): Promise<void> {
  const prefix = options.prefix ?? 'gen';
  const days = options.days ?? 13_000;
  const firstDay = options.firstDay ?? '1990-01-01';
  const actorCount = options.actors ?? 500;
  const topicCount = options.topics ?? 20;
  const eventCount = Math.floor(options.items / 4);
  const statementCount = options.items - eventCount;
  const p = sql.raw(`'${prefix.replace(/[^a-z0-9-]/g, '')}'`);

  await db.execute(sql`INSERT INTO actors (slug, name, kind)
    SELECT ${p} || '-actor-' || g, 'Generated actor ' || g, 'ORGANIZATION' FROM generate_series(1, ${actorCount}) g`);
  await db.execute(sql`INSERT INTO topics (slug, name)
    SELECT ${p} || '-topic-' || g, 'Generated topic ' || g FROM generate_series(1, ${topicCount}) g`);
  await db.execute(sql`INSERT INTO events (slug, title, kind, start_edtf, start_earliest, start_latest, start_precision, description)
    SELECT ${p} || '-event-' || g, 'Event ' || g || ' ' || (${sql.raw(WORDS)})[1 + g % 8],
      (ARRAY['MEETING','CEASEFIRE','BLOCKADE','DIPLOMATIC'])[1 + g % 4], ${dateColumns(days, firstDay, 'g')}, 'Generated event about ' || (${sql.raw(WORDS)})[1 + (g / 8) % 8]
    FROM generate_series(1, ${eventCount}) g`);
  await db.execute(sql`INSERT INTO statements (slug, title, kind, date_edtf, date_earliest, date_latest, date_precision, summary)
    SELECT ${p} || '-statement-' || g, 'Statement ' || g || ' on ' || (${sql.raw(WORDS)})[1 + g % 8],
      (ARRAY['PRESS_RELEASE','REMARKS','INTERVIEW','JOINT_STATEMENT'])[1 + g % 4], ${dateColumns(days, firstDay, 'g + 500000')}, 'Generated statement'
    FROM generate_series(1, ${statementCount}) g`);

  // Participants and claims point at this set's own rows, found by slug prefix.
  await db.execute(sql`INSERT INTO event_participants (event_id, actor_id, role, position)
    SELECT e.id, a.id, 'PARTICIPANT', 0 FROM events e
    JOIN actors a ON a.slug = ${p} || '-actor-' || (1 + e.id % ${actorCount})
    WHERE e.slug LIKE ${p} || '-event-%'`);
  await db.execute(sql`INSERT INTO statement_participants (statement_id, actor_id, role, position)
    SELECT s.id, a.id, 'AUTHOR', 0 FROM statements s
    JOIN actors a ON a.slug = ${p} || '-actor-' || (1 + (s.id * 7) % ${actorCount})
    WHERE s.slug LIKE ${p} || '-statement-%'`);
  await db.execute(sql`INSERT INTO claims (slug, text, kind)
    SELECT replace(s.slug, '-statement-', '-claim-'), 'Generated claim on ' || (${sql.raw(WORDS)})[1 + s.id % 8], 'NORMATIVE'
    FROM statements s WHERE s.slug LIKE ${p} || '-statement-%'`);
  await db.execute(sql`INSERT INTO claim_appearances (claim_id, statement_id, position)
    SELECT c.id, s.id, 0 FROM claims c JOIN statements s ON s.slug = replace(c.slug, '-claim-', '-statement-')
    WHERE c.slug LIKE ${p} || '-claim-%'`);
  await db.execute(sql`INSERT INTO claim_topics (claim_id, topic_id, stance)
    SELECT c.id, t.id, (ARRAY['FOR','AGAINST','CONDITIONAL','NEUTRAL'])[1 + c.id % 4] FROM claims c
    JOIN topics t ON t.slug = ${p} || '-topic-' || (1 + c.id % ${topicCount})
    WHERE c.slug LIKE ${p} || '-claim-%'`);
  await db.execute(sql`ANALYZE`);
}
