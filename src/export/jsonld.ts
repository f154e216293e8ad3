// schema.org JSON-LD: one document, {"@context": "https://schema.org", "@graph": [...]},
// written node by node. Claims are Claims whose appearances (and first
// appearance) are CreativeWorks carrying the quotes; claimants are their
// authors, as Person or Organization; dates are given only as far as they are
// known (see knownDate). Nodes are named urn:claimline:<type>:<slug>.
import type { FuzzyDate } from '../dates/fuzzy-date.js';
import type { Formatter } from './format.js';
import { gid } from './json-shape.js';
import type { ActorRef, ExcerptRecord, ExportRecord, RecordType, Ref } from './records.js';
import { SCHEMA_ORG } from './schema-org-context.js';

const iri = (type: RecordType, slug: string) => `urn:claimline:${type}:${slug}`;
const link = (type: RecordType, r: Ref) => ({ '@id': iri(type, r.slug) });

/**
 * An ISO 8601 date to the precision the source gives ('2025-11-12', '2025-11',
 * '2025'), or undefined when no part of it is certain enough to state: an
 * uncertain or approximate date, an interval, a decade.
 */
export function knownDate(date: FuzzyDate | null): string | undefined {
  if (!date || date.uncertain || date.approximate || date.edtf.includes('/') || date.precision === 'DECADE') return undefined;
  return date.edtf;
}

function agent(actor: ActorRef) {
  return { '@type': actor.kind === 'PERSON' ? 'Person' : 'Organization', '@id': iri('actor', actor.slug), name: actor.name };
}

function quoteText(excerpts: ExcerptRecord[]): string {
  return excerpts.map((e) => e.quote).join(' … ');
}

const compact = <T extends Record<string, unknown>>(node: T) =>
  Object.fromEntries(Object.entries(node).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)));

export function jsonLdNode(record: ExportRecord): Record<string, unknown> {
  const id = record.type === 'relation' ? iri('claim', record.from.slug) : iri(record.type, record.slug);
  switch (record.type) {
    case 'actor':
      return compact({
        '@type': record.kind === 'PERSON' ? 'Person' : 'Organization',
        '@id': id,
        identifier: gid('actor', record.id),
        name: record.name,
        alternateName: record.aliases,
        description: record.description,
        memberOf: record.affiliations.map((a) => compact({ ...agent(a.organization), roleName: a.role ?? undefined })),
      });
    case 'source':
      return compact({
        '@type': record.kind === 'NEWS_ARTICLE' ? 'NewsArticle' : 'CreativeWork',
        '@id': id,
        identifier: gid('source', record.id),
        name: record.title,
        genre: record.kind,
        url: record.url,
        publisher: record.publisher ? agent(record.publisher) : undefined,
        datePublished: knownDate(record.published),
        text: record.text,
      });
    case 'topic':
      return compact({ '@type': 'DefinedTerm', '@id': id, identifier: gid('topic', record.id), name: record.name, description: record.description });
    case 'event':
      return compact({
        '@type': 'Event',
        '@id': id,
        identifier: gid('event', record.id),
        name: record.title,
        description: record.description,
        startDate: knownDate(record.start),
        endDate: knownDate(record.end),
        location: record.place ? { '@type': 'Place', name: record.place } : undefined,
        superEvent: record.parent ? link('event', record.parent) : undefined,
        attendee: record.participants.map((p) => agent(p.actor)),
      });
    case 'statement':
      return compact({
        '@type': 'CreativeWork',
        '@id': id,
        identifier: gid('statement', record.id),
        name: record.title,
        genre: record.kind,
        datePublished: knownDate(record.date),
        abstract: record.summary,
        author: record.participants.filter((p) => ['AUTHOR', 'LEAD_SIGNATORY', 'SIGNATORY', 'SPEAKER'].includes(p.role)).map((p) => agent(p.actor)),
        publisher: record.participants.filter((p) => p.role === 'PUBLISHER').map((p) => agent(p.actor)),
        about: record.events.map((e) => link('event', e)),
        hasPart: record.claims.map((c) => link('claim', c)),
        text: quoteText(record.excerpts) || undefined,
      });
    case 'claim': {
      const appearances = record.appearances.map((a) =>
        compact({
          '@type': 'CreativeWork',
          name: a.statement.title,
          isBasedOn: link('statement', a.statement),
          datePublished: knownDate(a.statement.date),
          text: quoteText(a.excerpts),
        }),
      );
      return compact({
        '@type': 'Claim',
        '@id': id,
        identifier: gid('claim', record.id),
        text: record.text,
        genre: record.kind,
        datePublished: knownDate(record.date),
        author: record.claimants.map(agent),
        about: [...record.subjects.map(agent), ...record.events.map((e) => link('event', e)), ...record.topics.map((t) => link('topic', t.topic))],
        firstAppearance: appearances[0],
        appearance: appearances,
      });
    }
    case 'relation':
      return compact({
        '@type': 'Claim',
        '@id': id,
        additionalProperty: compact({
          '@type': 'PropertyValue',
          propertyID: record.kind,
          valueReference: link('claim', record.to),
          description: record.note,
          isBasedOn: record.statement ? link('statement', record.statement) : undefined,
          dateCreated: record.createdOn,
        }),
      });
  }
}

export const jsonld: Formatter = {
  name: 'jsonld',
  extension: 'jsonld',
  contentType: 'application/ld+json; charset=utf-8',
  refuses: () => null,
  async *format(_what, batches) {
    yield `{"@context":"${SCHEMA_ORG}","@graph":[`;
    let first = true;
    for await (const batch of batches) {
      if (!batch.length) continue;
      const nodes = batch.map((record) => JSON.stringify(jsonLdNode(record))).join(',\n');
      yield `${first ? '\n' : ',\n'}${nodes}`;
      first = false;
    }
    yield '\n]}\n';
  },
};
