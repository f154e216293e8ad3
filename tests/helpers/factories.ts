// Generated rows for tests that need more data than the curated seeds hold.
// Slugs carry a prefix so several batches can live in one database.
import type { Database } from '../../src/db/client.js';
import { parseFuzzyDate, fuzzyDateToColumns } from '../../src/dates/fuzzy-date.js';
import {
  actors,
  claimAppearances,
  claimRelations,
  claims,
  statementParticipants,
  statements,
} from '../../src/db/schema.js';

function day(offset: number): string {
  return new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

/**
 * `count` statements, each signed by two actors and carrying two claims; every
 * claim is rebutted by a claim in a reply statement. Returns the slugs made.
 */
export async function insertDebate(db: Database, prefix: string, count: number) {
  const signers = await db
    .insert(actors)
    .values(Array.from({ length: count * 2 }, (_, i) => ({ slug: `${prefix}-actor-${i}`, name: `${prefix} Actor ${i}`, kind: 'ORGANIZATION' as const })))
    .returning({ id: actors.id });
  const made = await db
    .insert(statements)
    .values(
      Array.from({ length: count * 2 }, (_, i) => ({
        slug: `${prefix}-statement-${i}`,
        title: `${prefix} statement ${i}`,
        kind: (i < count ? 'JOINT_STATEMENT' : 'REMARKS') as 'JOINT_STATEMENT' | 'REMARKS',
        ...fuzzyDateToColumns('date', parseFuzzyDate(day(i))),
      })),
    )
    .returning({ id: statements.id });
  const statementIds = made.map((s) => s.id);
  await db.insert(statementParticipants).values(
    statementIds.flatMap((statementId, i) => {
      const a = signers[(i % count) * 2]!.id;
      const b = signers[(i % count) * 2 + 1]!.id;
      return [
        { statementId, actorId: a, role: 'LEAD_SIGNATORY' as const, position: 0 },
        { statementId, actorId: b, role: 'SIGNATORY' as const, position: 1 },
      ];
    }),
  );
  const claimRows = await db
    .insert(claims)
    .values(Array.from({ length: count * 4 }, (_, i) => ({ slug: `${prefix}-claim-${i}`, text: `${prefix} claim ${i}`, kind: 'FACTUAL' as const })))
    .returning({ id: claims.id });
  // Claims 0..2n-1 sit in the first n statements; claims 2n..4n-1 in the replies.
  await db.insert(claimAppearances).values(
    claimRows.map((c, i) => ({ claimId: c.id, statementId: statementIds[Math.floor(i / 2)]!, position: i % 2 })),
  );
  await db.insert(claimRelations).values(
    Array.from({ length: count * 2 }, (_, i) => ({
      kind: 'REBUTS' as const,
      fromClaimId: claimRows[count * 2 + i]!.id,
      toClaimId: claimRows[i]!.id,
      statementId: statementIds[count + Math.floor(i / 2)]!,
      createdOn: day(count + Math.floor(i / 2)),
    })),
  );
  return { signerSlugs: signers.map((_, i) => `${prefix}-actor-${i}`), statementIds };
}
