// Bounds on what a client may send, checked before any work: lists of at most
// MAX_LIST_LENGTH items whether inline or in variables, no text Postgres cannot
// store (NUL), and no nesting deep enough to make a recursive parser or
// coercion overflow its stack. The checks run on the raw request, before
// parsing (nesting), before coercion (variables) and in validation (literals).
import { GraphQLError, Kind, Lexer, Source, TokenKind, type ASTVisitor, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { MAX_LIST_LENGTH, MAX_NESTING, MAX_VARIABLE_VALUES } from '../query-limits.js';

function tooLarge(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'INPUT_TOO_LARGE', ...extensions } });
}

function nulError(where: string): GraphQLError {
  return new GraphQLError(`${where} contains a NUL character (U+0000), which cannot be stored; remove it.`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** Walks variable values without recursion, so no depth of JSON can overflow the stack. */
export function checkVariables(variables: unknown): void {
  if (variables == null || typeof variables !== 'object') return;
  // `path` names the variable (and list index or field) for the message; deeper levels keep their variable's name.
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: variables, depth: 0, path: '' }];
  let count = 0;
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (++count > MAX_VARIABLE_VALUES) {
      throw tooLarge(`The variables hold more than ${MAX_VARIABLE_VALUES} values.`, { maximum: MAX_VARIABLE_VALUES });
    }
    if (typeof value === 'string') {
      if (value.includes('\0')) throw nulError(`Variable ${path}`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_NESTING) throw tooLarge(`Variable ${path} nests deeper than ${MAX_NESTING} levels.`, { maximum: MAX_NESTING });
    if (Array.isArray(value)) {
      if (value.length > MAX_LIST_LENGTH) {
        throw tooLarge(`Variable ${path} is a list of ${value.length} items; at most ${MAX_LIST_LENGTH} are allowed.`, {
          maximum: MAX_LIST_LENGTH,
        });
      }
      value.forEach((item, i) => stack.push({ value: item, depth: depth + 1, path: depth < 3 ? `${path}[${i}]` : path }));
    } else {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\0')) throw nulError(`A key in variable ${path}`);
        stack.push({ value: item, depth: depth + 1, path: depth === 0 ? `$${key}` : depth < 3 ? `${path}.${key}` : path });
      }
    }
  }
}

const OPENERS = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSERS = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Counts how deep braces, brackets and parentheses nest, with graphql's own
 * lexer (it does not recurse), and refuses a document nested past MAX_NESTING
 * before the parser, which does recurse, sees it. Stops after `maxTokens`: the
 * token limit then refuses the document in the parser.
 */
export function checkNesting(source: string | Source, maxTokens: number): void {
  const lexer = new Lexer(typeof source === 'string' ? new Source(source) : source);
  let depth = 0;
  for (let tokens = 0; tokens <= maxTokens; tokens++) {
    let token;
    try {
      token = lexer.advance();
    } catch {
      return; // a syntax error: the parser reports it
    }
    if (token.kind === TokenKind.EOF) return;
    if (OPENERS.has(token.kind) && ++depth > MAX_NESTING) {
      throw new GraphQLError(`The document nests deeper than ${MAX_NESTING} levels of braces, brackets or parentheses.`, {
        extensions: { code: 'INPUT_TOO_LARGE', maximum: MAX_NESTING },
      });
    }
    if (CLOSERS.has(token.kind)) depth--;
  }
}

/** Inline literals: list length and NUL characters, as for variables. */
function InlineInputRule(context: ValidationContext): ASTVisitor {
  return {
    [Kind.LIST](node) {
      if (node.values.length > MAX_LIST_LENGTH) {
        context.reportError(
          new GraphQLError(`A list of ${node.values.length} items; at most ${MAX_LIST_LENGTH} are allowed.`, {
            nodes: node,
            extensions: { code: 'INPUT_TOO_LARGE', maximum: MAX_LIST_LENGTH },
          }),
        );
      }
    },
    [Kind.STRING](node) {
      if (node.value.includes('\0')) {
        const error = nulError('A string argument');
        context.reportError(new GraphQLError(error.message, { nodes: node, extensions: error.extensions }));
      }
    },
  };
}

export function inputBoundsPlugin(maxTokens: number): Plugin {
  return {
    onParams({ params }) {
      checkVariables(params.variables);
    },
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        checkNesting(source, maxTokens);
        return parseFn(source, options);
      });
    },
    onValidate({ addValidationRule }) {
      addValidationRule(InlineInputRule);
    },
  };
}
