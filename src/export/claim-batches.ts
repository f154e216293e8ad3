// A batch of claims for an export in one SQL statement: the page (a CTE) and
// every list of its claims (appearances with their statements, excerpts,
// asserting participants, subjects, events, topics) as one UNION ALL, one row
// shape tagged by list. One round trip and no id list sent back and forth: the
// batch costs the database one statement and the exporter one result to read,
// where seven statements cost it a third more CPU. The database reads the next
// batch while this process writes the one before (records.ts), so on two cores
// each side keeps one busy.
import { type SQL, sql, type SQLWrapper } from 'drizzle-orm';
import { fuzzyDateFromColumns } from '../dates/fuzzy-date.js';
import type { Database } from '../db/client.js';
import { selectRows } from '../db/rows.js';
import {
  actors,
  appearanceExcerpts,
  ASSERTING_ROLES,
  claimAppearances,
  claimEvents,
  claims,
  claimSubjects,
  claimTopics,
  type DatePrecision,
  events,
  excerpts,
  sources,
  statementParticipants,
  statements,
  topics,
} from '../db/schema.js';
import type { ActorRef, ClaimRecord, ExcerptRecord, StatementRef } from './records.js';

/** Which list a row belongs to. */
const PAGE = 0;
const APPEARANCE = 1;
const EXCERPT = 2;
const ASSERTER = 3;
const SUBJECT = 4;
const EVENT = 5;
const TOPIC = 6;

/**
 * One row of the batch: `list` says which, `ord` its place in that list's
 * order (the database's row_number, so the order holds however the branches
 * come back), `parent` the claim (or appearance) it belongs to; n1-n3 and
 * t1-t7 hold the list's own columns, as each branch below names them.
 */
interface BatchRow {
  list: number;
  ord: number;
  parent: number;
  n1: number | null;
  n2: number | null;
  n3: number | null;
  t1: string | null;
  t2: string | null;
  t3: string | null;
  t4: string | null;
  t5: string | null;
  t6: string | null;
  t7: string | null;
}

const INT = sql.raw('CAST(NULL AS integer)');
const TEXT = sql.raw('CAST(NULL AS text)');
const asText = (column: SQLWrapper) => sql`CAST(${column} AS text)`;

/** One branch: the list's tag, its order, its parent and up to 3 integers and 7 texts. */
function branch(list: number, order: SQL, parent: SQLWrapper, numbers: SQLWrapper[], texts: SQLWrapper[], from: SQL): SQL {
  const n = [...numbers, INT, INT, INT].slice(0, 3);
  const t = [...texts, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT].slice(0, 7);
  const named = (columns: SQLWrapper[], prefix: string) => sql.join(columns.map((column, i) => sql`${column} AS ${sql.raw(`${prefix}${i + 1}`)}`), sql`, `);
  return sql`SELECT ${sql.raw(String(list))} AS list, CAST(row_number() OVER (ORDER BY ${order}) AS integer) AS ord, ${parent} AS parent, ${named(n, 'n')}, ${named(t, 't')} ${from}`;
}

const page = sql.raw('page');
const pageId = sql.raw('page.id');
const ACTOR_TEXTS = [actors.slug, actors.name, actors.kind];

/** The batch statement for a page query that selects the claims' id, slug, text and kind in the export's order (by id). */
function batchStatement(pageQuery: SQLWrapper): SQL {
  const c = claimAppearances;
  const s = statements;
  const branches = [
    branch(PAGE, pageId, pageId, [], [sql`page.slug`, sql`page.text`, sql`page.kind`], sql`FROM ${page}`),
    // Claim.appearances' order: the statement's date (earliest day, precision rank), then id.
    branch(APPEARANCE, sql`${c.claimId}, ${s.dateEarliest}, ${s.dateRank}, ${s.id}`, c.claimId, [c.id, s.id], [s.slug, s.title, s.dateEdtf, asText(s.dateEarliest), asText(s.dateLatest), s.datePrecision, s.dateNote],
      sql`FROM ${page} JOIN ${c} ON ${c.claimId} = ${pageId} JOIN ${s} ON ${s.id} = ${c.statementId}`),
    // Excerpts in text order (source, then offset), as the API lists them.
    branch(EXCERPT, sql`${appearanceExcerpts.appearanceId}, ${excerpts.sourceId}, ${excerpts.start}, ${excerpts.id}`, appearanceExcerpts.appearanceId,
      [excerpts.start, excerpts.end, sources.id], [sources.slug, excerpts.quote],
      sql`FROM ${page} JOIN ${c} ON ${c.claimId} = ${pageId} JOIN ${appearanceExcerpts} ON ${appearanceExcerpts.appearanceId} = ${c.id}
        JOIN ${excerpts} ON ${excerpts.id} = ${appearanceExcerpts.excerptId} JOIN ${sources} ON ${sources.id} = ${excerpts.sourceId}`),
    // Claimants are ordered here (claimantsOf), from each appearance's asserting participants.
    branch(ASSERTER, sql`${c.id}, ${statementParticipants.position}, ${actors.id}`, c.id, [statementParticipants.position, actors.id], ACTOR_TEXTS,
      sql`FROM ${page} JOIN ${c} ON ${c.claimId} = ${pageId}
        JOIN ${statementParticipants} ON ${statementParticipants.statementId} = ${c.statementId} AND ${statementParticipants.role} IN (${sql.join(ASSERTING_ROLES.map((role) => sql`${role}`), sql`, `)})
        JOIN ${actors} ON ${actors.id} = ${statementParticipants.actorId}`),
    branch(SUBJECT, sql`${claimSubjects.claimId}, ${actors.name} COLLATE "C", ${actors.id}`, claimSubjects.claimId, [INT, actors.id], ACTOR_TEXTS,
      sql`FROM ${page} JOIN ${claimSubjects} ON ${claimSubjects.claimId} = ${pageId} JOIN ${actors} ON ${actors.id} = ${claimSubjects.actorId}`),
    branch(EVENT, sql`${claimEvents.claimId}, ${events.startEarliest}, ${events.startRank}, ${events.id}`, claimEvents.claimId, [INT, events.id], [events.slug],
      sql`FROM ${page} JOIN ${claimEvents} ON ${claimEvents.claimId} = ${pageId} JOIN ${events} ON ${events.id} = ${claimEvents.eventId}`),
    branch(TOPIC, sql`${claimTopics.claimId}, ${claimTopics.topicId}`, claimTopics.claimId, [INT, topics.id], [topics.slug, claimTopics.stance],
      sql`FROM ${page} JOIN ${claimTopics} ON ${claimTopics.claimId} = ${pageId} JOIN ${topics} ON ${topics.id} = ${claimTopics.topicId}`),
  ];
  return sql`WITH page AS MATERIALIZED (${pageQuery}) ${sql.join(
    branches.map((b) => sql`(${b})`),
    sql` UNION ALL `,
  )}`;
}

/** The page query's columns: what a claim record needs of the claims row. */
export const CLAIM_PAGE_COLUMNS = { id: claims.id, slug: claims.slug, text: claims.text, kind: claims.kind };

interface Appearance {
  statement: StatementRef;
  excerpts: ExcerptRecord[];
  asserters: { actor: ActorRef; position: number }[];
}

const actorOf = (r: BatchRow): ActorRef => ({ id: r.n2!, slug: r.t1!, name: r.t2!, kind: r.t3! });

/** Each list's rows in its order: by `ord`, sorted only if they did not come in it. */
function lists(rows: BatchRow[]): BatchRow[][] {
  const byList: BatchRow[][] = [[], [], [], [], [], [], []];
  for (const row of rows) byList[row.list]!.push(row);
  for (const list of byList) {
    for (let i = 1; i < list.length; i++) {
      if (list[i - 1]!.ord > list[i]!.ord) {
        list.sort((a, b) => a.ord - b.ord);
        break;
      }
    }
  }
  return byList;
}

/** One batch of claims as records, in the page's order: the page query (with its filters, keyset and limit) runs inside the batch statement. */
export async function claimBatch(db: Database, pageQuery: SQLWrapper): Promise<ClaimRecord[]> {
  const rows = await selectRows<BatchRow>(db, batchStatement(pageQuery));
  const [pageRows, appearanceRows, excerptRows, asserterRows, subjectRows, eventRows, topicRows] = lists(rows) as [BatchRow[], BatchRow[], BatchRow[], BatchRow[], BatchRow[], BatchRow[], BatchRow[]];

  const records: ClaimRecord[] = [];
  const byId = new Map<number, ClaimRecord>();
  for (const r of pageRows) {
    const record: ClaimRecord = {
      type: 'claim',
      id: r.parent,
      slug: r.t1!,
      text: r.t2!,
      kind: r.t3!,
      date: null,
      claimants: [],
      subjects: [],
      events: [],
      topics: [],
      appearances: [],
    };
    records.push(record);
    byId.set(record.id, record);
  }
  const appearances = new Map<number, Appearance>();
  const claimAppearanceLists = new Map<number, Appearance[]>();
  for (const r of appearanceRows) {
    const date = fuzzyDateFromColumns({ edtf: r.t3, earliest: r.t4, latest: r.t5, precision: r.t6 as DatePrecision | null, note: r.t7 })!;
    const appearance: Appearance = { statement: { id: r.n2!, slug: r.t1!, title: r.t2!, date }, excerpts: [], asserters: [] };
    appearances.set(r.n1!, appearance);
    const list = claimAppearanceLists.get(r.parent);
    if (list) list.push(appearance);
    else claimAppearanceLists.set(r.parent, [appearance]);
  }
  for (const r of excerptRows) {
    appearances.get(r.parent)?.excerpts.push({ source: { id: r.n3!, slug: r.t1! }, start: r.n1!, end: r.n2!, quote: r.t2! });
  }
  for (const r of asserterRows) appearances.get(r.parent)?.asserters.push({ actor: actorOf(r), position: r.n1! });
  for (const r of subjectRows) byId.get(r.parent)?.subjects.push(actorOf(r));
  for (const r of eventRows) byId.get(r.parent)?.events.push({ id: r.n2!, slug: r.t1! });
  for (const r of topicRows) byId.get(r.parent)?.topics.push({ topic: { id: r.n2!, slug: r.t1! }, stance: r.t2 ?? null });

  for (const record of records) {
    const list = claimAppearanceLists.get(record.id);
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
