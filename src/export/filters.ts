// The export's filters: the same arguments as the GraphQL list and timeline
// filters, with the same meaning and the same error codes, taken from the
// command line or a query string. Actors and topics are named by slug or by
// global ID. Everything is checked before a row is read, so a bad filter is an
// error, never an empty or truncated export.
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import type { Database } from '../db/client.js';
import { ACTOR_KINDS, actors, CLAIM_KINDS, claimRelations, CLAIM_RELATION_KINDS, EVENT_KINDS, STATEMENT_KINDS, topics } from '../db/schema.js';
import { userError } from '../errors.js';
import { TIMELINE_TYPES, type TimelineScope } from '../loaders/timeline.js';
import { dateRange } from '../schema/date-range.js';
import { searchCondition, searchQuery } from '../schema/search-filter.js';
// The GraphQL schema's own filter functions (and global IDs) are imported when
// a filter needs them: an unfiltered export (the command line's usual case)
// then never loads the schema, about 15 MB of a process that only exports.

export const EXPORT_WHATS = ['actors', 'sources', 'statements', 'claims', 'relations', 'events', 'topics', 'timeline', 'all'] as const;
export type ExportWhat = (typeof EXPORT_WHATS)[number];

/** Filters as a user gives them: every value a string, lists for repeatable ones. */
export interface ExportFilterInput {
  from?: string;
  to?: string;
  actor?: string[];
  topic?: string[];
  type?: string[];
  search?: string;
  subject?: string;
  eventKind?: string[];
  statementKind?: string[];
}

export const FILTER_NAMES = ['from', 'to', 'actor', 'topic', 'type', 'search', 'subject', 'eventKind', 'statementKind'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** Which filters each export takes: those of its GraphQL field (see the README's "Exports"). */
const ALLOWED: Record<ExportWhat, readonly FilterName[]> = {
  actors: ['type', 'search'],
  sources: [],
  topics: [],
  statements: ['type', 'from', 'to', 'actor', 'search'],
  events: ['type', 'from', 'to', 'actor'],
  claims: ['type', 'actor', 'subject', 'topic', 'search'],
  relations: ['type'],
  timeline: ['from', 'to', 'actor', 'topic', 'type', 'search', 'eventKind', 'statementKind'],
  all: [],
};

/** Filters that name one record in their GraphQL field (ClaimFilter.claimant, StatementFilter.participant, ...). */
const SINGLE: Partial<Record<ExportWhat, readonly FilterName[]>> = {
  statements: ['actor'],
  events: ['actor'],
  claims: ['actor', 'subject', 'topic'],
};

export function allowedFilters(what: ExportWhat): readonly FilterName[] {
  return ALLOWED[what];
}

/** A checked filter: conditions for a list's table, or a timeline scope. */
export interface ResolvedFilters {
  conditions: SQL[];
  scope: TimelineScope;
  /** True when no filter was given. */
  empty: boolean;
}

function bad(message: string, argumentName: string): never {
  throw userError('BAD_USER_INPUT', message, { argumentName });
}

function enumValues<T extends string>(name: string, values: string[] | undefined, allowed: readonly T[]): T[] | null {
  if (!values?.length) return null;
  return values.map((value) => {
    const upper = value.trim().toUpperCase();
    if (!(allowed as readonly string[]).includes(upper)) bad(`${name}: "${value}" is not one of ${allowed.join(', ')}.`, name);
    return upper as T;
  });
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Ids of actors or topics named by slug or global ID; unknown ones are NOT_FOUND, as in the GraphQL filters. */
async function resolveRefs(db: Database, kind: 'Actor' | 'Topic', argumentName: string, refs: string[] | undefined): Promise<number[] | null> {
  if (!refs?.length) return null;
  const [{ decodeGlobalID }, { existingIds }] = await Promise.all([import('@pothos/plugin-relay'), import('../schema/filter-ids.js')]);
  const table = kind === 'Actor' ? actors : topics;
  const slugs = refs.filter((r) => SLUG.test(r));
  const globalIds = refs.filter((r) => !SLUG.test(r)).map((r) => {
    try {
      const decoded = decodeGlobalID(r);
      if (!/^\d+$/.test(decoded.id)) throw new Error('not numeric');
      if (decoded.typename !== kind) throw userError('NOT_FOUND', `filter.${argumentName}: "${r}" is the ID of a ${decoded.typename}, not of an ${kind}.`, { argumentName });
      return decoded;
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code) throw error;
      throw userError('INVALID_ID', `"${r}" is not a valid ID or slug.`, { id: r, argumentName });
    }
  });
  const bySlug = slugs.length
    ? await db.select({ id: table.id, slug: table.slug }).from(table).where(inArray(table.slug, slugs))
    : [];
  const missing = slugs.filter((s) => !bySlug.some((row) => row.slug === s));
  if (missing.length) {
    throw userError('NOT_FOUND', `filter.${argumentName}: no ${kind.toLowerCase()} has the slug ${missing.map((m) => `"${m}"`).join(', ')}.`, { argumentName });
  }
  const byId =
    (await existingIds(argumentName, globalIds, async (id) => (await db.select({ id: table.id }).from(table).where(eq(table.id, Number(id))))[0])) ?? [];
  return [...new Set([...bySlug.map((row) => row.id), ...byId])];
}

/** Checks `input` for `what` and turns it into SQL: unknown filters, bad values and unknown names are errors. */
export async function resolveFilters(db: Database, what: ExportWhat, input: ExportFilterInput): Promise<ResolvedFilters> {
  const given = FILTER_NAMES.filter((name) => {
    const value = input[name];
    return Array.isArray(value) ? value.length > 0 : value != null;
  });
  const allowed = ALLOWED[what];
  for (const name of given) {
    if (!allowed.includes(name)) {
      bad(`The ${what} export takes ${allowed.length ? `only the filters ${allowed.join(', ')}` : 'no filters'}; got ${name}.`, name);
    }
  }
  for (const name of SINGLE[what] ?? []) {
    const value = input[name];
    if (Array.isArray(value) && value.length > 1) bad(`The ${what} export takes one ${name}, as its GraphQL filter does.`, name);
  }
  const range = dateRange(input.from, input.to);
  if (input.search != null) searchQuery(input.search);
  const [actorIds, topicIds, subjectIds] = await Promise.all([
    resolveRefs(db, 'Actor', what === 'claims' ? 'claimant' : what === 'timeline' ? 'actors' : 'participant', input.actor),
    resolveRefs(db, 'Topic', what === 'timeline' ? 'topics' : 'topic', input.topic),
    resolveRefs(db, 'Actor', 'subject', input.subject ? [input.subject] : undefined),
  ]);
  const conditions: SQL[] = [];
  const scope: TimelineScope = {
    ...range,
    actorIds,
    topicIds,
    types: enumValues('type', what === 'timeline' ? input.type : undefined, TIMELINE_TYPES) ?? TIMELINE_TYPES,
    eventKinds: enumValues('eventKind', input.eventKind, EVENT_KINDS),
    statementKinds: enumValues('statementKind', input.statementKind, STATEMENT_KINDS),
    search:
      input.search != null
        ? { statements: (id) => searchCondition('statement', id, input.search!), events: (id) => searchCondition('event', id, input.search!) }
        : null,
  };
  const actor = actorIds?.[0] ?? null;
  switch (what) {
    case 'actors': {
      const kinds = enumValues('type', input.type, ACTOR_KINDS);
      if (kinds) conditions.push(inArray(actors.kind, kinds));
      if (input.search != null) conditions.push(searchCondition('actor', sql`${actors.id}`, input.search));
      break;
    }
    case 'statements': {
      if (!given.length) break;
      const { statementFilterConditions } = await import('../schema/statement.js');
      conditions.push(...statementFilterConditions({ kinds: enumValues('type', input.type, STATEMENT_KINDS), ...input, participant: actor }));
      break;
    }
    case 'events': {
      if (!given.length) break;
      const { eventFilterConditions } = await import('../schema/event.js');
      conditions.push(...eventFilterConditions({ kinds: enumValues('type', input.type, EVENT_KINDS), ...input, participant: actor }));
      break;
    }
    case 'claims': {
      if (!given.length) break;
      const { claimFilterConditions } = await import('../schema/claim.js');
      const id = (n: number | null | undefined, typename = 'Actor') => (n == null ? null : { id: n, typename });
      conditions.push(
        ...claimFilterConditions({
          kinds: enumValues('type', input.type, CLAIM_KINDS),
          claimant: id(actor),
          subject: id(subjectIds?.[0]),
          topic: id(topicIds?.[0], 'Topic'),
          search: input.search ?? null,
        }),
      );
      break;
    }
    case 'relations': {
      const kinds = enumValues('type', input.type, CLAIM_RELATION_KINDS);
      if (kinds) conditions.push(inArray(claimRelations.kind, kinds));
      break;
    }
    default:
      break;
  }
  return { conditions, scope, empty: given.length === 0 };
}
