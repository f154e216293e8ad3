// Applies a whole validated document set (the seed files) in one go, parents
// before children, writing only what differs from the database. Entities are
// upserted by slug and never deleted; link rows of the set's parents follow the
// set exactly. Rows are built by the same functions as the mutations use.
import { getTableName, inArray, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import * as t from '../db/schema.js';
import type { SeedAppearance, SeedExcerpt, SeedSet } from './document-set.js';
import type { Database } from '../db/client.js';
import { DocumentSetAudit, type DocumentSetAuthor } from './document-set-audit.js';
import { parentsFirst } from './document-check.js';
import { orderInStatement } from './positions.js';
import { actorRow, affiliationRow, aliasRows } from './actor.js';
import { sourceRow } from './source.js';
import { excerptRow } from './excerpts.js';
import { topicRow } from './topic.js';
import { eventParticipantRows, eventRow } from './event.js';
import { responseRows, statementParticipantRows, statementRow } from './statement.js';
import { appearanceRow, claimRow, claimTopicRows } from './claim.js';
import { relationRow } from './relation.js';
import { keyOf, syncTable, type SyncSpec, type TableCount, type Tx } from './table-sync.js';

export interface DocumentSetReport {
  /** Per table (SQL name), in write order. */
  tables: Record<string, TableCount>;
  /** Whether any row was inserted, updated or deleted. */
  changed: boolean;
  /** One line for logs: "5 actors, 2 sources, ..." (tables the set fills). */
  summary: string;
}

type Row = Record<string, unknown>;

function within(column: PgColumn, ids: unknown[]): SQL | undefined {
  return ids.length ? inArray(column, ids) : undefined;
}

function excerptKey(e: SeedExcerpt): string {
  return `${e.source}|${e.start}|${e.end}`;
}

// Report order; listed up front so a table the seeds leave empty still shows.
const WRITE_ORDER = [
  t.actors, t.actorAliases, t.affiliations, t.sources, t.excerpts, t.topics, t.events, t.eventParticipants,
  t.eventExcerpts, t.statements, t.statementParticipants, t.statementExcerpts, t.statementEvents,
  t.statementResponses, t.claims, t.claimSubjects, t.claimEvents, t.claimTopics, t.claimAppearances,
  t.appearanceExcerpts, t.claimRelations,
];

class Writer {
  readonly tables: Record<string, TableCount> = Object.fromEntries(
    WRITE_ORDER.map((table) => [getTableName(table), { rows: 0, inserted: 0, updated: 0, deleted: 0 }]),
  );

  constructor(
    private readonly tx: Tx,
    private readonly audit: DocumentSetAudit,
  ) {}

  async sync(spec: SyncSpec): Promise<Map<string, Row>> {
    const { count, byKey } = await syncTable(this.tx, spec, this.audit);
    const name = getTableName(spec.table);
    const total = this.tables[name] ?? { rows: 0, inserted: 0, updated: 0, deleted: 0 };
    this.tables[name] = {
      rows: total.rows + count.rows,
      inserted: total.inserted + count.inserted,
      updated: total.updated + count.updated,
      deleted: total.deleted + count.deleted,
    };
    return byKey;
  }

  /** Upserts entities by slug; returns slug -> id. */
  async bySlug(table: PgTable & { slug: PgColumn }, rows: (Row & { slug: string })[]): Promise<Map<string, number>> {
    const byKey = await this.sync({ table, key: ['slug'], rows, scope: within(table.slug, rows.map((r) => r.slug)) });
    return new Map([...byKey.values()].map((row) => [row.slug as string, row.id as number]));
  }

  /** Replaces the links of the set's parents (`owner` ids) with `rows`. */
  async links(table: PgTable, owner: PgColumn, ownerIds: number[], key: string[], rows: Row[]): Promise<Map<string, Row>> {
    return this.sync({ table, key, rows, scope: within(owner, ownerIds), owned: () => true });
  }
}

function id(ids: Map<string, number>, slug: string): number {
  const value = ids.get(slug);
  if (value === undefined) throw new Error(`Applying a document set: no id for "${slug}".`);
  return value;
}

/** A claim's position within each statement, by the domain's one rule for source order. */
function appearancePositions<A extends SeedAppearance & { statement: string }>(appearances: A[]): Map<A, number> {
  const byStatement = new Map<string, A[]>();
  for (const a of appearances) byStatement.set(a.statement, [...(byStatement.get(a.statement) ?? []), a]);
  const positions = new Map<A, number>();
  for (const list of byStatement.values()) {
    orderInStatement(list, (a) => a.excerpts).forEach((a, position) => positions.set(a, position));
  }
  return positions;
}

/**
 * Brings the database in line with `set` as one Change by `as`; throws
 * DocumentSetConflict, writing nothing, when that would undo another author's edit.
 */
export async function applyDocumentSet(tx: Tx, as: DocumentSetAuthor, set: SeedSet): Promise<DocumentSetReport> {
  const audit = await DocumentSetAudit.open(tx as unknown as Database, as);
  const w = new Writer(tx, audit);

  const actorIds = await w.bySlug(
    t.actors,
    set.actors.map(actorRow),
  );
  const ownActors = set.actors.map((a) => id(actorIds, a.slug));
  await w.links(t.actorAliases, t.actorAliases.actorId, ownActors, ['actorId', 'alias'],
    set.actors.flatMap((a) => aliasRows(id(actorIds, a.slug), a.aliases)),
  );
  await w.links(t.affiliations, t.affiliations.memberId, ownActors, ['memberId', 'organizationId', 'role'],
    set.actors.flatMap((a) =>
      a.affiliations.map((f) => affiliationRow(id(actorIds, a.slug), { ...f, organizationId: id(actorIds, f.organization) })),
    ),
  );

  const sourceIds = await w.bySlug(
    t.sources,
    set.sources.map((s) => sourceRow({ ...s, publisherId: s.publisher ? id(actorIds, s.publisher) : null, fileName: s.file })),
  );
  const allExcerpts = [
    ...set.events.flatMap((e) => e.excerpts),
    ...set.statements.flatMap((s) => s.excerpts),
    ...set.claims.flatMap((c) => c.appearances.flatMap((a) => a.excerpts)),
  ];
  // Excerpts are shared by everything that cites them, so none is ever deleted.
  const spanOf = (e: SeedExcerpt) => ({ sourceId: id(sourceIds, e.source), start: e.start, end: e.end });
  const spanKey = ['sourceId', 'start', 'end'];
  const excerptRows = await w.sync({
    table: t.excerpts,
    key: spanKey,
    rows: allExcerpts.map((e) => excerptRow(id(sourceIds, e.source), e)),
    scope: within(t.excerpts.sourceId, [...new Set(allExcerpts.map((e) => id(sourceIds, e.source)))]),
  });
  const excerptIds = new Map(allExcerpts.map((e) => [excerptKey(e), excerptRows.get(keyOf(spanOf(e), spanKey))!.id as number]));
  const excerptId = (e: SeedExcerpt) => id(excerptIds, excerptKey(e));

  const topicIds = await w.bySlug(t.topics, set.topics.map(topicRow));

  const eventIds = new Map<string, number>();
  for (const wave of parentsFirst(set.events)) {
    const ids = await w.bySlug(
      t.events,
      wave.map((e) => eventRow({ ...e, parentId: e.parent ? id(eventIds, e.parent) : null })),
    );
    ids.forEach((value, slug) => eventIds.set(slug, value));
  }
  const ownEvents = set.events.map((e) => id(eventIds, e.slug));
  await w.links(t.eventParticipants, t.eventParticipants.eventId, ownEvents, ['eventId', 'actorId', 'role'],
    set.events.flatMap((e) => eventParticipantRows(id(eventIds, e.slug), e.participants.map((p) => ({ actorId: id(actorIds, p.actor), role: p.role })))),
  );
  await w.links(t.eventExcerpts, t.eventExcerpts.eventId, ownEvents, ['eventId', 'excerptId'],
    set.events.flatMap((e) => e.excerpts.map((x) => ({ eventId: id(eventIds, e.slug), excerptId: excerptId(x) }))),
  );

  const statementIds = await w.bySlug(
    t.statements,
    set.statements.map(statementRow),
  );
  const ownStatements = set.statements.map((s) => id(statementIds, s.slug));
  const statementLinks = (table: PgTable & { statementId: PgColumn }, key: string[], rows: Row[]) =>
    w.links(table, table.statementId, ownStatements, key, rows);
  await statementLinks(t.statementParticipants, ['statementId', 'actorId', 'role'],
    set.statements.flatMap((s) =>
      statementParticipantRows(id(statementIds, s.slug), s.participants.map((p) => ({ actorId: id(actorIds, p.actor), role: p.role }))),
    ),
  );
  await statementLinks(t.statementExcerpts, ['statementId', 'excerptId'],
    set.statements.flatMap((s) => s.excerpts.map((x) => ({ statementId: id(statementIds, s.slug), excerptId: excerptId(x) }))),
  );
  await statementLinks(t.statementEvents, ['statementId', 'eventId'],
    set.statements.flatMap((s) => s.events.map((e) => ({ statementId: id(statementIds, s.slug), eventId: id(eventIds, e) }))),
  );
  await statementLinks(t.statementResponses, ['statementId', 'respondsToId'],
    set.statements.flatMap((s) => responseRows(id(statementIds, s.slug), s.respondsTo.map((r) => id(statementIds, r)))),
  );

  const claimIds = await w.bySlug(t.claims, set.claims.map(claimRow));
  const ownClaims = set.claims.map((c) => id(claimIds, c.slug));
  const claimLinks = (table: PgTable & { claimId: PgColumn }, key: string[], rows: Row[]) =>
    w.links(table, table.claimId, ownClaims, key, rows);
  await claimLinks(t.claimSubjects, ['claimId', 'actorId'],
    set.claims.flatMap((c) => c.subjects.map((a) => ({ claimId: id(claimIds, c.slug), actorId: id(actorIds, a) }))),
  );
  await claimLinks(t.claimEvents, ['claimId', 'eventId'],
    set.claims.flatMap((c) => c.events.map((e) => ({ claimId: id(claimIds, c.slug), eventId: id(eventIds, e) }))),
  );
  await claimLinks(t.claimTopics, ['claimId', 'topicId'],
    set.claims.flatMap((c) => claimTopicRows(id(claimIds, c.slug), c.topics.map((x) => ({ topicId: id(topicIds, x.topic), stance: x.stance })))),
  );

  const appearances = set.claims.flatMap((c) => c.appearances.map((a) => ({ claim: c.slug, ...a })));
  const positions = appearancePositions(appearances);
  const appearanceRows = await claimLinks(t.claimAppearances, ['claimId', 'statementId'],
    appearances.map((a) => appearanceRow(id(claimIds, a.claim), id(statementIds, a.statement), positions.get(a)!)),
  );
  const appearanceId = (a: (typeof appearances)[number]) =>
    appearanceRows.get(keyOf({ claimId: id(claimIds, a.claim), statementId: id(statementIds, a.statement) }, ['claimId', 'statementId']))!
      .id as number;
  await w.links(t.appearanceExcerpts, t.appearanceExcerpts.appearanceId, appearances.map(appearanceId), ['appearanceId', 'excerptId'],
    appearances.flatMap((a) => a.excerpts.map((x) => ({ appearanceId: appearanceId(a), excerptId: excerptId(x) }))),
  );

  // A relation asserted in a statement of the set belongs to the set; editorial ones
  // may also be added by hand, so those are only ever upserted.
  const stated = new Set(ownStatements);
  await w.sync({
    table: t.claimRelations,
    key: ['fromClaimId', 'toClaimId', 'kind'],
    rows: set.relations.map((r) =>
      relationRow({
        kind: r.kind,
        fromClaimId: id(claimIds, r.from),
        toClaimId: id(claimIds, r.to),
        statementId: r.statement ? id(statementIds, r.statement) : null,
        note: r.note,
        createdOn: r.createdOn,
      }),
    ),
    scope: or(within(t.claimRelations.fromClaimId, ownClaims), within(t.claimRelations.statementId, ownStatements)),
    owned: (row) => stated.has(row.statementId as number),
  });

  await audit.finish();
  const changed = Object.values(w.tables).some((c) => c.inserted + c.updated + c.deleted > 0);
  const filled = Object.entries(w.tables).filter(([, c]) => c.rows > 0);
  const summary = filled.length ? filled.map(([name, c]) => `${c.rows} ${name}`).join(', ') : 'no rows';
  return { tables: w.tables, changed, summary };
}
