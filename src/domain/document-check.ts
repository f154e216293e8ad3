// Reads a bundle of records in the document format (what the seed loader
// finds in seeds/, or what importDocument is given) and checks what zod
// cannot: slugs defined once, every reference resolvable, every quote exactly
// its span of the source text, no loop of event parents, no relation twice.
// Every problem is an Issue with its path in the bundle; the seed loader turns
// paths into file and entry names, importDocument into userErrors.
import type { z } from 'zod';
import {
  ACTOR_ENTRY,
  BUNDLE_KEYS,
  CLAIM_ENTRY,
  DOCUMENT_KEYS,
  EVENT_ENTRY,
  MAX_DOCUMENT_RECORDS,
  INLINE_SOURCE_ENTRY,
  RELATION_ENTRY,
  SEED_SOURCE_ENTRY,
  STATEMENT_ENTRY,
  TOPIC_ENTRY,
  type ActorEntry,
  type ClaimEntry,
  type EventEntry,
  type ExcerptEntry,
  type RelationEntry,
  type SourceEntry,
  type StatementEntry,
  type TopicEntry,
} from './document-format.js';
import { checkSpan } from './excerpts.js';
import { checkShape, describe, SLUG, type Issue } from './input.js';

export type Path = (string | number)[];
export type Kind = 'actor' | 'topic' | 'event' | 'source' | 'statement' | 'claim';

/** An Issue that may point at a second place (where a slug was first defined). */
export interface BundleIssue extends Issue {
  related?: Path;
}

export interface Located<T> {
  entry: T;
  path: Path;
}

export interface DocumentEntries {
  path: Path;
  /** Null when the document's source is missing or invalid. */
  source: Located<SourceEntry> | null;
  statements: Located<StatementEntry>[];
  claims: Located<ClaimEntry>[];
  relations: Located<RelationEntry>[];
}

/** The valid entries of a bundle; invalid ones are left out and reported as issues. */
export interface Bundle {
  actors: Located<ActorEntry>[];
  topics: Located<TopicEntry>[];
  events: Located<EventEntry>[];
  documents: DocumentEntries[];
  /** Slugs of entries left out as invalid: references to them are not reported again. */
  invalid: Map<Kind, Set<string>>;
  /** Kinds whose whole list could not be read: references to any of them are not reported. */
  unreadable: Set<Kind>;
}

export interface ParsedBundle {
  bundle: Bundle;
  issues: BundleIssue[];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Reader {
  constructor(private readonly maxRecords: number) {}
  readonly issues: BundleIssue[] = [];
  readonly invalid = new Map<Kind, Set<string>>();
  readonly unreadable = new Set<Kind>();

  fail(path: Path, message: string, code = 'INVALID_INPUT'): void {
    this.issues.push({ path, message, code });
  }

  mapping(value: unknown, path: Path, keys: readonly string[]): Record<string, unknown> | null {
    if (!isMapping(value)) {
      this.fail(path, `must be a mapping, got ${describe(value)}`);
      return null;
    }
    const unknown = Object.keys(value).filter((k) => !keys.includes(k));
    if (unknown.length) this.fail(path, `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (expected one of ${keys.join(', ')})`);
    return value;
  }

  entry<T>(kind: Kind | null, schema: z.ZodType<T>, value: unknown, path: Path): Located<T> | null {
    const result = checkShape(schema, value);
    if (result.ok) return { entry: result.data, path };
    this.issues.push(...result.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] })));
    const slug = isMapping(value) ? value.slug : undefined;
    if (kind && SLUG.safeParse(slug).success) {
      const seen = this.invalid.get(kind) ?? new Set<string>();
      seen.add(slug as string);
      this.invalid.set(kind, seen);
    }
    return null;
  }

  list<T>(kind: Kind | null, schema: z.ZodType<T>, value: unknown, path: Path): Located<T>[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.length > this.maxRecords) {
      if (Array.isArray(value)) this.fail(path, `at most ${this.maxRecords} items`, 'TOO_LONG');
      else this.fail(path, `must be a list, got ${describe(value)}`);
      if (kind) this.unreadable.add(kind);
      return [];
    }
    return value.flatMap((item, i) => this.entry(kind, schema, item, [...path, i]) ?? []);
  }
}

/**
 * The entries of a bundle `{ actors, topics, events, documents }`, each
 * document `{ source, statements, claims, relations }`. Seed files keep a
 * source's text in sources/<slug>.txt; imported content carries it inline.
 * `maxRecords` bounds each top-level list (actors, topics, events, documents,
 * and a document's statements, claims and relations): MAX_DOCUMENT_RECORDS
 * for a request to the API, unbounded for files the seed loader reads from
 * disk, where a dump of a large database holds far more.
 */
export function parseBundle(raw: unknown, options: { inlineText: boolean; maxRecords?: number }): ParsedBundle {
  const maxRecords = options.maxRecords ?? MAX_DOCUMENT_RECORDS;
  const reader = new Reader(maxRecords);
  const bundle: Bundle = { actors: [], topics: [], events: [], documents: [], invalid: reader.invalid, unreadable: reader.unreadable };
  const top = reader.mapping(raw, [], BUNDLE_KEYS);
  if (top) {
    bundle.actors = reader.list('actor', ACTOR_ENTRY, top.actors, ['actors']);
    bundle.topics = reader.list('topic', TOPIC_ENTRY, top.topics, ['topics']);
    bundle.events = reader.list('event', EVENT_ENTRY, top.events, ['events']);
    const documents = top.documents ?? [];
    if (!Array.isArray(documents)) reader.fail(['documents'], `must be a list, got ${describe(documents)}`);
    else if (documents.length > maxRecords) reader.fail(['documents'], `at most ${maxRecords} items`, 'TOO_LONG');
    else {
      documents.forEach((value, d) => {
        const path: Path = ['documents', d];
        const doc = reader.mapping(value, path, DOCUMENT_KEYS);
        if (!doc) return;
        let source: Located<SourceEntry> | null = null;
        if (doc.source === undefined || doc.source === null) reader.fail([...path, 'source'], 'is required');
        else source = reader.entry<SourceEntry>('source', options.inlineText ? INLINE_SOURCE_ENTRY : SEED_SOURCE_ENTRY, doc.source, [...path, 'source']);
        bundle.documents.push({
          path,
          source,
          statements: reader.list('statement', STATEMENT_ENTRY, doc.statements, [...path, 'statements']),
          claims: reader.list('claim', CLAIM_ENTRY, doc.claims, [...path, 'claims']),
          relations: reader.list(null, RELATION_ENTRY, doc.relations, [...path, 'relations']),
        });
      });
    }
  }
  return { bundle, issues: reader.issues };
}

export interface Reference {
  kind: Kind;
  slug: string;
  path: Path;
}

/** An excerpt with the source it quotes (given, or its document's). */
export interface LocatedExcerpt extends Located<ExcerptEntry> {
  source: string | null;
}

function located(list: ExcerptEntry[], path: Path, fallback: string | null): LocatedExcerpt[] {
  return list.map((entry, i) => ({ entry, path: [...path, i], source: entry.source ?? fallback }));
}

/** The excerpts of one document's statements and claims; without a source of their own they quote the document's. */
export function documentExcerpts(doc: DocumentEntries): LocatedExcerpt[] {
  const own = doc.source?.entry.slug ?? null;
  return [
    ...doc.statements.flatMap(({ entry, path }) => located(entry.excerpts, [...path, 'excerpts'], own)),
    ...doc.claims.flatMap(({ entry, path }) => entry.appearances.flatMap((a, i) => located(a.excerpts, [...path, 'appearances', i, 'excerpts'], own))),
  ];
}

/** Every excerpt of the bundle, with its source slug resolved. */
export function bundleExcerpts(bundle: Bundle): LocatedExcerpt[] {
  return [...bundle.events.flatMap(({ entry, path }) => located(entry.excerpts, [...path, 'excerpts'], null)), ...bundle.documents.flatMap(documentExcerpts)];
}

/** Every slug the bundle's entries refer to, with the path of the reference. */
export function bundleReferences(bundle: Bundle): Reference[] {
  const refs: Reference[] = [];
  const ref = (kind: Kind, slug: string | null | undefined, path: Path) => {
    if (slug) refs.push({ kind, slug, path });
  };
  for (const { entry, path } of bundle.actors) entry.affiliations.forEach((a, i) => ref('actor', a.organization, [...path, 'affiliations', i, 'organization']));
  for (const { entry, path } of bundle.events) {
    ref('event', entry.parent, [...path, 'parent']);
    entry.participants.forEach((p, i) => ref('actor', p.actor, [...path, 'participants', i, 'actor']));
  }
  for (const doc of bundle.documents) {
    if (doc.source) ref('actor', doc.source.entry.publisher, [...doc.source.path, 'publisher']);
    for (const { entry, path } of doc.statements) {
      entry.participants.forEach((p, i) => ref('actor', p.actor, [...path, 'participants', i, 'actor']));
      entry.events.forEach((slug, i) => ref('event', slug, [...path, 'events', i]));
      entry.respondsTo.forEach((slug, i) => ref('statement', slug, [...path, 'respondsTo', i]));
    }
    for (const { entry, path } of doc.claims) {
      entry.subjects.forEach((slug, i) => ref('actor', slug, [...path, 'subjects', i]));
      entry.events.forEach((slug, i) => ref('event', slug, [...path, 'events', i]));
      entry.topics.forEach((t, i) => ref('topic', t.topic, [...path, 'topics', i, 'topic']));
      entry.appearances.forEach((a, i) => ref('statement', a.statement, [...path, 'appearances', i, 'statement']));
    }
    for (const { entry, path } of doc.relations) {
      ref('claim', entry.from, [...path, 'from']);
      ref('claim', entry.to, [...path, 'to']);
      ref('statement', entry.statement, [...path, 'statement']);
    }
  }
  for (const e of bundleExcerpts(bundle)) {
    if (e.entry.source) ref('source', e.entry.source, [...e.path, 'source']);
  }
  return refs;
}

/** slug -> path of its definition, per kind; a slug defined twice is an issue at the second. */
export function bundleDefinitions(bundle: Bundle, issues: BundleIssue[]): Map<Kind, Map<string, Path>> {
  const defined = new Map<Kind, Map<string, Path>>();
  const define = (kind: Kind, slug: string | null | undefined, path: Path) => {
    if (!slug) return;
    const seen = defined.get(kind) ?? new Map<string, Path>();
    defined.set(kind, seen);
    const first = seen.get(slug);
    if (first) issues.push({ path: [...path, 'slug'], code: 'DUPLICATE_SLUG', message: `duplicate ${kind} slug "${slug}"`, related: first });
    else seen.set(slug, path);
  };
  for (const { entry, path } of bundle.actors) define('actor', entry.slug, path);
  for (const { entry, path } of bundle.topics) define('topic', entry.slug, path);
  for (const { entry, path } of bundle.events) define('event', entry.slug, path);
  for (const doc of bundle.documents) {
    if (doc.source) define('source', doc.source.entry.slug, doc.source.path);
    for (const { entry, path } of doc.statements) define('statement', entry.slug, path);
    for (const { entry, path } of doc.claims) define('claim', entry.slug, path);
  }
  return defined;
}

export interface CheckContext {
  /** Whether a slug the bundle does not define exists elsewhere (the database, for an import). */
  known(kind: Kind, slug: string): boolean;
  /** The text of a source, from the bundle, its files or the database; undefined when there is none. */
  text(source: string): string | undefined;
}

export interface CheckedBundle {
  issues: BundleIssue[];
  /** prefix/suffix derived for each excerpt whose quote matched. */
  context: Map<ExcerptEntry, { prefix: string; suffix: string }>;
}

/** References, quotes, event parents and repeated relations of a parsed bundle. */
export function checkBundle(bundle: Bundle, ctx: CheckContext): CheckedBundle {
  const issues: BundleIssue[] = [];
  const defined = bundleDefinitions(bundle, issues);
  for (const ref of bundleReferences(bundle)) {
    if (bundle.unreadable.has(ref.kind) || defined.get(ref.kind)?.has(ref.slug) || bundle.invalid.get(ref.kind)?.has(ref.slug)) continue;
    if (ctx.known(ref.kind, ref.slug)) continue;
    issues.push({ path: ref.path, code: 'NOT_FOUND', message: `refers to unknown ${ref.kind} "${ref.slug}"` });
  }

  const context = new Map<ExcerptEntry, { prefix: string; suffix: string }>();
  for (const excerpt of bundleExcerpts(bundle)) {
    const text = excerpt.source ? ctx.text(excerpt.source) : undefined;
    if (text === undefined) continue;
    const checked = checkSpan(text, `source "${excerpt.source}"`, excerpt.entry);
    if ('issue' in checked) issues.push({ ...checked.issue, path: [...excerpt.path, ...checked.issue.path] });
    else context.set(excerpt.entry, checked);
  }

  issues.push(...parentLoops(bundle.events));

  const relations = new Set<string>();
  for (const doc of bundle.documents) {
    for (const { entry, path } of doc.relations) {
      const key = `${entry.from}|${entry.to}|${entry.kind}`;
      if (relations.has(key)) issues.push({ path, code: 'DUPLICATE_RELATION', message: `"${entry.from}" ${entry.kind} "${entry.to}" is listed twice` });
      relations.add(key);
    }
  }
  return { issues, context };
}

function parentLoops(events: Located<EventEntry>[]): BundleIssue[] {
  const parents = new Map(events.map(({ entry }) => [entry.slug, entry.parent ?? null]));
  const reported = new Set<string>();
  const issues: BundleIssue[] = [];
  for (const { entry, path } of events) {
    const chain = [entry.slug];
    let next = parents.get(entry.slug) ?? null;
    while (next && next !== entry.slug && !chain.includes(next)) {
      chain.push(next);
      next = parents.get(next) ?? null;
    }
    if (next === entry.slug && chain.length > 1 && !reported.has(entry.slug)) {
      chain.forEach((slug) => reported.add(slug));
      issues.push({ path: [...path, 'parent'], code: 'INVALID_INPUT', message: `chain loops: ${[...chain, next].join(' -> ')}` });
    }
  }
  return issues;
}

/** Events in waves so that a parent is written before its parts (parents outside the list count as written). */
export function parentsFirst<T extends { slug: string; parent?: string | null }>(events: T[]): T[][] {
  const inList = new Set(events.map((e) => e.slug));
  const waves: T[][] = [];
  const placed = new Set<string>();
  let pending = events;
  while (pending.length) {
    const wave = pending.filter((e) => !e.parent || !inList.has(e.parent) || placed.has(e.parent));
    if (!wave.length) throw new Error('Event parents form a loop.');
    wave.forEach((e) => placed.add(e.slug));
    pending = pending.filter((e) => !placed.has(e.slug));
    waves.push(wave);
  }
  return waves;
}
