// search(query): one ranked list over actors, statements, claims, events,
// sources and topics, each matched through its GIN-indexed tsvector.
import { type SQL, sql } from 'drizzle-orm';
import { estimateRows } from '../db/estimate.js';
import { rowOfType, rowsOfTypes } from '../db/row-columns.js';
import { actors, claims, events, sources, statements, topics } from '../db/schema.js';
import { selectRows } from '../db/rows.js';
import { rootConnection } from '../pagination/connection.js';
import { Actor } from './actor.js';
import { builder } from './builder.js';
import { Claim } from './claim.js';
import { Event } from './event.js';
import { rankedMatches, type SearchableEntity, searchQuery } from './search-filter.js';
import { PAGE_FIELDS, selectsAnyOf } from './selection.js';
import { Source } from './source.js';
import { Statement } from './statement.js';
import { Topic } from './topic.js';

/** Position in this list is the type's tiebreak rank in the result order (and its number in cursors). */
const RESULT_TYPES = [
  { entity: 'actor', table: actors, name: 'Actor' },
  { entity: 'statement', table: statements, name: 'Statement' },
  { entity: 'claim', table: claims, name: 'Claim' },
  { entity: 'event', table: events, name: 'Event' },
  { entity: 'source', table: sources, name: 'Source' },
  { entity: 'topic', table: topics, name: 'Topic' },
] as const satisfies readonly { entity: SearchableEntity; table: unknown; name: string }[];

interface Hit {
  type: number;
  id: number;
  rank: number;
  /** The item's row, read in the page's statement. */
  row: object;
}

interface SearchEdgeShape {
  cursor: string;
  node: object;
  rank: number;
}

// Rows of different tables share field names (slug, name, title); the loader
// that fetched a row knows its type, so the union asks this map.
const typeOfRow = new WeakMap<object, string>();

export const SearchResult = builder.unionType('SearchResult', {
  description: 'Anything search(query) can find.',
  types: [Actor, Statement, Claim, Event, Source, Topic],
  resolveType: (row) => typeOfRow.get(row)!,
});

export const SearchConnection = builder.connectionObject(
  {
    type: SearchResult,
    name: 'SearchConnection',
    description: 'A page of search results, best match first (ts_rank, then type in the order of SearchResult, then id).',
    fields: (t) => ({
      totalCountEstimate: t.int({
        description:
          "An estimate of totalCount from the database's statistics (how often each word occurs), in about a millisecond, where an exact count reads every match (seconds for a word in a million items). Close for common words, rough for rare ones and for phrases, prefixes and exclusions. For labels such as 'about 250,000 results'; use totalCount where the number must be exact.",
        resolve: (connection) => (connection as unknown as { totalCountEstimate: () => Promise<number> }).totalCountEstimate(),
      }),
    }),
  },
  {
    name: 'SearchEdge',
    description: 'A search result in a page.',
    fields: (t) => ({
      rank: t.float({
        description: 'How well the item matches (Postgres ts_rank; names and titles weigh more than text). Higher is better.',
        resolve: (edge) => (edge as unknown as SearchEdgeShape).rank,
      }),
    }),
  },
);

function hitsQuery(q: SQL): SQL {
  const branches = RESULT_TYPES.map((type, index) => sql`SELECT ${sql.raw(String(index))} AS type, m.id, m.rank FROM (${rankedMatches(type.entity, q)}) m`);
  return sql`(${sql.join(branches, sql` UNION ALL `)})`;
}

/**
 * A page of hits (alias `hits`, in `orderBy`) with each item's row as JSON,
 * joined by key after the page is cut: a page and its rows are one statement.
 */
function withRows(page: SQL, orderBy: SQL): SQL {
  return sql`SELECT hits.type, hits.id, hits.rank, ${HIT_ROWS.row} FROM (${page}) hits ${HIT_ROWS.joins} ORDER BY ${orderBy}`;
}

const HIT_ROWS = rowsOfTypes('hits', RESULT_TYPES.map((type) => type.table));

function hitOf(raw: { type: number | string; id: number | string; rank: number | string; row: unknown }): Hit {
  const type = RESULT_TYPES[Number(raw.type)]!;
  const row = rowOfType(type.table, raw.row) as object;
  typeOfRow.set(row, type.name);
  return { type: Number(raw.type), id: Number(raw.id), rank: Number(raw.rank), row };
}

builder.queryFields((t) => ({
  search: t.field({
    type: SearchConnection,
    description:
      'Full-text search over actors (names and aliases), statements (titles, summaries), claims, events (titles, descriptions, places), sources (titles, texts) and topics, best match first. Words are stemmed English; "quoted words" match as a phrase, word* as a prefix, -word excludes, `or` between words accepts either.',
    args: {
      query: t.arg.string({ required: true, description: 'What to look for; 1 to 200 characters.' }),
      first: t.arg.int({ description: 'Return at most this many results (default 20, at most 100).' }),
      after: t.arg.string({ description: 'Return results after this cursor.' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const q = searchQuery(args.query, 'query');
      const hits = hitsQuery(q);
      // Ranking every match to find the best few is the cost of a page (seconds for a common word in a million items); a count alone skips it.
      const pageSelected = selectsAnyOf(info, PAGE_FIELDS);
      const connection = await rootConnection<Hit>(
        { first: args.first, after: args.after },
        {
          kind: 'search',
          // Negated rank so one ascending keyset gives best-first with ascending tiebreaks.
          key: {
            columns: [
              { expr: sql`-hits.rank`, type: 'real' },
              { expr: sql`hits.type`, type: 'integer' },
              { expr: sql`hits.id`, type: 'integer' },
            ],
            descending: false,
          },
          keyOf: (hit) => [-hit.rank, hit.type, hit.id],
          fetch: async (conditions, orderBy, limit) =>
            !pageSelected
              ? []
              : (
              await selectRows<Parameters<typeof hitOf>[0]>(
                ctx.db,
                withRows(
                  sql`SELECT type, id, rank FROM ${hits} hits
                    ${conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``}
                    ORDER BY ${orderBy} LIMIT ${limit}`,
                  orderBy,
                ),
              )
            ).map(hitOf),
          count: async () => Number((await selectRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM ${hits} hits`))[0]?.n ?? 0),
        },
      );
      const edges = connection.edges.map((edge) => ({ cursor: edge.cursor, rank: edge.node.rank, node: edge.node.row }));
      return { ...connection, edges, totalCountEstimate: () => estimateRows(ctx.db, sql`SELECT 1 FROM ${hits} hits`) } as never;
    },
  }),
}));
