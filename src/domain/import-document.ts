// importDocument: a whole document in the seeds/ document format (its source
// with the full text, its statements, claims and relations), applied through
// the same domain functions as the single mutations, in one transaction, as one
// Change. Slugs name what the document defines or what the database holds.
import { and, eq, inArray } from 'drizzle-orm';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import {
  actors,
  CLAIM_KINDS,
  CLAIM_RELATION_KINDS,
  claimRelations,
  claims,
  events,
  PARTICIPANT_ROLES,
  SOURCE_KINDS,
  sources,
  STANCES,
  STATEMENT_KINDS,
  statementResponses,
  statements,
  topics,
} from '../db/schema.js';
import type { ChangeLog } from './change-log.js';
import { createClaim } from './claim.js';
import { dateColumns, fuzzyDateInput } from './dates.js';
import { refuse, WriteRefused } from './errors.js';
import { parseInput, TEXT_LIMITS } from './input.js';
import { createSource } from './source.js';
import { refuseRepeats } from './links.js';
import { createStatement } from './statement.js';

/** Largest document content accepted (the source text plus its records). */
export const MAX_DOCUMENT_CHARS = 6 * 1024 * 1024;
/** Statements, claims or relations in one document. */
export const MAX_DOCUMENT_RECORDS = 2_000;

const slug = z.string().min(1);
const excerpt = z.object({ source: slug.nullish(), start: z.number().int().nonnegative(), end: z.number().int().positive(), quote: z.string().min(1) });
const records = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_DOCUMENT_RECORDS).default([]);

const DocumentShape = z.object({
  source: z.object({
    slug: slug.nullish(),
    file: z.string().nullish(),
    title: z.string(),
    kind: z.enum(SOURCE_KINDS),
    publisher: slug.nullish(),
    url: z.string().nullish(),
    published: z.string().nullish(),
    dateNote: z.string().nullish(),
    text: z.string().min(1).max(TEXT_LIMITS.sourceText),
  }),
  statements: records(
    z.object({
      slug: slug,
      title: z.string(),
      kind: z.enum(STATEMENT_KINDS),
      date: z.string(),
      dateNote: z.string().nullish(),
      summary: z.string().nullish(),
      participants: records(z.object({ actor: slug, role: z.enum(PARTICIPANT_ROLES) })),
      events: records(slug),
      respondsTo: records(slug),
      excerpts: records(excerpt),
    }),
  ),
  claims: records(
    z.object({
      slug: slug,
      text: z.string(),
      kind: z.enum(CLAIM_KINDS),
      subjects: records(slug),
      events: records(slug),
      topics: records(z.object({ topic: slug, stance: z.enum(STANCES).nullish() })),
      appearances: records(z.object({ statement: slug, excerpts: records(excerpt) })),
    }),
  ),
  relations: records(
    z.object({
      kind: z.enum(CLAIM_RELATION_KINDS),
      from: slug,
      to: slug,
      statement: slug.nullish(),
      note: z.string().nullish(),
      created: z.string().nullish(),
    }),
  ),
});

export type DocumentFormat = 'YAML' | 'JSON';

export interface ImportedDocument {
  sourceId: number;
  statementIds: number[];
  claimIds: number[];
}

function parseContent(format: DocumentFormat, content: string): unknown {
  if (content.length > MAX_DOCUMENT_CHARS) refuse('TOO_LONG', `A document is at most ${MAX_DOCUMENT_CHARS} characters.`, ['content']);
  try {
    // Few aliases: a YAML alias bomb must not expand into gigabytes.
    return format === 'JSON' ? JSON.parse(content) : parseYaml(content, { maxAliasCount: 100 });
  } catch (error) {
    refuse('INVALID_DOCUMENT', `The content is not valid ${format}: ${(error as Error).message.split('\n')[0]}`, ['content']);
  }
}

/** Prefixes the field paths of refusals from a nested write with where it sits in the document. */
async function at<T>(path: string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WriteRefused) {
      // Refusals that name their place in the content already keep it.
      throw new WriteRefused(error.userErrors.map((e) => (e.field?.[0] === 'content' ? e : { ...e, field: ['content', ...path, ...(e.field ?? [])] })));
    }
    throw error;
  }
}

/** slug -> id for the slugs the document names, from what it defines and what the database holds. */
class Slugs {
  constructor(
    private readonly tx: Database,
    private readonly table: typeof actors | typeof events | typeof topics | typeof statements | typeof claims | typeof sources,
    private readonly what: string,
    private readonly known = new Map<string, number>(),
  ) {}

  define(slug: string, id: number): void {
    this.known.set(slug, id);
  }

  async load(slugs: string[]): Promise<void> {
    const missing = [...new Set(slugs)].filter((s) => !this.known.has(s));
    if (!missing.length) return;
    const rows = await this.tx.select({ id: this.table.id, slug: this.table.slug }).from(this.table).where(inArray(this.table.slug, missing));
    for (const row of rows) this.known.set(row.slug, row.id);
  }

  id(slug: string, path: string[]): number {
    const id = this.known.get(slug);
    if (id === undefined) refuse('NOT_FOUND', `No ${this.what} has the slug "${slug}" (in the document or the database).`, ['content', ...path]);
    return id;
  }
}

export async function importDocument(log: ChangeLog, format: DocumentFormat, content: string): Promise<ImportedDocument> {
  const raw = parseContent(format, content);
  const doc = await at([], async () => parseInput(DocumentShape, raw));
  const tx = log.tx;
  const actorSlugs = new Slugs(tx, actors, 'actor');
  const eventSlugs = new Slugs(tx, events, 'event');
  const topicSlugs = new Slugs(tx, topics, 'topic');
  const statementSlugs = new Slugs(tx, statements, 'statement');
  const claimSlugs = new Slugs(tx, claims, 'claim');
  const sourceSlugs = new Slugs(tx, sources, 'source');
  await actorSlugs.load([
    ...(doc.source.publisher ? [doc.source.publisher] : []),
    ...doc.statements.flatMap((s) => s.participants.map((p) => p.actor)),
    ...doc.claims.flatMap((c) => c.subjects),
  ]);
  await eventSlugs.load([...doc.statements.flatMap((s) => s.events), ...doc.claims.flatMap((c) => c.events)]);
  await topicSlugs.load(doc.claims.flatMap((c) => c.topics.map((t) => t.topic)));
  const excerptSources = [...doc.statements.flatMap((s) => s.excerpts), ...doc.claims.flatMap((c) => c.appearances.flatMap((a) => a.excerpts))];
  await sourceSlugs.load(excerptSources.flatMap((e) => (e.source ? [e.source] : [])));

  const source = await at(['source'], () =>
    createSource(log, {
      slug: doc.source.slug,
      title: doc.source.title,
      kind: doc.source.kind,
      publisherId: doc.source.publisher ? actorSlugs.id(doc.source.publisher, ['source', 'publisher']) : null,
      url: doc.source.url,
      published: doc.source.published,
      text: doc.source.text,
    }),
  );
  if (doc.source.dateNote) {
    await log.update(sources, eq(sources.id, source.id), dateColumns('published', doc.source.published ?? null, doc.source.dateNote, ['content', 'source', 'dateNote']));
  }
  sourceSlugs.define(source.slug, source.id);
  const excerptsOf = (list: z.infer<typeof excerpt>[], path: string[]) =>
    list.map((e, i) => {
      const sourceId = e.source ? sourceSlugs.id(e.source, [...path, String(i), 'source']) : source.id;
      if (e.end - e.start !== e.quote.length) refuse('SPAN_MISMATCH', 'end - start must equal the length of the quote.', ['content', ...path, String(i), 'end']);
      return { sourceId, quote: e.quote, start: e.start };
    });

  // Statements may answer one another: all are made first, their responses after.
  await statementSlugs.load(doc.statements.flatMap((s) => s.respondsTo));
  const statementIds: number[] = [];
  for (const [i, s] of doc.statements.entries()) {
    const path = ['statements', String(i)];
    const made = await at(path, () =>
      createStatement(log, {
        slug: s.slug,
        title: s.title,
        kind: s.kind,
        date: s.date,
        dateNote: s.dateNote,
        summary: s.summary,
        participants: s.participants.map((p, j) => ({ actorId: actorSlugs.id(p.actor, [...path, 'participants', String(j), 'actor']), role: p.role })),
        excerpts: excerptsOf(s.excerpts, [...path, 'excerpts']),
        eventIds: s.events.map((e, j) => eventSlugs.id(e, [...path, 'events', String(j)])),
      }),
    );
    statementSlugs.define(s.slug, made.id);
    statementIds.push(made.id);
  }
  for (const [i, s] of doc.statements.entries()) {
    if (!s.respondsTo.length) continue;
    const at = (j: number) => ['content', 'statements', String(i), 'respondsTo', String(j)];
    refuseRepeats(s.respondsTo, String, at, (slug) => `The statement ${slug}`);
    const ids = s.respondsTo.map((r, j) => statementSlugs.id(r, ['statements', String(i), 'respondsTo', String(j)]));
    ids.forEach((id, j) => {
      if (id === statementIds[i]) refuse('INVALID_INPUT', 'A statement cannot respond to itself.', at(j));
    });
    await log.insert(statementResponses, ids.map((respondsToId) => ({ statementId: statementIds[i]!, respondsToId })));
  }

  await statementSlugs.load(doc.claims.flatMap((c) => c.appearances.map((a) => a.statement)));
  const claimIds: number[] = [];
  for (const [i, c] of doc.claims.entries()) {
    const path = ['claims', String(i)];
    const made = await at(path, () =>
      createClaim(log, {
        slug: c.slug,
        text: c.text,
        kind: c.kind,
        subjectIds: c.subjects.map((a, j) => actorSlugs.id(a, [...path, 'subjects', String(j)])),
        eventIds: c.events.map((e, j) => eventSlugs.id(e, [...path, 'events', String(j)])),
        topics: c.topics.map((t, j) => ({ topicId: topicSlugs.id(t.topic, [...path, 'topics', String(j), 'topic']), stance: t.stance ?? null })),
        appearances: c.appearances.map((a, j) => ({
          statementId: statementSlugs.id(a.statement, [...path, 'appearances', String(j), 'statement']),
          excerpts: excerptsOf(a.excerpts, [...path, 'appearances', String(j), 'excerpts']),
        })),
      }),
    );
    claimSlugs.define(c.slug, made.id);
    claimIds.push(made.id);
  }

  await claimSlugs.load(doc.relations.flatMap((r) => [r.from, r.to]));
  await statementSlugs.load(doc.relations.flatMap((r) => (r.statement ? [r.statement] : [])));
  const relations = doc.relations.map((r, i) => {
    const path = ['relations', String(i)];
    const from = claimSlugs.id(r.from, [...path, 'from']);
    const to = claimSlugs.id(r.to, [...path, 'to']);
    if (from === to) refuse('INVALID_INPUT', 'A claim cannot be related to itself.', ['content', ...path, 'to']);
    if (!r.statement && !r.note) refuse('NOTE_REQUIRED', 'An editorial relation (without statement) needs a note.', ['content', ...path, 'note']);
    return { kind: r.kind, fromClaimId: from, toClaimId: to, statementId: r.statement ? statementSlugs.id(r.statement, [...path, 'statement']) : null, note: r.note ?? null, created: r.created, path };
  });
  const seen = new Set<string>();
  for (const r of relations) {
    const pair = `${r.fromClaimId}|${r.toClaimId}|${r.kind}`;
    const [existing] = await log.tx
      .select({ id: claimRelations.id })
      .from(claimRelations)
      .where(and(eq(claimRelations.fromClaimId, r.fromClaimId), eq(claimRelations.toClaimId, r.toClaimId), eq(claimRelations.kind, r.kind)));
    if (existing || seen.has(pair)) refuse('DUPLICATE_RELATION', `The relation ${r.kind} between these claims exists already.`, ['content', ...r.path]);
    seen.add(pair);
    const createdOn =
      r.statementId != null ? await statementStart(log, r.statementId) : r.created ? fuzzyDateInput(r.created, null, ['content', ...r.path, 'created']).earliest : undefined;
    await log.insert(claimRelations, { kind: r.kind, fromClaimId: r.fromClaimId, toClaimId: r.toClaimId, statementId: r.statementId, note: r.note, ...(createdOn && { createdOn }) });
  }
  return { sourceId: source.id, statementIds, claimIds };
}

/** An asserted relation counts from its statement's first possible day, as in the seed loader. */
async function statementStart(log: ChangeLog, statementId: number): Promise<string> {
  const [row] = await log.tx.select({ earliest: statements.dateEarliest }).from(statements).where(eq(statements.id, statementId));
  return row!.earliest!;
}

