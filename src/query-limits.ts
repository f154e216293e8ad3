// Limits on what one operation may ask for (graphql-armor). Set so the deepest
// useful traversal of the API (signatory -> statement -> claim -> rebuttal ->
// its statement and excerpts) passes, and floods of aliases, tokens or nesting
// are refused before they run.
import type { GraphQLError } from 'graphql';

function withCode(code: string) {
  return {
    onReject: [(_ctx: unknown, error: GraphQLError) => Object.assign(error.extensions, { code })],
  };
}

export const QUERY_LIMITS = {
  maxDepth: { n: 16, ignoreIntrospection: true, ...withCode('QUERY_TOO_DEEP') },
  maxAliases: { n: 20, ...withCode('TOO_MANY_ALIASES') },
  maxTokens: { n: 3000, ...withCode('TOO_MANY_TOKENS') },
  maxDirectives: { n: 20, ...withCode('TOO_MANY_DIRECTIVES') },
  costLimit: { maxCost: 50000, objectCost: 2, scalarCost: 1, depthCostFactor: 1.2, ignoreIntrospection: true, ...withCode('QUERY_TOO_COSTLY') },
  blockFieldSuggestion: { enabled: false },
};
