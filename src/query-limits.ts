// Limits on what one operation may ask for: graphql-armor refuses floods of
// aliases, tokens, directives and nesting before validation ends; the Pothos
// complexity plugin prices the rest by page size before anything runs. Set so
// the deepest useful traversal (signatory -> statement -> claim -> rebuttal ->
// its statement and excerpts) passes.
import type { GraphQLError } from 'graphql';

function withCode(code: string) {
  return {
    onReject: [(_ctx: unknown, error: GraphQLError) => Object.assign(error.extensions, { code })],
  };
}

export const MAX_DEPTH = 16;
/** Selections in one operation, all levels together. */
export const MAX_BREADTH = 1000;
/** The cost one operation may have: fields, multiplied by the page size of each connection around them. */
export const MAX_COMPLEXITY = 200_000;
/** Multiplier for a plain list (a claim's subjects): such lists are short. */
export const LIST_COMPLEXITY = 5;
/** A count or histogram over a whole filtered list costs like a large page. */
export const AGGREGATE_COMPLEXITY = 100;

/** Items in any one list argument or input list, inline or in variables (GitHub's nodes(ids) allows 100). */
export const MAX_LIST_LENGTH = 100;
/** How deep braces, brackets and parentheses may nest in a document, and JSON in variables. */
export const MAX_NESTING = 40;
/** Values (strings, numbers, list items, object fields) in one request's variables, all together. */
export const MAX_VARIABLE_VALUES = 10_000;
export const MAX_TOKENS = 3000;

export const QUERY_LIMITS = {
  maxDepth: { n: MAX_DEPTH, ignoreIntrospection: true, ...withCode('QUERY_TOO_DEEP') },
  // __typename aliases count too: armor lets them through unless the allow list is emptied.
  maxAliases: { n: 20, allowList: [], ...withCode('TOO_MANY_ALIASES') },
  maxTokens: { n: MAX_TOKENS, ...withCode('TOO_MANY_TOKENS') },
  maxDirectives: { n: 20, ...withCode('TOO_MANY_DIRECTIVES') },
  // Cost is counted by the Pothos complexity plugin, which knows page sizes.
  costLimit: { enabled: false },
  blockFieldSuggestion: { enabled: false },
};
