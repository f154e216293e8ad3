// CSV (RFC 4180, CRLF line ends, fields quoted when they hold a comma, quote
// or line break) through csv-stringify: one row per record, one header line.
// List columns join their values with " | " (LIST_SEPARATOR); a related record
// is named by its slug, with a role or stance in parentheses.
import { stringify } from 'csv-stringify/sync';
import type { FuzzyDate } from '../dates/fuzzy-date.js';
import type { ExportWhat } from './filters.js';
import type { Formatter } from './format.js';
import { gid, TYPENAMES } from './json-shape.js';
import type { ExcerptRecord, ExportRecord, Ref } from './records.js';

/**
 * CRLF line ends; a field is quoted when it holds a comma, a quote or any line
 * break. csv-stringify quotes the CRLF it writes between records but not a lone
 * LF or CR, which most readers (pandas, R, spreadsheets) take for a new row.
 */
export const CSV_OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

export const LIST_SEPARATOR = ' | ';

type Cell = string | number | null;
type Columns = Record<string, (record: never) => Cell>;

const join = (values: string[]) => values.join(LIST_SEPARATOR);

// The lists below are written as join would write them, without an array in between: most hold one value.
function slugs(refs: readonly Ref[]): string {
  if (!refs.length) return '';
  let out = refs[0]!.slug;
  for (let i = 1; i < refs.length; i++) out += LIST_SEPARATOR + refs[i]!.slug;
  return out;
}

function quotes(excerpts: readonly ExcerptRecord[]): string {
  if (!excerpts.length) return '';
  let out = excerpts[0]!.quote;
  for (let i = 1; i < excerpts.length; i++) out += LIST_SEPARATOR + excerpts[i]!.quote;
  return out;
}

/** A claim's statements, in the order of its appearances. */
function appearanceSlugs(appearances: Of<'claim'>['appearances']): string {
  if (!appearances.length) return '';
  let out = appearances[0]!.statement.slug;
  for (let i = 1; i < appearances.length; i++) out += LIST_SEPARATOR + appearances[i]!.statement.slug;
  return out;
}

/** Every quote of a claim's appearances, in their order. */
function appearanceQuotes(appearances: Of<'claim'>['appearances']): string {
  if (appearances.length === 1) return quotes(appearances[0]!.excerpts);
  let out: string | null = null;
  for (const a of appearances) for (const e of a.excerpts) out = out === null ? e.quote : out + LIST_SEPARATOR + e.quote;
  return out ?? '';
}

function topicList(topics: Of<'claim'>['topics']): string {
  let out: string | null = null;
  for (const t of topics) {
    const item = t.stance ? `${t.topic.slug} (${t.stance})` : t.topic.slug;
    out = out === null ? item : out + LIST_SEPARATOR + item;
  }
  return out ?? '';
}

/** A FuzzyDate as five columns: <name>_edtf, _earliest, _latest, _precision, _note. */
function dateColumns<R>(name: string, pick: (record: R) => FuzzyDate | null): Columns {
  return {
    [`${name}_edtf`]: (r: R) => pick(r)?.edtf ?? null,
    [`${name}_earliest`]: (r: R) => pick(r)?.earliest ?? null,
    [`${name}_latest`]: (r: R) => pick(r)?.latest ?? null,
    [`${name}_precision`]: (r: R) => pick(r)?.precision ?? null,
    [`${name}_note`]: (r: R) => pick(r)?.note ?? null,
  } as Columns;
}

function columns<R>(spec: { [name: string]: (record: R) => Cell }): Columns {
  return spec as unknown as Columns;
}

type Of<T extends ExportRecord['type']> = Extract<ExportRecord, { type: T }>;
type Dated = Of<'event'> | Of<'statement'>;

const COLUMNS: Record<Exclude<ExportWhat, 'all'>, Columns> = {
  actors: columns<Of<'actor'>>({
    id: (r) => gid('actor', r.id),
    slug: (r) => r.slug,
    name: (r) => r.name,
    kind: (r) => r.kind,
    description: (r) => r.description,
    aliases: (r) => join(r.aliases),
    affiliations: (r) => join(r.affiliations.map((a) => (a.role ? `${a.organization.slug} (${a.role})` : a.organization.slug))),
  }),
  sources: {
    ...columns<Of<'source'>>({
      id: (r) => gid('source', r.id),
      slug: (r) => r.slug,
      title: (r) => r.title,
      kind: (r) => r.kind,
      publisher: (r) => r.publisher?.slug ?? null,
      url: (r) => r.url,
    }),
    ...dateColumns<Of<'source'>>('published', (r) => r.published),
    ...columns<Of<'source'>>({ file_name: (r) => r.fileName, text: (r) => r.text }),
  },
  topics: columns<Of<'topic'>>({ id: (r) => gid('topic', r.id), slug: (r) => r.slug, name: (r) => r.name, description: (r) => r.description }),
  events: {
    ...columns<Of<'event'>>({ id: (r) => gid('event', r.id), slug: (r) => r.slug, title: (r) => r.title, kind: (r) => r.kind }),
    ...dateColumns<Of<'event'>>('start', (r) => r.start),
    ...dateColumns<Of<'event'>>('end', (r) => r.end),
    ...columns<Of<'event'>>({
      description: (r) => r.description,
      place: (r) => r.place,
      parent: (r) => r.parent?.slug ?? null,
      participants: (r) => join(r.participants.map((p) => `${p.actor.slug} (${p.role})`)),
      quotes: (r) => quotes(r.excerpts),
    }),
  },
  statements: {
    ...columns<Of<'statement'>>({ id: (r) => gid('statement', r.id), slug: (r) => r.slug, title: (r) => r.title, kind: (r) => r.kind }),
    ...dateColumns<Of<'statement'>>('date', (r) => r.date),
    ...columns<Of<'statement'>>({
      summary: (r) => r.summary,
      participants: (r) => join(r.participants.map((p) => `${p.actor.slug} (${p.role})`)),
      events: (r) => slugs(r.events),
      responds_to: (r) => slugs(r.respondsTo),
      claims: (r) => slugs(r.claims),
      quotes: (r) => quotes(r.excerpts),
    }),
  },
  claims: {
    ...columns<Of<'claim'>>({ id: (r) => gid('claim', r.id), slug: (r) => r.slug, text: (r) => r.text, kind: (r) => r.kind }),
    ...dateColumns<Of<'claim'>>('date', (r) => r.date),
    ...columns<Of<'claim'>>({
      claimants: (r) => slugs(r.claimants),
      subjects: (r) => slugs(r.subjects),
      events: (r) => slugs(r.events),
      topics: (r) => topicList(r.topics),
      statements: (r) => appearanceSlugs(r.appearances),
      quotes: (r) => appearanceQuotes(r.appearances),
    }),
  },
  relations: columns<Of<'relation'>>({
    kind: (r) => r.kind,
    from: (r) => r.from.slug,
    to: (r) => r.to.slug,
    statement: (r) => r.statement?.slug ?? null,
    note: (r) => r.note,
    created_on: (r) => r.createdOn,
  }),
  timeline: {
    ...columns<Dated>({
      type: (r) => TYPENAMES[r.type],
      id: (r) => gid(r.type, r.id),
      slug: (r) => r.slug,
      title: (r) => r.title,
      kind: (r) => r.kind,
    }),
    ...dateColumns<Dated>('date', (r) => (r.type === 'event' ? r.start : r.date)),
    ...dateColumns<Dated>('end', (r) => (r.type === 'event' ? r.end : null)),
    ...columns<Dated>({
      text: (r) => (r.type === 'event' ? r.description : r.summary),
      place: (r) => (r.type === 'event' ? r.place : null),
      participants: (r) => join(r.participants.map((p) => `${p.actor.slug} (${p.role})`)),
      quotes: (r) => quotes(r.excerpts),
    }),
  },
};

/** The header of an export's CSV, for documentation and tests. */
export function csvHeader(what: Exclude<ExportWhat, 'all'>): string[] {
  return Object.keys(COLUMNS[what]);
}

export const csv: Formatter = {
  name: 'csv',
  extension: 'csv',
  contentType: 'text/csv; charset=utf-8; header=present',
  refuses: (what) => (what === 'all' ? 'CSV writes one file per type: run `npm run export -- all --format csv --out DIR`.' : null),
  async *format(what, batches) {
    const spec = COLUMNS[what as Exclude<ExportWhat, 'all'>];
    const names = Object.keys(spec);
    const cells = Object.values(spec);
    yield stringify([names], CSV_OPTIONS);
    for await (const batch of batches) {
      if (!batch.length) continue;
      const rows: Cell[][] = new Array(batch.length);
      for (let i = 0; i < batch.length; i++) {
        const record = batch[i] as never;
        const row: Cell[] = new Array(cells.length);
        for (let j = 0; j < cells.length; j++) row[j] = cells[j]!(record);
        rows[i] = row;
      }
      yield stringify(rows, CSV_OPTIONS);
    }
  },
};
