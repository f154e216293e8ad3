// Full-text search shared by search(query) and the `search` fields of the list
// filters: one parser turns the user's text into a tsquery, and every match goes
// through the GIN-indexed `search` columns of src/db/schema.ts.
import { type SQL, sql } from 'drizzle-orm';
import { SEARCH_CONFIG } from '../db/schema.js';
import { userError } from '../errors.js';

export type SearchableEntity = 'actor' | 'statement' | 'claim' | 'event' | 'source' | 'topic';

export const MAX_SEARCH_LENGTH = 200;

const CONFIG = sql.raw(`'${SEARCH_CONFIG}'::regconfig`);

/**
 * The user's query as a tsquery expression. websearch_to_tsquery gives quoted
 * phrases, `or` and `-word` without ever failing on odd input, but knows no
 * prefix search; so `word*` terms are taken out first and each becomes its own
 * `to_tsquery('word:*')`. Their text is cut down to letters and digits before it
 * reaches to_tsquery, whose own syntax would otherwise let input break the query.
 * All parts must match (&&).
 */
export function searchQuery(query: string, argumentName = 'search'): SQL {
  const text = query.trim();
  if (!text) throw userError('INVALID_SEARCH', `${argumentName} must not be empty.`, { argumentName });
  if (text.length > MAX_SEARCH_LENGTH) {
    throw userError('INVALID_SEARCH', `${argumentName} is longer than ${MAX_SEARCH_LENGTH} characters.`, {
      argumentName,
      maximum: MAX_SEARCH_LENGTH,
    });
  }
  const prefixes: string[] = [];
  // Quoted phrases are kept whole; a `*` inside quotes has no meaning to websearch and is dropped by it.
  const rest = text
    .split(/("[^"]*"?)/)
    .map((part) =>
      part.startsWith('"')
        ? part
        : part.replace(/(^|\s)(-?)([^\s"]+)\*(?=\s|$)/gu, (_match, space: string, negated: string, word: string) => {
            const lexemes = word.match(/[\p{L}\p{N}]+/gu);
            if (lexemes) prefixes.push(`${negated ? '!' : ''}(${lexemes.map((l, i) => (i === lexemes.length - 1 ? `${l}:*` : l)).join(' <-> ')})`);
            return space;
          }),
    )
    .join('')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(rest) && prefixes.length === 0) {
    throw userError('INVALID_SEARCH', `${argumentName} has no words to search for.`, { argumentName });
  }
  const parts: SQL[] = [];
  if (/[\p{L}\p{N}]/u.test(rest)) parts.push(sql`websearch_to_tsquery(${CONFIG}, ${rest})`);
  for (const prefix of prefixes) parts.push(sql`to_tsquery(${CONFIG}, ${prefix})`);
  return sql`(${sql.join(parts, sql` && `)})`;
}

/**
 * Each matching row of one entity's own document, with its ts_rank. An actor
 * matches by name or by any alias (two indexed scans, best rank kept).
 */
export function rankedMatches(entity: SearchableEntity, q: SQL): SQL {
  switch (entity) {
    case 'actor':
      return sql`SELECT id, max(rank) AS rank FROM (
          SELECT a.id, ts_rank(a.search, ${q}, 1) AS rank FROM actors a WHERE a.search @@ ${q}
          UNION ALL
          SELECT aa.actor_id, ts_rank(aa.search, ${q}, 1) FROM actor_aliases aa WHERE aa.search @@ ${q}
        ) named GROUP BY id`;
    case 'statement':
      return sql`SELECT s.id, ts_rank(s.search, ${q}, 1) AS rank FROM statements s WHERE s.search @@ ${q}`;
    case 'claim':
      return sql`SELECT c.id, ts_rank(c.search, ${q}, 1) AS rank FROM claims c WHERE c.search @@ ${q}`;
    case 'event':
      return sql`SELECT e.id, ts_rank(e.search, ${q}, 1) AS rank FROM events e WHERE e.search @@ ${q}`;
    case 'source':
      return sql`SELECT so.id, ts_rank(so.search, ${q}, 1) AS rank FROM sources so WHERE so.search @@ ${q}`;
    case 'topic':
      return sql`SELECT t.id, ts_rank(t.search, ${q}, 1) AS rank FROM topics t WHERE t.search @@ ${q}`;
  }
}

/**
 * Ids a filter's `search` selects. Statements and events also match through
 * their claims (a statement through the claims it contains, an event through the
 * claims about it), as their filters' descriptions promise.
 */
function matchingIds(entity: SearchableEntity, q: SQL): SQL {
  switch (entity) {
    case 'actor':
      return sql`SELECT a.id FROM actors a WHERE a.search @@ ${q}
        UNION SELECT aa.actor_id FROM actor_aliases aa WHERE aa.search @@ ${q}`;
    case 'statement':
      return sql`SELECT s.id FROM statements s WHERE s.search @@ ${q}
        UNION SELECT ca.statement_id FROM claims c JOIN claim_appearances ca ON ca.claim_id = c.id WHERE c.search @@ ${q}`;
    case 'event':
      return sql`SELECT e.id FROM events e WHERE e.search @@ ${q}
        UNION SELECT ce.event_id FROM claims c JOIN claim_events ce ON ce.claim_id = c.id WHERE c.search @@ ${q}`;
    default:
      return sql`SELECT id FROM (${rankedMatches(entity, q)}) m`;
  }
}

/** The condition a filter's `search` adds: `id` is the entity's id column in the outer query. */
export function searchCondition(entity: SearchableEntity, id: SQL, query: string): SQL {
  return sql`${id} IN (${matchingIds(entity, searchQuery(query))})`;
}
