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
import { idArrayPlaceholder, preparedOnce } from '../loaders/prepared-statements.js';
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

/** The relations to `claimId` in effect on `asOf` whose kind satisfies `kindCondition` (on alias r). */
function relationInEffect(claimId: SQL, asOf: string | SQL, kindCondition: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM claim_relations r LEFT JOIN statements rs ON rs.id = r.statement_id
    WHERE r.to_claim_id = ${claimId} AND ${kindCondition}
      AND coalesce(rs.date_latest, r.created_on) <= CAST(${asOf} AS date))`;
}

/** Boolean SQL expressions: is the claim supported, is it challenged, on asOf (a day, or a placeholder for one). */
export function standingFlags(claimId: SQL, asOf: string | SQL): { supported: SQL; challenged: SQL } {
  return {
    supported: relationInEffect(claimId, asOf, sql`r.kind = 'SUPPORTS'`),
    challenged: relationInEffect(claimId, asOf, sql`r.kind IN (${CHALLENGING})`),
  };
}

function standingOf(supported: boolean, challenged: boolean): ClaimStanding {
  if (supported) return challenged ? 'CONTESTED' : 'SUPPORTED';
  return challenged ? 'DISPUTED' : 'UNCHALLENGED';
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

/** Standing of many claims on one day, in one query (built once; the ids and the day are placeholders). */
export async function standingByClaim(db: Database, claimIds: readonly number[], asOf: string): Promise<ClaimStanding[]> {
  const statement = preparedOnce(db, 'standing-by-claim', () => {
    const { supported, challenged } = standingFlags(sql`${claims.id}`, sql`${sql.placeholder('asOf')}`);
    return db
      .select({ id: claims.id, supported: sql<boolean>`${supported}`, challenged: sql<boolean>`${challenged}` })
      .from(claims)
      .where(sql`${claims.id} = ANY(${idArrayPlaceholder('ids')})`)
      .prepare('standing-by-claim');
  });
  const rows = await statement.execute({ ids: [...claimIds], asOf });
  const byId = new Map(rows.map((r) => [r.id, standingOf(r.supported, r.challenged)]));
  return claimIds.map((id) => byId.get(id) ?? 'UNCHALLENGED');
}
