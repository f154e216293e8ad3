// A validated document set, as the seed files are read into and as
// applyDocumentSet writes it: every reference is a slug known to exist, every
// date parsed, every excerpt checked against its source text.
import type {
  ActorKind,
  ClaimKind,
  ClaimRelationKind,
  EventKind,
  EventRole,
  ParticipantRole,
  SourceKind,
  Stance,
  StatementKind,
} from '../db/schema.js';
import type { FuzzyDate } from '../dates/fuzzy-date.js';
import type { Bundle, CheckedBundle } from './document-check.js';
import type { ExcerptEntry } from './document-format.js';
import { relationDay } from './relation.js';

export interface SeedExcerpt {
  source: string;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
}

export interface SeedActor {
  slug: string;
  name: string;
  kind: ActorKind;
  description: string | null;
  aliases: string[];
  affiliations: { organization: string; role: string | null; since: FuzzyDate | null; until: FuzzyDate | null }[];
}

export interface SeedTopic {
  slug: string;
  name: string;
  description: string | null;
}

export interface SeedEvent {
  slug: string;
  title: string;
  kind: EventKind;
  description: string | null;
  start: FuzzyDate;
  end: FuzzyDate | null;
  place: string | null;
  parent: string | null;
  participants: { actor: string; role: EventRole }[];
  excerpts: SeedExcerpt[];
}

export interface SeedSource {
  slug: string;
  file: string | null;
  title: string;
  kind: SourceKind;
  publisher: string | null;
  url: string | null;
  published: FuzzyDate | null;
  text: string;
}

export interface SeedStatement {
  slug: string;
  title: string;
  kind: StatementKind;
  date: FuzzyDate;
  summary: string | null;
  participants: { actor: string; role: ParticipantRole }[];
  events: string[];
  respondsTo: string[];
  excerpts: SeedExcerpt[];
}

export interface SeedAppearance {
  statement: string;
  excerpts: SeedExcerpt[];
}

export interface SeedClaim {
  slug: string;
  text: string;
  kind: ClaimKind;
  subjects: string[];
  events: string[];
  topics: { topic: string; stance: Stance | null }[];
  appearances: SeedAppearance[];
}

export interface SeedRelation {
  kind: ClaimRelationKind;
  from: string;
  to: string;
  statement: string | null;
  note: string | null;
  /** yyyy-mm-dd */
  createdOn: string;
}

export interface SeedSet {
  actors: SeedActor[];
  topics: SeedTopic[];
  events: SeedEvent[];
  sources: SeedSource[];
  statements: SeedStatement[];
  claims: SeedClaim[];
  relations: SeedRelation[];
}

const withNote = (date: FuzzyDate, note: string | null | undefined): FuzzyDate => ({ ...date, note: note ?? null });

/**
 * The document set a checked bundle holds (`texts`: each source's text, by
 * slug): dates carry their notes, excerpts their derived context, relations
 * the day they count from.
 */
export function documentSetOf(bundle: Bundle, checked: CheckedBundle, texts: Map<string, string>): SeedSet {
  const excerpt = (own: string | null) => (e: ExcerptEntry): SeedExcerpt => ({
    source: e.source ?? own!,
    start: e.start,
    end: e.end,
    quote: e.quote,
    ...checked.context.get(e)!,
  });
  const statements = bundle.documents.flatMap((doc) => doc.statements.map(({ entry }) => ({ entry, own: doc.source!.entry.slug! })));
  const statementStart = new Map(statements.map(({ entry }) => [entry.slug, entry.date.earliest]));
  return {
    actors: bundle.actors.map(({ entry: a }) => ({
      slug: a.slug,
      name: a.name,
      kind: a.kind,
      description: a.description ?? null,
      aliases: a.aliases,
      affiliations: a.affiliations.map((f) => ({ organization: f.organization, role: f.role ?? null, since: f.since ?? null, until: f.until ?? null })),
    })),
    topics: bundle.topics.map(({ entry: t }) => ({ slug: t.slug, name: t.name, description: t.description ?? null })),
    events: bundle.events.map(({ entry: e }) => ({
      slug: e.slug,
      title: e.title,
      kind: e.kind,
      description: e.description ?? null,
      start: withNote(e.start, e.dateNote),
      end: e.end ?? null,
      place: e.place ?? null,
      parent: e.parent ?? null,
      participants: e.participants,
      excerpts: e.excerpts.map(excerpt(null)),
    })),
    sources: bundle.documents.map(({ source }) => {
      const s = source!.entry;
      return {
        slug: s.slug!,
        file: s.file ?? null,
        title: s.title,
        kind: s.kind,
        publisher: s.publisher ?? null,
        url: s.url ?? null,
        published: s.published ? withNote(s.published, s.dateNote) : null,
        text: texts.get(s.slug!)!,
      };
    }),
    statements: statements.map(({ entry: s, own }) => ({
      slug: s.slug,
      title: s.title,
      kind: s.kind,
      date: withNote(s.date, s.dateNote),
      summary: s.summary ?? null,
      participants: s.participants,
      events: s.events,
      respondsTo: s.respondsTo,
      excerpts: s.excerpts.map(excerpt(own)),
    })),
    claims: bundle.documents.flatMap((doc) =>
      doc.claims.map(({ entry: c }) => ({
        slug: c.slug,
        text: c.text,
        kind: c.kind,
        subjects: c.subjects,
        events: c.events,
        topics: c.topics.map((t) => ({ topic: t.topic, stance: t.stance ?? null })),
        appearances: c.appearances.map((a) => ({ statement: a.statement, excerpts: a.excerpts.map(excerpt(doc.source!.entry.slug!)) })),
      })),
    ),
    relations: bundle.documents.flatMap((doc) =>
      doc.relations.map(({ entry: r }) => ({
        kind: r.kind,
        from: r.from,
        to: r.to,
        statement: r.statement ?? null,
        note: r.note ?? null,
        createdOn: relationDay(r.statement ? statementStart.get(r.statement)! : null, r.created)!,
      })),
    ),
  };
}
