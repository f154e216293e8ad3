// Sources: the documents quotes are taken from, full text kept. A text cannot
// change while excerpts point into it, since every excerpt is a span of it.
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { actors, appearanceExcerpts, claimAppearances, claims, eventExcerpts, events, excerpts, sources, statementExcerpts, statements, type SourceKind } from '../db/schema.js';
import type { ChangeLog } from './change-log.js';
import { fuzzyDateToColumns, type FuzzyDate } from '../dates/fuzzy-date.js';
import { dateColumns, fuzzyDateInput } from './dates.js';
import { refuse } from './errors.js';
import { optionalText, parseInput, requiredText, SLUG, TEXT_LIMITS } from './input.js';
import { freeSlug, NAMED_REFERRERS, refuseIfReferenced, rowForWrite } from './records.js';

export type SourceRecord = typeof sources.$inferSelect;

/** Shared with the document format. */
export const URL_SHAPE = z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }).max(TEXT_LIMITS.url).nullish();
export const SOURCE_TEXT = z.string().min(1, 'must not be empty').max(TEXT_LIMITS.sourceText, `at most ${TEXT_LIMITS.sourceText} characters`);

const CreateSource = z.object({
  slug: SLUG.nullish(),
  title: requiredText(TEXT_LIMITS.name),
  dateNote: optionalText(TEXT_LIMITS.note),
  fileName: optionalText(TEXT_LIMITS.name),
  url: URL_SHAPE,
  published: z.string().max(100).nullish(),
  text: SOURCE_TEXT,
});
const UpdateSource = z.object({
  title: requiredText(TEXT_LIMITS.name).nullish(),
  url: URL_SHAPE,
  published: z.string().max(100).nullish(),
  text: SOURCE_TEXT.nullish(),
});

export interface SourceInput {
  slug?: string | null;
  title?: string | null;
  kind?: SourceKind | null;
  publisherId?: number | null;
  url?: string | null;
  published?: string | null;
  /** What the published date rests on (set by importDocument; the mutations keep none). */
  dateNote?: string | null;
  /** The original file the text was cleaned from (set by importDocument). */
  fileName?: string | null;
  text?: string | null;
}

/** The sources row of a validated source (its date already parsed), shared with the seed loader. */
export function sourceRow(s: { slug: string; title: string; kind: SourceKind; publisherId: number | null; url: string | null; published: FuzzyDate | null; fileName: string | null; text: string }) {
  return {
    slug: s.slug,
    title: s.title,
    kind: s.kind,
    publisherId: s.publisherId,
    url: s.url,
    ...fuzzyDateToColumns('published', s.published),
    fileName: s.fileName,
    text: s.text,
  };
}

async function checkPublisher(log: ChangeLog, publisherId: number | null | undefined): Promise<void> {
  if (publisherId == null) return;
  const [actor] = await log.tx.select({ id: actors.id }).from(actors).where(eq(actors.id, publisherId));
  if (!actor) refuse('NOT_FOUND', 'No actor has the ID given as publisher.', ['publisher']);
}

export async function createSource(log: ChangeLog, input: SourceInput & { title: string; kind: SourceKind; text: string }): Promise<SourceRecord> {
  const data = parseInput(CreateSource, input);
  await checkPublisher(log, input.publisherId);
  const slug = await freeSlug(log.tx, sources, data.slug, data.title, 'title');
  const published = data.published == null ? null : fuzzyDateInput(data.published, data.dateNote, ['published']);
  const [row] = await log.insert(
    sources,
    sourceRow({ slug, title: data.title, kind: input.kind, publisherId: input.publisherId ?? null, url: data.url ?? null, published, fileName: data.fileName ?? null, text: data.text }),
  );
  return row as SourceRecord;
}

export async function updateSource(log: ChangeLog, id: number, version: number | null | undefined, input: SourceInput): Promise<SourceRecord> {
  const current = await rowForWrite<SourceRecord>(log.tx, sources, id, version, 'source');
  const data = parseInput(UpdateSource, input);
  await checkPublisher(log, input.publisherId);
  if (data.text != null && data.text !== current.text) {
    const [cited] = await log.tx.select({ id: excerpts.id }).from(excerpts).where(eq(excerpts.sourceId, id)).limit(1);
    if (cited) refuse('IN_USE', "The source's text cannot change while excerpts point into it; remove them first.", ['text']);
  }
  const set = {
    ...(data.title != null && { title: data.title }),
    ...(input.kind != null && { kind: input.kind }),
    ...(input.publisherId !== undefined && { publisherId: input.publisherId }),
    ...(data.url !== undefined && { url: data.url }),
    ...(data.published !== undefined && dateColumns('published', data.published, null, ['published'])),
    ...(data.text != null && { text: data.text }),
    version: current.version + 1,
  };
  const [row] = await log.update(sources, eq(sources.id, id), set);
  return row as SourceRecord;
}

/** Deletes a source nothing quotes; excerpts no record cites go with it. */
export async function deleteSource(log: ChangeLog, id: number, version: number | null | undefined): Promise<void> {
  await rowForWrite<SourceRecord>(log.tx, sources, id, version, 'source');
  const own = log.tx.select({ id: excerpts.id }).from(excerpts).where(eq(excerpts.sourceId, id));
  const limit = NAMED_REFERRERS + 1;
  await refuseIfReferenced('source', [
    { label: 'statement', names: () => log.tx.selectDistinct({ name: statements.slug }).from(statementExcerpts).innerJoin(statements, eq(statements.id, statementExcerpts.statementId)).where(inArray(statementExcerpts.excerptId, own)).limit(limit) },
    { label: 'event', names: () => log.tx.selectDistinct({ name: events.slug }).from(eventExcerpts).innerJoin(events, eq(events.id, eventExcerpts.eventId)).where(inArray(eventExcerpts.excerptId, own)).limit(limit) },
    {
      label: 'claim',
      names: () =>
        log.tx
          .selectDistinct({ name: claims.slug })
          .from(appearanceExcerpts)
          .innerJoin(claimAppearances, eq(claimAppearances.id, appearanceExcerpts.appearanceId))
          .innerJoin(claims, eq(claims.id, claimAppearances.claimId))
          .where(inArray(appearanceExcerpts.excerptId, own))
          .limit(limit),
    },
  ]);
  await log.delete(excerpts, eq(excerpts.sourceId, id));
  await log.delete(sources, eq(sources.id, id));
}
