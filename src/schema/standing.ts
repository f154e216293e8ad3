// A claim's standing on a day, derived from the relations pointing at it that
// were in effect by then. Claim.standing and claims(filter: {standing}) both use
// standingFlags below, so the field and the filter can never disagree.
//
// When a relation takes effect: an editorial link (no statement) from its
// created_on; a relation asserted in a statement from the statement's LATEST
// possible day. A statement dated only '2025-12' may have been made on the 31st,
// so on 2025-12-15 nobody can say it had been made yet: standing as of a day
// counts only what had surely been said by then. For day-precise statements
// (almost all of them) earliest and latest are the same day.
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { valueList } from '../db/rows.js';
import { CHALLENGING_RELATIONS, claims } from '../db/schema.js';
import { type ClaimReadRow, rebuttalsFromJson, rebuttalsJson } from '../loaders/claim-relations.js';
import { keyedLoader } from '../loaders/keyed-loader.js';
import { idArrayPlaceholder, preparedOnce } from '../loaders/prepared-statements.js';
import type { RowExtra } from '../loaders/rows-by-id.js';
import { jsonValue } from '../db/row-columns.js';
import { builder } from './builder.js';

export const CLAIM_STANDINGS = ['UNCHALLENGED', 'SUPPORTED', 'DISPUTED', 'CONTESTED'] as const;
export type ClaimStanding = (typeof CLAIM_STANDINGS)[number];

export const ClaimStandingEnum = builder.enumType('ClaimStanding', {
  description:
    'Where a claim stands, from the SUPPORTS and REBUTS/UNDERCUTS/CONTRADICTS relations pointing at it (QUALIFIES and RESTATES do not count).',
  values: {
    UNCHALLENGED: { description: 'No relation challenges or supports it.' },
    SUPPORTED: { description: 'Supported, never challenged.' },
    DISPUTED: { description: 'Rebutted, undercut or contradicted, never supported.' },
    CONTESTED: { description: 'Both supported and challenged.' },
  } satisfies Record<ClaimStanding, unknown>,
});

/** Today in UTC, yyyy-mm-dd: the default asOf, the same for the field and the filter. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

const CHALLENGING = valueList(CHALLENGING_RELATIONS);

/** The day a relation (alias r, its statement rs) takes effect: the rule in the header comment. */
const TAKES_EFFECT = sql`coalesce(rs.date_latest, r.created_on)`;
const SUPPORTING_KIND = sql`r.kind = 'SUPPORTS'`;
const CHALLENGING_KIND = sql`r.kind IN (${CHALLENGING})`;

/** The relations to `claimId` in effect on `asOf` whose kind satisfies `kindCondition` (on alias r). */
function relationInEffect(claimId: SQL, asOf: string | SQL, kindCondition: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM claim_relations r LEFT JOIN statements rs ON rs.id = r.statement_id
    WHERE r.to_claim_id = ${claimId} AND ${kindCondition}
      AND ${TAKES_EFFECT} <= CAST(${asOf} AS date))`;
}

/** Days are counted from this one to compare them as numbers (a date before it counts negative). */
const DAY_ZERO = '2000-01-01';

/**
 * The first day any relation to `claimId` whose kind satisfies `kindCondition`
 * takes effect, as days after DAY_ZERO, or null: a relation is in effect on
 * asOf exactly when this day is on or before it, so one read answers standing
 * for every asOf.
 */
function firstInEffect(claimId: SQL, kindCondition: SQL): SQL {
  return sql`(SELECT min(${TAKES_EFFECT}) - CAST(${sql.raw(`'${DAY_ZERO}'`)} AS date) FROM claim_relations r LEFT JOIN statements rs ON rs.id = r.statement_id
    WHERE r.to_claim_id = ${claimId} AND ${kindCondition})`;
}

function dayNumber(isoDay: string): number {
  return (Date.parse(`${isoDay}T00:00:00Z`) - Date.parse(`${DAY_ZERO}T00:00:00Z`)) / 86_400_000;
}

/** Boolean SQL expressions: is the claim supported, is it challenged, on asOf (a day, or a placeholder for one). */
export function standingFlags(claimId: SQL, asOf: string | SQL): { supported: SQL; challenged: SQL } {
  return {
    supported: relationInEffect(claimId, asOf, SUPPORTING_KIND),
    challenged: relationInEffect(claimId, asOf, CHALLENGING_KIND),
  };
}

/** The first days a claim was supported and challenged (days after DAY_ZERO, null for never): its standing on any day. */
export interface ChallengeDays {
  supportedFrom: number | null;
  challengedFrom: number | null;
}

/** Standing on asOf from the first days, by the same rule as standingFlags. */
export function standingOn(days: ChallengeDays, asOf: string): ClaimStanding {
  const day = dayNumber(asOf);
  return standingOf(days.supportedFrom != null && days.supportedFrom <= day, days.challengedFrom != null && days.challengedFrom <= day);
}

/** SQL columns supportedFrom and challengedFrom for the claim whose id `claimId` gives. */
export function challengeDayColumns(claimId: SQL): { supportedFrom: SQL<number | null>; challengedFrom: SQL<number | null> } {
  return {
    supportedFrom: sql<number | null>`${firstInEffect(claimId, SUPPORTING_KIND)}`,
    challengedFrom: sql<number | null>`${firstInEffect(claimId, CHALLENGING_KIND)}`,
  };
}

function standingOf(supported: boolean, challenged: boolean): ClaimStanding {
  if (supported) return challenged ? 'CONTESTED' : 'SUPPORTED';
  return challenged ? 'DISPUTED' : 'UNCHALLENGED';
}

/** The claim's standing on asOf as an SQL expression (one of CLAIM_STANDINGS), by standingOf's rule on standingFlags. */
export function standingExpression(claimId: SQL, asOf: string | SQL): SQL {
  const { supported, challenged } = standingFlags(claimId, asOf);
  return sql`CASE WHEN ${supported} THEN (CASE WHEN ${challenged} THEN 'CONTESTED' ELSE 'SUPPORTED' END)
    WHEN ${challenged} THEN 'DISPUTED' ELSE 'UNCHALLENGED' END`;
}

/** The filter condition: claims whose standing on asOf is `standing`. */
export function standingCondition(claimId: SQL, standing: ClaimStanding, asOf: string): SQL {
  const { supported, challenged } = standingFlags(claimId, asOf);
  const [wantSupported, wantChallenged] = {
    UNCHALLENGED: [false, false],
    SUPPORTED: [true, false],
    DISPUTED: [false, true],
    CONTESTED: [true, true],
  }[standing];
  return sql`(${wantSupported ? supported : sql`NOT ${supported}`}) AND (${wantChallenged ? challenged : sql`NOT ${challenged}`})`;
}

/** What a claim's challenges are read for: standing (on any day), rebuttals, or both. */
export type ChallengePart = 'standing' | 'rebuttals';

export interface Challenges extends ChallengeDays {
  rebuttals: ClaimReadRow[];
}

/**
 * Each claim's first days of support and challenge and its rebuttals, the
 * parts asked for only, in one statement for the batch (built once per set of
 * parts): a claim's standing and rebuttals selected together cost one read.
 */
export async function challengesByClaim(db: Database, claimIds: readonly number[], parts: ReadonlySet<ChallengePart>): Promise<Challenges[]> {
  const withStanding = parts.has('standing');
  const withRebuttals = parts.has('rebuttals');
  const statement = preparedOnce(db, `challenges:${withStanding}:${withRebuttals}`, () =>
    db
      .select({
        id: claims.id,
        ...(withStanding ? challengeDayColumns(sql`${claims.id}`) : {}),
        ...(withRebuttals ? { rebuttals: sql<unknown>`${rebuttalsJson(sql`${claims.id}`)}` } : {}),
      })
      .from(claims)
      .where(sql`${claims.id} = ANY(${idArrayPlaceholder('ids')})`)
      .prepare('challenges'),
  );
  const rows = (await statement.execute({ ids: [...claimIds] })) as { id: number; supportedFrom?: number | null; challengedFrom?: number | null; rebuttals?: unknown }[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return claimIds.map((id) => {
    const row = byId.get(id);
    return {
      supportedFrom: row?.supportedFrom == null ? null : Number(row.supportedFrom),
      challengedFrom: row?.challengedFrom == null ? null : Number(row.challengedFrom),
      rebuttals: row?.rebuttals == null ? [] : rebuttalsFromJson(row.rebuttals),
    };
  });
}

/**
 * A claim's standing and its rebuttals come from one loader: the parts asked
 * for in the same tick (a claim's standing and rebuttals, or a page's) are read
 * in one statement, whatever asOf each standing asks about. A lookup that read
 * them beside the claim's row (challengeExtras) has primed it already.
 */
export function challengesOf(ctx: { db: Database }) {
  return keyedLoader<{ claimId: number; part: ChallengePart }, Challenges, string>(
    ctx,
    'claim-challenges',
    async (keys) => {
      const ids = [...new Set(keys.map((k) => k.claimId))];
      const found = await challengesByClaim(ctx.db, ids, new Set(keys.map((k) => k.part)));
      const byId = new Map(ids.map((id, i) => [id, found[i]!]));
      return keys.map((k) => byId.get(k.claimId)!);
    },
    { cacheKeyFn: (k) => `${k.part}:${k.claimId}` },
  );
}

const NO_CHALLENGES: Challenges = { supportedFrom: null, challengedFrom: null, rebuttals: [] };

/** Columns read beside a claim's row for the parts of its challenges a client selected, kept in challengesOf. */
export function challengeExtras(parts: readonly ChallengePart[]): RowExtra[] {
  return parts.map((part) =>
    part === 'standing'
      ? {
          name: 'standingDays',
          column: (claimId: SQL) => {
            const days = challengeDayColumns(claimId);
            return sql`json_build_array(${days.supportedFrom}, ${days.challengedFrom})`;
          },
          keep: (ctx: object, claimId: number, value: unknown) => {
            const [supportedFrom, challengedFrom] = jsonValue<[number | null, number | null]>(value);
            challengesOf(ctx as { db: Database }).prime({ claimId, part }, { ...NO_CHALLENGES, supportedFrom, challengedFrom });
          },
        }
      : {
          name: 'rebuttals',
          column: (claimId: SQL) => rebuttalsJson(claimId),
          keep: (ctx: object, claimId: number, value: unknown) => {
            challengesOf(ctx as { db: Database }).prime({ claimId, part }, { ...NO_CHALLENGES, rebuttals: rebuttalsFromJson(value) });
          },
        },
  );
}
