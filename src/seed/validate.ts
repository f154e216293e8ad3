// Turns the parsed YAML into a SeedSet, checking shapes, enums, dates, slugs,
// references (across files) and excerpt quotes. Collects every error and throws
// one SeedError at the end.
import { basename, extname } from 'node:path';
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
import { Fields, SLUG_PATTERN } from './fields.js';
import type {
  SeedActor,
  SeedClaim,
  SeedEvent,
  SeedExcerpt,
  SeedRelation,
  SeedSet,
  SeedSource,
  SeedStatement,
  SeedTopic,
} from './model.js';
import type { RawSeeds, SeedFile } from './read-seeds.js';
import { SeedError } from './seed-error.js';
import { excerptContext } from '../domain/excerpts.js';

type Kind = 'actor' | 'topic' | 'event' | 'source' | 'statement' | 'claim';


const KEYS = {
  actor: ['slug', 'name', 'kind', 'aliases', 'description', 'affiliations'],
  affiliation: ['organization', 'role', 'since', 'until'],
  topic: ['slug', 'name', 'description'],
  event: ['slug', 'title', 'kind', 'description', 'start', 'end', 'dateNote', 'place', 'parent', 'participants', 'excerpts'],
  participant: ['actor', 'role'],
  excerpt: ['source', 'start', 'end', 'quote'],
  document: ['source', 'statements', 'claims', 'relations'],
  source: ['slug', 'file', 'title', 'kind', 'publisher', 'url', 'published', 'dateNote'],
  statement: ['slug', 'title', 'kind', 'date', 'dateNote', 'summary', 'participants', 'events', 'respondsTo', 'excerpts'],
  claim: ['slug', 'text', 'kind', 'subjects', 'events', 'topics', 'appearances'],
  claimTopic: ['topic', 'stance'],
  appearance: ['statement', 'excerpts'],
  relation: ['kind', 'from', 'to', 'statement', 'note', 'created'],
} as const;

/** Keeps surrogate pairs whole so the stored text round-trips through UTF-8 unchanged. */
class Validator {
  readonly errors: string[];
  private readonly defined = new Map<Kind, Map<string, string>>();
  private readonly checks: (() => void)[] = [];
  readonly texts = new Map<string, string>();
  readonly set: SeedSet = { actors: [], topics: [], events: [], sources: [], statements: [], claims: [], relations: [] };
  private appearanceOrder = 0;

  constructor(private readonly raw: RawSeeds) {
    this.errors = [...raw.errors];
  }

  run(): SeedSet {
    this.eachEntry(this.raw.actors, 'actors', KEYS.actor, (f) => this.set.actors.push(this.actor(f)));
    this.eachEntry(this.raw.topics, 'topics', KEYS.topic, (f) => this.set.topics.push(this.topic(f)));
    this.eachEntry(this.raw.events, 'events', KEYS.event, (f) => this.set.events.push(this.event(f)));
    for (const file of this.raw.documents) this.document(file);
    // References and quotes are checked once every file is read: they may point anywhere.
    for (const check of this.checks) check();
    this.checkEventParents();
    if (this.errors.length > 0) throw new SeedError(this.sortedErrors());
    return this.set;
  }

  private eachEntry(file: SeedFile | null, name: string, keys: readonly string[], visit: (f: Fields) => void): void {
    if (!file || file.data === null || file.data === undefined) return;
    if (!Array.isArray(file.data)) {
      this.errors.push(`${file.file}: expected a list of ${name}`);
      return;
    }
    file.data.forEach((value, index) => {
      const fields = Fields.of(this.errors, file.file, Fields.label(name, index, value), value, keys);
      if (fields) visit(fields);
    });
  }

  private define(kind: Kind, f: Fields, key = 'slug'): string {
    const slug = f.slug(key);
    if (!slug) return slug;
    const seen = this.defined.get(kind) ?? new Map<string, string>();
    this.defined.set(kind, seen);
    const first = seen.get(slug);
    if (first) f.fail(`duplicate ${kind} slug "${slug}" (already defined at ${first})`);
    else seen.set(slug, `${f.file}: ${f.entry}`);
    return slug;
  }

  private ref(kind: Kind, f: Fields, field: string, slug: string | null): void {
    if (!slug) return;
    this.checks.push(() => {
      if (!SLUG_PATTERN.test(slug) || !this.defined.get(kind)?.has(slug)) {
        f.fail(`"${field}" refers to unknown ${kind} "${slug}"`);
      }
    });
  }

  private refs(kind: Kind, f: Fields, field: string): string[] {
    const slugs = f.strings(field);
    slugs.forEach((slug, i) => this.ref(kind, f, `${field}[${i}]`, slug));
    return slugs;
  }

  private participants<R extends string>(f: Fields, roles: readonly R[]): { actor: string; role: R }[] {
    const result: { actor: string; role: R }[] = [];
    f.list('participants').forEach((value, i) => {
      const p = f.child(`participants[${i}]`, value, KEYS.participant);
      if (!p) return;
      const actor = p.string('actor');
      const role = p.enumValue('role', roles);
      this.ref('actor', p, 'actor', actor);
      if (result.some((r) => r.actor === actor && r.role === role)) p.fail(`actor "${actor}" is listed twice as ${role}`);
      result.push({ actor, role });
    });
    return result;
  }

  private excerpts(f: Fields, defaultSource: string | null, required = false): SeedExcerpt[] {
    const result: SeedExcerpt[] = [];
    const values = f.list('excerpts', required);
    if (required && f.has('excerpts') && values.length === 0) f.fail('"excerpts" must list at least one excerpt');
    values.forEach((value, i) => {
      const e = f.child(`excerpts[${i}]`, value, KEYS.excerpt);
      if (!e) return;
      const source = e.has('source') || !defaultSource ? e.slug('source') : defaultSource;
      const excerpt: SeedExcerpt = { source, start: e.int('start'), end: e.int('end'), quote: e.string('quote'), prefix: '', suffix: '' };
      if (excerpt.end <= excerpt.start) e.fail(`"end" (${excerpt.end}) must be greater than "start" (${excerpt.start})`);
      const same = (o: SeedExcerpt) => o.source === source && o.start === excerpt.start && o.end === excerpt.end;
      if (result.some(same)) e.fail(`the span [${excerpt.start}, ${excerpt.end}) of "${source}" is listed twice`);
      result.push(excerpt);
      this.ref('source', e, 'source', source);
      this.checks.push(() => this.anchor(e, excerpt));
    });
    return result;
  }

  private anchor(f: Fields, excerpt: SeedExcerpt): void {
    const text = this.texts.get(excerpt.source);
    if (text === undefined || excerpt.end <= excerpt.start) return;
    if (excerpt.end > text.length) {
      f.fail(`span [${excerpt.start}, ${excerpt.end}) runs past the end of source "${excerpt.source}" (${text.length} characters)`);
      return;
    }
    const actual = text.slice(excerpt.start, excerpt.end);
    if (actual !== excerpt.quote) {
      const found = text.indexOf(excerpt.quote);
      const hint = found >= 0 ? `; the quote is at [${found}, ${found + excerpt.quote.length})` : '';
      f.fail(
        `"quote" does not match source "${excerpt.source}" [${excerpt.start}, ${excerpt.end}), which holds ${JSON.stringify(actual)}${hint}`,
      );
      return;
    }
    Object.assign(excerpt, excerptContext(text, excerpt.start, excerpt.end));
  }

  private actor(f: Fields): SeedActor {
    const slug = this.define('actor', f);
    const affiliations: SeedActor['affiliations'] = [];
    f.list('affiliations').forEach((value, i) => {
      const a = f.child(`affiliations[${i}]`, value, KEYS.affiliation);
      if (!a) return;
      const organization = a.string('organization');
      const role = a.optString('role');
      this.ref('actor', a, 'organization', organization);
      if (organization === slug) a.fail('an actor cannot be affiliated with itself');
      if (affiliations.some((o) => o.organization === organization && o.role === role)) {
        a.fail(`affiliation with "${organization}"${role ? ` as "${role}"` : ''} is listed twice`);
      }
      affiliations.push({ organization, role, since: a.optDate('since'), until: a.optDate('until') });
    });
    return {
      slug,
      name: f.string('name'),
      kind: f.enumValue('kind', ACTOR_KINDS),
      description: f.optString('description'),
      aliases: f.strings('aliases'),
      affiliations,
    };
  }

  private topic(f: Fields): SeedTopic {
    return { slug: this.define('topic', f), name: f.string('name'), description: f.optString('description') };
  }

  private event(f: Fields): SeedEvent {
    const slug = this.define('event', f);
    const start = f.date('start', 'dateNote');
    const end = f.optDate('end');
    if (end && start.edtf && end.edtf && end.latest < start.earliest) f.fail(`"end" ${end.edtf} is before "start" ${start.edtf}`);
    const parent = f.optString('parent');
    this.ref('event', f, 'parent', parent);
    if (parent === slug) f.fail('an event cannot be its own parent');
    return {
      slug,
      title: f.string('title'),
      kind: f.enumValue('kind', EVENT_KINDS),
      description: f.optString('description'),
      start,
      end,
      place: f.optString('place'),
      parent,
      participants: this.participants(f, EVENT_ROLES),
      excerpts: this.excerpts(f, null),
    };
  }

  private document(file: SeedFile): void {
    const doc = Fields.of(this.errors, file.file, 'document', file.data, KEYS.document);
    if (!doc) return;
    const source = doc.has('source') ? this.source(file) : null;
    if (!source) doc.fail('missing required field "source"');
    const section = (name: string, keys: readonly string[], visit: (f: Fields, index: number) => void) => {
      doc.list(name).forEach((value, index) => {
        const label = name === 'relations' ? `relations[${index}]` : Fields.label(name, index, value);
        const fields = Fields.of(this.errors, file.file, label, value, keys);
        if (fields) visit(fields, index);
      });
    };
    section('statements', KEYS.statement, (f) => this.set.statements.push(this.statement(f, source?.slug ?? null)));
    section('claims', KEYS.claim, (f) => this.set.claims.push(this.claim(f, source?.slug ?? null)));
    section('relations', KEYS.relation, (f) => this.set.relations.push(this.relation(f)));
  }

  private source(file: SeedFile): SeedSource | null {
    const value = (file.data as { source: unknown }).source;
    const f = Fields.of(this.errors, file.file, Fields.label('source', 0, value).replace('[0]', ''), value, KEYS.source);
    if (!f) return null;
    const slug = this.define('source', f);
    if (slug && basename(file.file, extname(file.file)) !== slug) {
      f.fail(`the file should be named documents/${slug}.yaml after its source`);
    }
    let text = '';
    if (slug && SLUG_PATTERN.test(slug)) {
      const read = this.raw.sourceText(slug);
      if (read === null) f.fail(`no source text: sources/${slug}.txt is missing`);
      else if (!this.texts.has(slug)) this.texts.set(slug, (text = read));
    }
    const publisher = f.optString('publisher');
    this.ref('actor', f, 'publisher', publisher);
    const source: SeedSource = {
      slug,
      file: f.optString('file'),
      title: f.string('title'),
      kind: f.enumValue('kind', SOURCE_KINDS),
      publisher,
      url: f.optString('url'),
      published: f.optDate('published', 'dateNote'),
      text,
    };
    this.set.sources.push(source);
    return source;
  }

  private statement(f: Fields, defaultSource: string | null): SeedStatement {
    const slug = this.define('statement', f);
    const respondsTo = this.refs('statement', f, 'respondsTo');
    if (respondsTo.includes(slug)) f.fail('a statement cannot respond to itself');
    return {
      slug,
      title: f.string('title'),
      kind: f.enumValue('kind', STATEMENT_KINDS),
      date: f.date('date', 'dateNote'),
      summary: f.optString('summary'),
      participants: this.participants(f, PARTICIPANT_ROLES),
      events: this.refs('event', f, 'events'),
      respondsTo,
      excerpts: this.excerpts(f, defaultSource),
    };
  }

  private claim(f: Fields, defaultSource: string | null): SeedClaim {
    const topics: SeedClaim['topics'] = [];
    f.list('topics').forEach((value, i) => {
      const t = f.child(`topics[${i}]`, value, KEYS.claimTopic);
      if (!t) return;
      const topic = t.string('topic');
      this.ref('topic', t, 'topic', topic);
      if (topics.some((o) => o.topic === topic)) t.fail(`topic "${topic}" is listed twice`);
      topics.push({ topic, stance: t.optEnum('stance', STANCES) });
    });
    const appearances: SeedClaim['appearances'] = [];
    const values = f.list('appearances', true);
    if (f.has('appearances') && values.length === 0) f.fail('"appearances" must list at least one statement');
    values.forEach((value, i) => {
      const a = f.child(`appearances[${i}]`, value, KEYS.appearance);
      if (!a) return;
      const statement = a.string('statement');
      this.ref('statement', a, 'statement', statement);
      if (appearances.some((o) => o.statement === statement)) a.fail(`statement "${statement}" is listed twice`);
      appearances.push({ statement, excerpts: this.excerpts(a, defaultSource, true), fileOrder: this.appearanceOrder++ });
    });
    return {
      slug: this.define('claim', f),
      text: f.string('text'),
      kind: f.enumValue('kind', CLAIM_KINDS),
      subjects: this.refs('actor', f, 'subjects'),
      events: this.refs('event', f, 'events'),
      topics,
      appearances,
    };
  }

  private relation(f: Fields): SeedRelation {
    const relation: SeedRelation = {
      kind: f.enumValue('kind', CLAIM_RELATION_KINDS),
      from: f.string('from'),
      to: f.string('to'),
      statement: f.optString('statement'),
      note: f.optString('note'),
      createdOn: '',
    };
    this.ref('claim', f, 'from', relation.from);
    this.ref('claim', f, 'to', relation.to);
    this.ref('statement', f, 'statement', relation.statement);
    if (relation.from && relation.from === relation.to) f.fail('a claim cannot relate to itself');
    const same = (o: SeedRelation) => o.from === relation.from && o.to === relation.to && o.kind === relation.kind;
    if (this.set.relations.some(same)) f.fail(`"${relation.from}" ${relation.kind} "${relation.to}" is listed twice`);

    if (relation.statement) {
      if (f.has('created')) f.fail('"created" is only for editorial relations; this one takes its statement\'s date');
      const statement = relation.statement;
      this.checks.push(() => {
        relation.createdOn = this.set.statements.find((s) => s.slug === statement)?.date.earliest ?? '';
      });
    } else {
      if (!relation.note) f.fail('an editorial relation (no "statement") needs a "note"');
      const created = f.date('created');
      if (created.edtf && (created.precision !== 'DAY' || created.approximate || created.uncertain)) {
        f.fail(`"created" must be an exact day like 2026-11-22, got "${created.edtf}"`);
      }
      relation.createdOn = created.earliest;
    }
    return relation;
  }

  private checkEventParents(): void {
    const parents = new Map(this.set.events.map((e) => [e.slug, e.parent]));
    const reported = new Set<string>();
    this.set.events.forEach((event, index) => {
      const chain = [event.slug];
      let next = parents.get(event.slug) ?? null;
      while (next && next !== event.slug && !chain.includes(next)) {
        chain.push(next);
        next = parents.get(next) ?? null;
      }
      if (next === event.slug && chain.length > 1 && !reported.has(event.slug)) {
        chain.forEach((slug) => reported.add(slug));
        this.errors.push(`events.yaml: events[${index}] "${event.slug}": "parent" chain loops: ${[...chain, next].join(' -> ')}`);
      }
    });
  }

  /** Groups errors by file, in the order files first appear, keeping their order within a file. */
  private sortedErrors(): string[] {
    const fileOf = (error: string) => error.slice(0, error.indexOf(':'));
    const order = [...new Set(this.errors.map(fileOf))];
    return this.errors
      .map((error, index) => ({ error, index }))
      .sort((a, b) => order.indexOf(fileOf(a.error)) - order.indexOf(fileOf(b.error)) || a.index - b.index)
      .map(({ error }) => error);
  }
}

export function validateSeeds(raw: RawSeeds): SeedSet {
  return new Validator(raw).run();
}
