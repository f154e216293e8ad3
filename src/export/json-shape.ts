// Records as the API shows them: global IDs, slugs, FuzzyDates with the API's
// fields, related records as lists of IDs. NDJSON writes these lines as they are.
import type { FuzzyDate } from '../dates/fuzzy-date.js';
import type { ClaimRecord, ExcerptRecord, ExportRecord, RecordType } from './records.js';

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

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of a string of ASCII characters (one byte each), with padding: what Buffer gives, without a Buffer per call. */
function asciiBase64(text: string): string {
  let out = '';
  const n = text.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2);
    out += BASE64[v >> 18]! + BASE64[(v >> 12) & 63]! + BASE64[(v >> 6) & 63]! + BASE64[v & 63]!;
  }
  if (i + 1 === n) {
    const v = text.charCodeAt(i) << 16;
    out += `${BASE64[v >> 18]!}${BASE64[(v >> 12) & 63]!}==`;
  } else if (i + 2 === n) {
    const v = (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8);
    out += `${BASE64[v >> 18]!}${BASE64[(v >> 12) & 63]!}${BASE64[(v >> 6) & 63]!}=`;
  }
  return out;
}

const ALPHABET = Buffer.from(BASE64, 'latin1');
/** Each type's "<Type>:" as bytes. */
const HEADS = Object.fromEntries(Object.entries(TYPENAMES).map(([type, name]) => [type, Buffer.from(`${name}:`, 'latin1')])) as Record<RecordType, Buffer>;
// Reused by every call (they never overlap): "<Type>:<id>" as bytes, then its base64.
const plain = Buffer.allocUnsafe(32);
const encoded = Buffer.allocUnsafe(48);

/**
 * The record's global ID, as the API's (Pothos's encodeGlobalID: base64 of
 * "<Type>:<id>"; type names and ids are ASCII). Written byte by byte into
 * buffers kept for it, then read off as one string: an export makes several
 * a record, and building them from strings made a dozen short-lived strings each.
 */
export function gid(type: RecordType, id: number): string {
  if (!(Number.isInteger(id) && id >= 0 && id <= 0x7fffffff)) return asciiBase64(`${TYPENAMES[type]}:${id}`);
  const head = HEADS[type];
  let n = head.copy(plain, 0);
  let digits = 1;
  for (let v = id; v >= 10; v = (v / 10) | 0) digits++;
  for (let k = n + digits - 1, v = id; k >= n; k--, v = (v / 10) | 0) plain[k] = 48 + (v % 10);
  n += digits;
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (plain[i]! << 16) | (plain[i + 1]! << 8) | plain[i + 2]!;
    encoded[o++] = ALPHABET[v >> 18]!;
    encoded[o++] = ALPHABET[(v >> 12) & 63]!;
    encoded[o++] = ALPHABET[(v >> 6) & 63]!;
    encoded[o++] = ALPHABET[v & 63]!;
  }
  if (i < n) {
    const v = (plain[i]! << 16) | (i + 1 < n ? plain[i + 1]! << 8 : 0);
    encoded[o++] = ALPHABET[v >> 18]!;
    encoded[o++] = ALPHABET[(v >> 12) & 63]!;
    encoded[o++] = i + 1 < n ? ALPHABET[(v >> 6) & 63]! : 61;
    encoded[o++] = 61;
  }
  return encoded.toString('latin1', 0, o);
}

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
  // `type` first, spelt out in each: spreading a shared head made every line slower to build.
  switch (record.type) {
    case 'actor':
      return {
        type: 'Actor',
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
        type: 'Source',
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
      return { type: 'Topic', id: gid('topic', record.id), slug: record.slug, name: record.name, description: record.description };
    case 'event':
      return {
        type: 'Event',
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
        type: 'Statement',
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
        type: 'Claim',
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
        type: 'ClaimRelation',
        kind: record.kind,
        from: gid('claim', record.from.id),
        to: gid('claim', record.to.id),
        statement: record.statement ? gid('statement', record.statement.id) : null,
        note: record.note,
        createdOn: record.createdOn,
      };
  }
}

const text = (value: string | null) => (value == null ? 'null' : JSON.stringify(value));

function dateText(date: FuzzyDate | null): string {
  if (!date) return 'null';
  return `{"edtf":${text(date.edtf)},"precision":${text(date.precision)},"approximate":${date.approximate},"uncertain":${date.uncertain},"earliest":${text(date.earliest)},"latest":${text(date.latest)},"note":${text(date.note)}}`;
}

function gidList(type: RecordType, refs: readonly { id: number }[]): string {
  let out = '[';
  for (let i = 0; i < refs.length; i++) out += `${i ? ',' : ''}"${gid(type, refs[i]!.id)}"`;
  return `${out}]`;
}

/**
 * A claim's NDJSON line, newline included: the same text as
 * JSON.stringify(recordJson(claim)) (a test holds them equal), built as one
 * string without the object in between. Claims are the largest export.
 */
export function claimLine(r: ClaimRecord): string {
  let out = `{"type":"Claim","id":"${gid('claim', r.id)}","slug":${text(r.slug)},"text":${text(r.text)},"kind":${text(r.kind)},"date":${dateText(r.date)},"claimants":${gidList('actor', r.claimants)},"subjects":${gidList('actor', r.subjects)},"events":${gidList('event', r.events)},"topics":[`;
  for (let i = 0; i < r.topics.length; i++) {
    const t = r.topics[i]!;
    out += `${i ? ',' : ''}{"topic":"${gid('topic', t.topic.id)}","stance":${text(t.stance)}}`;
  }
  out += '],"appearances":[';
  for (let i = 0; i < r.appearances.length; i++) {
    const a = r.appearances[i]!;
    out += `${i ? ',' : ''}{"statement":"${gid('statement', a.statement.id)}","excerpts":[`;
    for (let j = 0; j < a.excerpts.length; j++) {
      const x = a.excerpts[j]!;
      out += `${j ? ',' : ''}{"source":"${gid('source', x.source.id)}","start":${x.start},"end":${x.end},"quote":${text(x.quote)}}`;
    }
    out += ']}';
  }
  return `${out}]}\n`;
}
