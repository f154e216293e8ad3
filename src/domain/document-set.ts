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
