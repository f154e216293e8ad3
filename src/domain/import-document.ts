// importDocument: content in the seeds/ document format, applied in one
// transaction as one Change. The content is either one document (its source
// with the full text inline, its statements, claims and relations) or a
// bundle { actors, topics, events, documents: [...] } for records that depend
// on one another (a claim appearing in another document's statement, events
// quoting several sources). It is read and checked by the same shapes and
// checks as the seed loader (document-format.ts, document-check.ts), then
// written through the same domain functions as the single mutations. Slugs
// name what the content defines or what the database holds.
import { eq, inArray } from 'drizzle-orm';
import { parse as parseYaml } from 'yaml';
import type { Database } from '../db/client.js';
import { actors, claims, events, sources, statementResponses, statements, topics } from '../db/schema.js';
import { createActor, writeAffiliations } from './actor.js';
import type { ChangeLog } from './change-log.js';
import { createClaim } from './claim.js';
import { bundleExcerpts, bundleReferences, checkBundle, documentExcerpts, parentsFirst, parseBundle, type BundleIssue, type Kind, type Path } from './document-check.js';
import type { ExcerptEntry } from './document-format.js';
import { refuse, WriteRefused } from './errors.js';
import { createEvent } from './event.js';
import { insertRelation, relationDay } from './relation.js';
import { createSource } from './source.js';
import { createStatement, responseRows } from './statement.js';
import { createTopic } from './topic.js';

export { MAX_DOCUMENT_RECORDS } from './document-format.js';

/** Largest document content accepted (the source texts plus their records). */
export const MAX_DOCUMENT_CHARS = 6 * 1024 * 1024;

export type DocumentFormat = 'YAML' | 'JSON';

export interface ImportedDocument {
  /** The first document's source. */
  sourceId: number;
  sourceIds: number[];
  statementIds: number[];
  claimIds: number[];
}

const TABLES = { actor: actors, topic: topics, event: events, source: sources, statement: statements, claim: claims } as const;

function parseContent(format: DocumentFormat, content: string): unknown {
  if (content.length > MAX_DOCUMENT_CHARS) refuse('TOO_LONG', `A document is at most ${MAX_DOCUMENT_CHARS} characters.`, ['content']);
  try {
    // Few aliases: a YAML alias bomb must not expand into gigabytes.
    return format === 'JSON' ? JSON.parse(content) : parseYaml(content, { maxAliasCount: 100 });
  } catch (error) {
    refuse('INVALID_DOCUMENT', `The content is not valid ${format}: ${(error as Error).message.split('\n')[0]}`, ['content']);
  }
}

function isBundle(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'documents' in raw;
}

/** slug -> id, per kind: what the content defines (as it is written) and what the database holds. */
class Slugs {
  private readonly ids = new Map<Kind, Map<string, number>>();

  set(kind: Kind, slug: string, id: number): void {
    const map = this.ids.get(kind) ?? new Map<string, number>();
    map.set(slug, id);
    this.ids.set(kind, map);
  }

  has(kind: Kind, slug: string): boolean {
    return this.ids.get(kind)?.has(slug) ?? false;
  }

  /** Checked before any write: every slug resolves. */
  id(kind: Kind, slug: string): number {
    const id = this.ids.get(kind)?.get(slug);
    if (id === undefined) throw new Error(`importDocument: no id for ${kind} "${slug}".`);
    return id;
  }

  /** Loads the ids of slugs the content names but does not define. */
  async load(tx: Database, wanted: { kind: Kind; slug: string }[]): Promise<void> {
    for (const kind of Object.keys(TABLES) as Kind[]) {
      const slugs = [...new Set(wanted.filter((w) => w.kind === kind).map((w) => w.slug))];
      if (!slugs.length) continue;
      const table = TABLES[kind];
      const rows = await tx.select({ id: table.id, slug: table.slug }).from(table).where(inArray(table.slug, slugs));
      for (const row of rows) this.set(kind, row.slug, row.id);
    }
  }
}

export async function importDocument(log: ChangeLog, format: DocumentFormat, content: string): Promise<ImportedDocument> {
  const raw = parseContent(format, content);
  const bundled = isBundle(raw);
  // One document is read as a bundle of one; its refusals keep the document's own paths.
  const field = (path: Path) => ['content', ...(bundled ? path : path.slice(2)).map(String)];
  const refuseAll = (issues: BundleIssue[]): never => {
    throw new WriteRefused(
      issues.map((issue) => ({
        field: field(issue.path),
        code: issue.code,
        message: issue.related ? `${issue.message} (already defined at ${field(issue.related).slice(1).join('.')})` : issue.message,
      })),
    );
  };

  const { bundle, issues } = parseBundle(bundled ? raw : { documents: [raw] }, { inlineText: true });

  // What the content refers to but does not define must be in the database.
  const slugs = new Slugs();
  await slugs.load(log.tx, bundleReferences(bundle));
  const texts = new Map<string, string>();
  for (const doc of bundle.documents) {
    const source = doc.source?.entry;
    if (source?.slug && 'text' in source) texts.set(source.slug, source.text);
  }
  const stored = [...new Set(bundleExcerpts(bundle).flatMap((e) => (e.source && !texts.has(e.source) ? [e.source] : [])))];
  if (stored.length) {
    for (const row of await log.tx.select({ slug: sources.slug, text: sources.text }).from(sources).where(inArray(sources.slug, stored))) texts.set(row.slug, row.text);
  }
  // Every problem at once, those of the shapes and those of references and quotes.
  const checked = checkBundle(bundle, { known: (kind, slug) => slugs.has(kind, slug), text: (slug) => texts.get(slug) });
  if (issues.length || checked.issues.length) refuseAll([...issues, ...checked.issues]);

  // Refusals from the writes (a slug the database holds already) name their place in the content.
  const at = async <T>(path: Path, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof WriteRefused) throw new WriteRefused(error.userErrors.map((e) => ({ ...e, field: [...field(path), ...(e.field ?? [])] })));
      throw error;
    }
  };

  for (const { entry: a, path } of bundle.actors) {
    const made = await at(path, () => createActor(log, { slug: a.slug, name: a.name, kind: a.kind, aliases: a.aliases, description: a.description }));
    slugs.set('actor', a.slug, made.id);
  }
  for (const { entry: a, path } of bundle.actors) {
    if (!a.affiliations.length) continue;
    const list = a.affiliations.map((f) => ({ organizationId: slugs.id('actor', f.organization), role: f.role, since: f.since, until: f.until }));
    await at(path, () => writeAffiliations(log, slugs.id('actor', a.slug), list));
  }
  for (const { entry: t, path } of bundle.topics) {
    slugs.set('topic', t.slug, (await at(path, () => createTopic(log, t))).id);
  }

  const sourceIds: number[] = [];
  const sourceOf = new Map<ExcerptEntry, number>();
  for (const doc of bundle.documents) {
    const { entry: s, path } = doc.source!;
    const made = await at(path, () =>
      createSource(log, {
        slug: s.slug,
        title: s.title,
        kind: s.kind,
        publisherId: s.publisher ? slugs.id('actor', s.publisher) : null,
        url: s.url,
        published: s.published?.edtf ?? null,
        dateNote: s.dateNote,
        fileName: s.file,
        text: 'text' in s ? s.text : '',
      }),
    );
    slugs.set('source', made.slug, made.id);
    sourceIds.push(made.id);
    for (const e of documentExcerpts(doc)) if (!e.entry.source) sourceOf.set(e.entry, made.id);
  }
  const excerpts = (list: ExcerptEntry[]) =>
    list.map((e) => ({ sourceId: e.source ? slugs.id('source', e.source) : sourceOf.get(e)!, quote: e.quote, start: e.start }));

  const located = new Map(bundle.events.map((e) => [e.entry, e.path]));
  for (const wave of parentsFirst(bundle.events.map((e) => e.entry))) {
    for (const e of wave) {
      const made = await at(located.get(e)!, () =>
        createEvent(log, {
          slug: e.slug,
          title: e.title,
          kind: e.kind,
          description: e.description,
          start: e.start.edtf,
          end: e.end?.edtf ?? null,
          dateNote: e.dateNote,
          place: e.place,
          parentId: e.parent ? slugs.id('event', e.parent) : null,
          participants: e.participants.map((p) => ({ actorId: slugs.id('actor', p.actor), role: p.role })),
          excerpts: excerpts(e.excerpts),
        }),
      );
      slugs.set('event', e.slug, made.id);
    }
  }

  // Statements may answer one another: all are made first, their responses after.
  const statementIds: number[] = [];
  const statementStart = new Map<string, string>();
  const statementEntries = bundle.documents.flatMap((doc) => doc.statements);
  for (const { entry: s, path } of statementEntries) {
    const made = await at(path, () =>
      createStatement(log, {
        slug: s.slug,
        title: s.title,
        kind: s.kind,
        date: s.date.edtf,
        dateNote: s.dateNote,
        summary: s.summary,
        participants: s.participants.map((p) => ({ actorId: slugs.id('actor', p.actor), role: p.role })),
        excerpts: excerpts(s.excerpts),
        eventIds: s.events.map((e) => slugs.id('event', e)),
      }),
    );
    slugs.set('statement', s.slug, made.id);
    statementIds.push(made.id);
    statementStart.set(s.slug, made.dateEarliest!);
  }
  for (const { entry: s } of statementEntries) {
    if (!s.respondsTo.length) continue;
    const statementId = slugs.id('statement', s.slug);
    await log.insert(statementResponses, responseRows(statementId, s.respondsTo.map((r) => slugs.id('statement', r))));
  }

  const claimIds: number[] = [];
  for (const { entry: c, path } of bundle.documents.flatMap((doc) => doc.claims)) {
    const made = await at(path, () =>
      createClaim(log, {
        slug: c.slug,
        text: c.text,
        kind: c.kind,
        subjectIds: c.subjects.map((a) => slugs.id('actor', a)),
        eventIds: c.events.map((e) => slugs.id('event', e)),
        topics: c.topics.map((t) => ({ topicId: slugs.id('topic', t.topic), stance: t.stance ?? null })),
        appearances: c.appearances.map((a) => ({ statementId: slugs.id('statement', a.statement), excerpts: excerpts(a.excerpts) })),
      }),
    );
    slugs.set('claim', c.slug, made.id);
    claimIds.push(made.id);
  }

  for (const { entry: r, path } of bundle.documents.flatMap((doc) => doc.relations)) {
    const statementId = r.statement ? slugs.id('statement', r.statement) : null;
    const stated = r.statement ? (statementStart.get(r.statement) ?? (await storedStart(log, statementId!))) : null;
    await insertRelation(
      log,
      {
        kind: r.kind,
        fromClaimId: slugs.id('claim', r.from),
        toClaimId: slugs.id('claim', r.to),
        statementId,
        note: r.note ?? null,
        createdOn: relationDay(stated, r.created),
      },
      field(path),
    );
  }
  return { sourceId: sourceIds[0]!, sourceIds, statementIds, claimIds };
}

/** The first possible day of a statement the database holds. */
async function storedStart(log: ChangeLog, statementId: number): Promise<string> {
  const [row] = await log.tx.select({ earliest: statements.dateEarliest }).from(statements).where(eq(statements.id, statementId));
  return row!.earliest!;
}
