// The SchemaBuilder, its plugins and scalars. Type files register themselves on it.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin, { decodeGlobalID as relayDecode, encodeGlobalID as relayEncode } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, Kind } from 'graphql';
import { authScopesFor, unauthorizedError, type AuthScopes } from '../auth-scopes.js';
import type { Context } from '../context.js';
import { isIsoDay } from '../dates/iso-day.js';
import { userError } from '../errors.js';
import { MAX_INTEGER } from '../pagination/cursor.js';
import { MAX_BREADTH, MAX_DEPTH } from '../query-limits.js';
import { prefetchNodes } from './node-prefetch.js';

export interface Count {
  /** Runs the count only when a client selects totalCount. */
  totalCount: () => Promise<number>;
}

/** The types with global IDs; an ID naming anything else is malformed. */
const NODE_TYPES = ['Actor', 'Source', 'Statement', 'Claim', 'Event', 'Topic'];

/** The type and row id a global ID names, or null where it is not one of ours (INVALID_ID). */
export function nodeIdOf(globalID: string): { typename: string; id: string } | null {
  try {
    const decoded = relayDecode(globalID);
    if (!NODE_TYPES.includes(decoded.typename) || !/^\d+$/.test(decoded.id) || Number(decoded.id) > MAX_INTEGER) return null;
    return decoded;
  } catch {
    return null;
  }
}

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Connection: Count;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string | number };
  };
}>({
  // Scope checks first, so no other plugin's wrapper runs for a refused field.
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin, ComplexityPlugin],
  scopeAuth: {
    authScopes: authScopesFor,
    unauthorizedError: (_parent, ctx) => unauthorizedError(ctx),
  },
  defaultFieldNullability: false,
  // Depth and breadth only: the cost in nodes is priced by costPlugin (src/query-limits.ts).
  complexity: {
    limit: { depth: MAX_DEPTH, breadth: MAX_BREADTH },
    complexityError: (kind, result) => {
      const measure = kind.toLowerCase() as 'complexity' | 'depth' | 'breadth';
      const max = { complexity: result.maxComplexity, depth: result.maxDepth, breadth: result.maxBreadth }[measure];
      const code = { complexity: 'QUERY_TOO_COSTLY', depth: 'QUERY_TOO_DEEP', breadth: 'QUERY_TOO_BROAD' }[measure];
      return new GraphQLError(
        `The query's ${measure} is ${result[measure]}, over the limit of ${max}. Ask for smaller pages or fewer nested lists.`,
        { extensions: { code } },
      );
    },
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false, description: 'The items of this page, in order.' },
    nodeFieldOptions: { nullable: false, description: 'The item at the end of the edge.' },
    cursorFieldOptions: { description: 'Opaque cursor of this edge; pass it as after or before.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    idFieldOptions: { description: 'Opaque global ID; pass it to node(id:).' },
    nodeTypeOptions: { description: 'An object with a global ID.' },
    pageInfoTypeOptions: { description: 'Pagination state of a connection page.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first edge of this page.' },
    endCursorFieldOptions: { description: 'Cursor of the last edge of this page.' },
    firstArgOptions: { description: 'Return at most this many items from the start (default 20, at most 100).' },
    lastArgOptions: { description: 'Return at most this many items from the end (at most 100).' },
    afterArgOptions: { description: 'Return items after this cursor.' },
    beforeArgOptions: { description: 'Return items before this cursor.' },
    nodeQueryOptions: {
      description: 'Fetches any object by its global ID; null when nothing has that ID.',
      resolve: async (_root, args, ctx, info, resolveNode) => {
        await prefetchNodes(ctx, info, [args.id]);
        return resolveNode(args.id);
      },
    },
    nodesQueryOptions: {
      description: 'Fetches several objects by global ID, in the order given; null for each ID not found.',
      resolve: async (_root, args, ctx, info, resolveNodes) => {
        await prefetchNodes(ctx, info, args.ids);
        return resolveNodes(args.ids);
      },
    },
    encodeGlobalID: (typename, id) => relayEncode(typename, id),
    decodeGlobalID: (globalID) => {
      const decoded = nodeIdOf(globalID);
      if (!decoded) throw userError('INVALID_ID', `"${globalID}" is not a valid ID.`, { id: globalID });
      return decoded;
    },
  },
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'Number of items in the whole list (all pages); counted only when selected.',
    resolve: (parent) => parent.totalCount(),
  }),
);

builder.scalarType('Date', {
  description: 'ISO calendar date, yyyy-mm-dd.',
  serialize: (value) => String(value),
  parseValue: (value) => parseIsoDay(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string in yyyy-mm-dd form.');
    return parseIsoDay(ast.value);
  },
});

function parseIsoDay(value: unknown): string {
  if (isIsoDay(value)) return value;
  throw new GraphQLError(`Date must be a calendar date in yyyy-mm-dd form, got ${JSON.stringify(value)}.`, {
    extensions: { code: 'INVALID_DATE' },
  });
}

builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 with time zone (2026-01-12T09:30:00.000Z).',
  serialize: (value) => (value instanceof Date ? value : new Date(value)).toISOString(),
  parseValue: (value) => parseInstant(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string such as 2026-01-12T09:30:00Z.');
    return parseInstant(ast.value);
  },
});

function parseInstant(value: unknown): Date {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError(`DateTime must be an ISO 8601 instant such as 2026-01-12T09:30:00Z, got ${JSON.stringify(value)}.`, {
      extensions: { code: 'INVALID_DATE' },
    });
  }
  return date;
}

builder.scalarType('JSON', {
  description: 'Any JSON value: a record as stored, in an audit entry.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

// Declared once for every root field: reads as READ_ACCESS says, writes with an EDITOR or ADMIN key.
builder.queryType({ description: 'The read API of claimline.', authScopes: { read: true } });
builder.mutationType({
  description: 'The write API: every mutation needs an EDITOR or ADMIN key, runs in one transaction and is recorded as one Change.',
  authScopes: { editor: true },
});

