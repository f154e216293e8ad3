// The document format of seeds/ (actors.yaml, topics.yaml, events.yaml and
// documents/<source>.yaml) as zod shapes: the seed loader reads its files with
// them and importDocument its content, so both accept and refuse the same
// things with the same messages. Records refer to one another by slug; those
// references and the quotes are checked in document-check.ts.
import { z } from 'zod';
import {
  ACTOR_KINDS,
  CLAIM_KINDS,
  CLAIM_RELATION_KINDS,
  EVENT_KINDS,
  EVENT_ROLES,
  PARTICIPANT_ROLES,
  SOURCE_KINDS,
  STANCES,
  STATEMENT_KINDS,
} from '../db/schema.js';
import { ALIASES } from './actor.js';
import { EDTF_DATE, isExactDay } from './dates.js';
import { optionalText, requiredText, SLUG, TEXT_LIMITS } from './input.js';
import { SOURCE_TEXT, URL_SHAPE } from './source.js';

/** Statements, claims, relations (or actors, topics, events) in one list of a document. */
export const MAX_DOCUMENT_RECORDS = 2_000;

const records = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_DOCUMENT_RECORDS, `at most ${MAX_DOCUMENT_RECORDS} items`);
const list = <T extends z.ZodType>(item: T) => records(item).nullish().transform((items) => items ?? []);

/** Issues at the later item of a list that repeats a key. */
function noRepeats<T>(keyOf: (item: T) => string, what: (item: T) => string, field?: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const key = keyOf(item);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `${what(item)} is listed twice`, path: field ? [i, field] : [i] });
      seen.add(key);
    });
  };
}

const slugs = list(SLUG).superRefine(noRepeats<string>(String, (s) => `"${s}"`));

export const EXCERPT_ENTRY = z
  .strictObject({
    source: SLUG.nullish(),
    start: z.int().nonnegative(),
    end: z.int().nonnegative(),
    quote: z.string().min(1, 'must not be empty').max(TEXT_LIMITS.quote, `at most ${TEXT_LIMITS.quote} characters`),
  })
  .superRefine((e, ctx) => {
    if (e.end <= e.start) ctx.addIssue({ code: 'custom', message: `must be greater than start (${e.start}), got ${e.end}`, path: ['end'] });
  });
export type ExcerptEntry = z.infer<typeof EXCERPT_ENTRY>;

const spans = <T extends z.ZodType<ExcerptEntry>>(item: T) =>
  records(item).superRefine(
    noRepeats<ExcerptEntry>((e) => `${e.source ?? ''}|${e.start}|${e.end}`, (e) => `the span [${e.start}, ${e.end})${e.source ? ` of "${e.source}"` : ''}`),
  );
const excerptList = spans(EXCERPT_ENTRY).nullish().transform((items) => items ?? []);

const participants = <R extends string>(roles: readonly [R, ...R[]]) =>
  list(z.strictObject({ actor: SLUG, role: z.enum(roles) })).superRefine(
    noRepeats<{ actor: string; role: R }>((p) => `${p.actor}|${p.role}`, (p) => `actor "${p.actor}" as ${p.role}`, 'actor'),
  );

export const ACTOR_ENTRY = z
  .strictObject({
    slug: SLUG,
    name: requiredText(TEXT_LIMITS.name),
    kind: z.enum(ACTOR_KINDS),
    aliases: ALIASES.nullish().transform((a) => a ?? []),
    description: optionalText(TEXT_LIMITS.description),
    affiliations: list(
      z.strictObject({ organization: SLUG, role: optionalText(TEXT_LIMITS.name), since: EDTF_DATE.nullish(), until: EDTF_DATE.nullish() }),
    ),
  })
  .superRefine((actor, ctx) => {
    const seen = new Set<string>();
    actor.affiliations.forEach((a, i) => {
      if (a.organization === actor.slug) ctx.addIssue({ code: 'custom', message: 'an actor cannot be affiliated with itself', path: ['affiliations', i, 'organization'] });
      const key = `${a.organization}|${a.role ?? ''}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `affiliation with "${a.organization}"${a.role ? ` as "${a.role}"` : ''} is listed twice`, path: ['affiliations', i] });
      seen.add(key);
    });
  });
export type ActorEntry = z.infer<typeof ACTOR_ENTRY>;

export const TOPIC_ENTRY = z.strictObject({ slug: SLUG, name: requiredText(TEXT_LIMITS.name), description: optionalText(TEXT_LIMITS.description) });
export type TopicEntry = z.infer<typeof TOPIC_ENTRY>;

export const EVENT_ENTRY = z
  .strictObject({
    slug: SLUG,
    title: requiredText(TEXT_LIMITS.name),
    kind: z.enum(EVENT_KINDS),
    description: optionalText(TEXT_LIMITS.description),
    start: EDTF_DATE,
    end: EDTF_DATE.nullish(),
    dateNote: optionalText(TEXT_LIMITS.note),
    place: optionalText(TEXT_LIMITS.name),
    parent: SLUG.nullish(),
    participants: participants(EVENT_ROLES),
    // Events are not part of one source's document: each excerpt names its source.
    excerpts: spans(EXCERPT_ENTRY.refine((e) => e.source != null, { message: 'is required', path: ['source'] }))
      .nullish()
      .transform((items) => items ?? []),
  })
  .superRefine((event, ctx) => {
    if (event.end && event.end.latest < event.start.earliest) {
      ctx.addIssue({ code: 'custom', message: `${event.end.edtf} is before start ${event.start.edtf}`, path: ['end'], params: { code: 'INVALID_DATE' } });
    }
    if (event.parent === event.slug) ctx.addIssue({ code: 'custom', message: 'an event cannot be its own parent', path: ['parent'] });
  });
export type EventEntry = z.infer<typeof EVENT_ENTRY>;

const SOURCE_FIELDS = {
  slug: SLUG,
  file: optionalText(TEXT_LIMITS.name),
  title: requiredText(TEXT_LIMITS.name),
  kind: z.enum(SOURCE_KINDS),
  publisher: SLUG.nullish(),
  url: URL_SHAPE,
  published: EDTF_DATE.nullish(),
  dateNote: optionalText(TEXT_LIMITS.note),
};
/** A source in a seed file: its text is in sources/<slug>.txt. */
export const SEED_SOURCE_ENTRY = z.strictObject(SOURCE_FIELDS);
/** A source in imported content: its text inline; the slug may be left to be derived from the title. */
export const INLINE_SOURCE_ENTRY = z.strictObject({ ...SOURCE_FIELDS, slug: SLUG.nullish(), text: SOURCE_TEXT });
export type SourceEntry = z.infer<typeof SEED_SOURCE_ENTRY> | z.infer<typeof INLINE_SOURCE_ENTRY>;

export const STATEMENT_ENTRY = z
  .strictObject({
    slug: SLUG,
    title: requiredText(TEXT_LIMITS.name),
    kind: z.enum(STATEMENT_KINDS),
    date: EDTF_DATE,
    dateNote: optionalText(TEXT_LIMITS.note),
    summary: optionalText(TEXT_LIMITS.description),
    participants: participants(PARTICIPANT_ROLES),
    events: slugs,
    respondsTo: slugs,
    excerpts: excerptList,
  })
  .superRefine((statement, ctx) => {
    statement.respondsTo.forEach((slug, i) => {
      if (slug === statement.slug) ctx.addIssue({ code: 'custom', message: 'a statement cannot respond to itself', path: ['respondsTo', i] });
    });
  });
export type StatementEntry = z.infer<typeof STATEMENT_ENTRY>;

export const CLAIM_ENTRY = z.strictObject({
  slug: SLUG,
  text: requiredText(TEXT_LIMITS.claimText),
  kind: z.enum(CLAIM_KINDS),
  subjects: slugs,
  events: slugs,
  topics: list(z.strictObject({ topic: SLUG, stance: z.enum(STANCES).nullish() })).superRefine(
    noRepeats<{ topic: string }>((t) => t.topic, (t) => `topic "${t.topic}"`, 'topic'),
  ),
  appearances: records(z.strictObject({ statement: SLUG, excerpts: spans(EXCERPT_ENTRY).min(1, 'must list at least one excerpt') }))
    .min(1, 'must list at least one statement')
    .superRefine(noRepeats<{ statement: string }>((a) => a.statement, (a) => `statement "${a.statement}"`, 'statement')),
});
export type ClaimEntry = z.infer<typeof CLAIM_ENTRY>;

export const RELATION_ENTRY = z
  .strictObject({
    kind: z.enum(CLAIM_RELATION_KINDS),
    from: SLUG,
    to: SLUG,
    statement: SLUG.nullish(),
    note: optionalText(TEXT_LIMITS.note),
    created: EDTF_DATE.nullish(),
  })
  .superRefine((r, ctx) => {
    if (r.from === r.to) ctx.addIssue({ code: 'custom', message: 'a claim cannot relate to itself', path: ['to'] });
    if (r.statement) {
      if (r.created) ctx.addIssue({ code: 'custom', message: "is only for editorial relations; one asserted in a statement takes its statement's date", path: ['created'] });
      return;
    }
    if (!r.note) ctx.addIssue({ code: 'custom', message: 'an editorial relation (no "statement") needs a note saying why it holds', path: ['note'], params: { code: 'NOTE_REQUIRED' } });
    if (!r.created) ctx.addIssue({ code: 'custom', message: 'is required for an editorial relation (no "statement")', path: ['created'] });
    else if (!isExactDay(r.created)) {
      ctx.addIssue({ code: 'custom', message: `must be an exact day like 2026-11-22, got "${r.created.edtf}"`, path: ['created'], params: { code: 'INVALID_DATE' } });
    }
  });
export type RelationEntry = z.infer<typeof RELATION_ENTRY>;

/** The lists of a document or a bundle, each item checked on its own so that one bad entry does not hide the others' problems. */
export const DOCUMENT_KEYS = ['source', 'statements', 'claims', 'relations'] as const;
export const BUNDLE_KEYS = ['actors', 'topics', 'events', 'documents'] as const;
