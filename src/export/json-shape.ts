// Records as the API shows them: global IDs, slugs, FuzzyDates with the API's
// fields, related records as lists of IDs. NDJSON writes these lines as they are.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { FuzzyDate } from '../dates/fuzzy-date.js';
import type { ExcerptRecord, ExportRecord, RecordType } from './records.js';

/** The GraphQL type each record is, for global IDs and the `type` tag. */
export const TYPENAMES: Record<RecordType, string> = {
  actor: 'Actor',
  source: 'Source',
  topic: 'Topic',
  event: 'Event',
  statement: 'Statement',
  claim: 'Claim',
  relation: 'ClaimRelation',
};

export const gid = (type: RecordType, id: number) => encodeGlobalID(TYPENAMES[type], id);

/** FuzzyDate as the API returns it (without `display`, which is for people). */
export function dateJson(date: FuzzyDate | null) {
  if (!date) return null;
  return {
    edtf: date.edtf,
    precision: date.precision,
    approximate: date.approximate,
    uncertain: date.uncertain,
    earliest: date.earliest,
    latest: date.latest,
    note: date.note,
  };
}

const excerptJson = (e: ExcerptRecord) => ({ source: gid('source', e.source.id), start: e.start, end: e.end, quote: e.quote });

export function recordJson(record: ExportRecord): Record<string, unknown> {
  const head = { type: TYPENAMES[record.type] };
  switch (record.type) {
    case 'actor':
      return {
        ...head,
        id: gid('actor', record.id),
        slug: record.slug,
        name: record.name,
        kind: record.kind,
        description: record.description,
        aliases: record.aliases,
        affiliations: record.affiliations.map((a) => ({
          organization: gid('actor', a.organization.id),
          role: a.role,
          since: dateJson(a.since),
          until: dateJson(a.until),
        })),
      };
    case 'source':
      return {
        ...head,
        id: gid('source', record.id),
        slug: record.slug,
        title: record.title,
        kind: record.kind,
        publisher: record.publisher ? gid('actor', record.publisher.id) : null,
        url: record.url,
        published: dateJson(record.published),
        fileName: record.fileName,
        text: record.text,
      };
    case 'topic':
      return { ...head, id: gid('topic', record.id), slug: record.slug, name: record.name, description: record.description };
    case 'event':
      return {
        ...head,
        id: gid('event', record.id),
        slug: record.slug,
        title: record.title,
        kind: record.kind,
        description: record.description,
        start: dateJson(record.start),
        end: dateJson(record.end),
        place: record.place,
        parent: record.parent ? gid('event', record.parent.id) : null,
        participants: record.participants.map((p) => ({ actor: gid('actor', p.actor.id), role: p.role })),
        excerpts: record.excerpts.map(excerptJson),
      };
    case 'statement':
      return {
        ...head,
        id: gid('statement', record.id),
        slug: record.slug,
        title: record.title,
        kind: record.kind,
        date: dateJson(record.date),
        summary: record.summary,
        participants: record.participants.map((p) => ({ actor: gid('actor', p.actor.id), role: p.role })),
        events: record.events.map((e) => gid('event', e.id)),
        respondsTo: record.respondsTo.map((s) => gid('statement', s.id)),
        excerpts: record.excerpts.map(excerptJson),
        claims: record.claims.map((c) => gid('claim', c.id)),
      };
    case 'claim':
      return {
        ...head,
        id: gid('claim', record.id),
        slug: record.slug,
        text: record.text,
        kind: record.kind,
        date: dateJson(record.date),
        claimants: record.claimants.map((a) => gid('actor', a.id)),
        subjects: record.subjects.map((a) => gid('actor', a.id)),
        events: record.events.map((e) => gid('event', e.id)),
        topics: record.topics.map((t) => ({ topic: gid('topic', t.topic.id), stance: t.stance })),
        appearances: record.appearances.map((a) => ({ statement: gid('statement', a.statement.id), excerpts: a.excerpts.map(excerptJson) })),
      };
    case 'relation':
      return {
        ...head,
        kind: record.kind,
        from: gid('claim', record.from.id),
        to: gid('claim', record.to.id),
        statement: record.statement ? gid('statement', record.statement.id) : null,
        note: record.note,
        createdOn: record.createdOn,
      };
  }
}
