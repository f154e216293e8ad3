import { sql } from 'drizzle-orm';
import { fuzzyDateOf } from '../dates/fuzzy-date.js';
import { excerpts, SOURCE_KINDS, sources } from '../db/schema.js';
import { rowBySlug, rowsById } from '../loaders/rows-by-id.js';
import type { ExcerptRow } from '../loaders/excerpts.js';
import { nestedConnection, tableConnection } from '../pagination/connection.js';
import { Actor } from './actor.js';
import { builder } from './builder.js';
import { rowNode } from './row-node.js';
import { FuzzyDateRef } from './fuzzy-date.js';
import { nameKey } from './sort-keys.js';

export type SourceRow = Omit<typeof sources.$inferSelect, 'search'>;

export const SourceKindEnum = builder.enumType('SourceKind', {
  description: 'What sort of document a source is.',
  values: SOURCE_KINDS,
});

export const Source = builder.loadableNodeRef<SourceRow, number, number>('Source', rowNode<SourceRow>(sources));

Source.implement({
  description: 'A document the data was taken from; its full text is kept so every quote can be checked.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key: source(slug:) finds it.' }),
    title: t.exposeString('title', { description: 'Title of the document.' }),
    kind: t.expose('kind', { type: SourceKindEnum, description: 'What sort of document it is.' }),
    publisher: t.field({
      type: Actor,
      nullable: true,
      description: 'Who published it, if known.',
      resolve: (s) => s.publisherId,
    }),
    url: t.exposeString('url', { nullable: true, description: 'Where it was published, when the document gives an address.' }),
    published: t.field({
      type: FuzzyDateRef,
      nullable: true,
      description: 'When it was published, as precisely as known.',
      resolve: (s) => fuzzyDateOf(s, 'published'),
    }),
    fileName: t.exposeString('fileName', { nullable: true, description: 'Name of the original file the cleaned text was made from.' }),
    text: t.exposeString('text', { description: 'The full cleaned text; excerpt offsets index into it (UTF-16 code units).' }),
    excerpts: t.field({
      type: ExcerptConnection,
      description: 'Excerpts quoted from this source, in text order.',
      args: t.arg.connectionArgs(),
      resolve: (s, args, ctx, info) =>
        nestedConnection(ctx, s.id, args, {
          selection: info,
          kind: 'source-excerpts',
          table: excerpts,
          spec: () => ({
            from: sql`excerpts e`,
            parent: sql`e.source_id`,
            node: sql`e.id`,
            key: { columns: [{ expr: sql`e.start`, type: 'integer' }, { expr: sql`e.id`, type: 'integer' }], descending: false },
          }),
        }),
    }),
  }),
});

export const Excerpt = builder.loadableObjectRef<ExcerptRow, number>('Excerpt', {
  load: (ids: number[], ctx) => rowsById<ExcerptRow>(ctx.db, excerpts, excerpts.id, ids) as Promise<ExcerptRow[]>,
});

Excerpt.implement({
  description: 'A verbatim span of a source (W3C Web Annotation TextQuote + TextPosition selectors): source.text[start, end) == quote.',
  fields: (t) => ({
    source: t.field({ type: Source, description: 'The source quoted.', resolve: (e) => e.sourceId }),
    quote: t.exposeString('quote', { description: 'The exact text of the span.' }),
    start: t.exposeInt('start', { description: 'Offset of the first character (UTF-16 code units).' }),
    end: t.exposeInt('end', { description: 'Offset just past the last character.' }),
    prefix: t.exposeString('prefix', { description: 'Up to 32 characters before the span, to re-anchor it.' }),
    suffix: t.exposeString('suffix', { description: 'Up to 32 characters after the span.' }),
  }),
});

export const ExcerptConnection = builder.connectionObject(
  { type: Excerpt, name: 'ExcerptConnection', description: 'A page of excerpts.' },
  { name: 'ExcerptEdge', description: 'An excerpt in a page.' },
);

export const SourceConnection = builder.connectionObject(
  { type: Source, name: 'SourceConnection', description: 'A page of sources.' },
  { name: 'SourceEdge', description: 'A source in a page.' },
);

builder.queryFields((t) => ({
  source: t.field({
    type: Source,
    nullable: true,
    description: 'The source with this slug, or null.',
    args: { slug: t.arg.string({ required: true, description: "The source's slug." }) },
    resolve: (_root, { slug }, ctx) => rowBySlug(ctx.db, sources, slug),
  }),
  sources: t.field({
    type: SourceConnection,
    description: 'All sources, by title.',
    args: t.arg.connectionArgs(),
    resolve: (_root, args, ctx) =>
      tableConnection(ctx.db, sources, args, {
        kind: 'sources',
        key: nameKey(sources.title, sources.id),
        keyOf: (s: SourceRow) => [s.title, s.id],
      }),
  }),
}));
