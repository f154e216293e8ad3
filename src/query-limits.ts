// Limits on what one operation may ask for: graphql-armor refuses floods of
// aliases, tokens, directives and nesting before validation ends; the Pothos
// complexity plugin refuses queries too deep or too broad; costPlugin below
// prices an operation by the nodes it can return, as GitHub does, before
// anything runs, and reports the price in `extensions.cost`.
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination/page-args.js';

function withCode(code: string) {
  return {
    onReject: [(_ctx: unknown, error: GraphQLError) => Object.assign(error.extensions, { code })],
  };
}

export const MAX_DEPTH = 16;
/** Selections in one operation, all levels together. */
export const MAX_BREADTH = 1000;
/** The nodes one operation may return, all lists together (GitHub's limit). */
export const MAX_NODES = 500_000;
/** Nodes counted for a plain list (a claim's subjects): such lists are short. */
export const LIST_COMPLEXITY = 5;
/** A count or histogram over one parent's list (an actor's statements) costs like a large page. */
export const AGGREGATE_COMPLEXITY = 100;
/** A count or histogram over a root list reads the whole (filtered) table: priced as that many nodes. */
export const ROOT_AGGREGATE_COMPLEXITY = 25_000;

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

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function argumentsOf(walk: Walk, type: GraphQLNamedType, field: FieldNode): Record<string, unknown> {
  if (!isObjectType(type) && !isInterfaceType(type)) return {};
  const definition = type.getFields()[field.name.value];
  if (!definition) return {};
  try {
    return getArgumentValues(definition, field, walk.variables);
  } catch {
    return {}; // bad arguments are refused by execution, with their own message
  }
}

/** Every field node a selection set selects on `type`, fragments expanded (each with the type it is selected on). */
function* fieldsOf(walk: Walk, selectionSet: SelectionSetNode, type: GraphQLNamedType): Generator<[FieldNode, GraphQLNamedType]> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) yield [selection, type];
    else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
      if (!fragment) continue;
      const on = fragment.typeCondition ? (walk.schema.getType(fragment.typeCondition.name.value) ?? type) : type;
      yield* fieldsOf(walk, fragment.selectionSet, on);
    }
  }
}

function isConnection(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.name.endsWith('Connection') && 'edges' in type.getFields();
}

/**
 * The nodes a selection can return when `times` copies of it run (the product
 * of the page sizes around it): a connection returns its page size, `nodes(ids:)`
 * one node per ID, a plain list LIST_COMPLEXITY; counts and histograms cost
 * AGGREGATE_COMPLEXITY per parent, or ROOT_AGGREGATE_COMPLEXITY over a root list.
 */
function selectionCost(walk: Walk, selectionSet: SelectionSetNode, type: GraphQLNamedType, times: number, root: boolean): number {
  let cost = 0;
  for (const [field, on] of fieldsOf(walk, selectionSet, type)) {
    if (!isObjectType(on) && !isInterfaceType(on)) continue;
    const definition = on.getFields()[field.name.value];
    if (!definition) continue;
    const fieldType = getNamedType(definition.type);
    const args = argumentsOf(walk, on, field);
    if (isConnection(fieldType) && field.selectionSet) {
      // A size over the maximum is refused by the page itself (INVALID_PAGINATION), with a better message.
      const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE) || 0));
      cost += times * size;
      for (const [inner, innerOn] of fieldsOf(walk, field.selectionSet, fieldType)) {
        const name = inner.name.value;
        if (name === 'pageInfo' || name === '__typename') continue;
        if (name === 'edges' && inner.selectionSet) {
          const edgeType = getNamedType((innerOn as GraphQLObjectType).getFields().edges!.type);
          cost += selectionCost(walk, inner.selectionSet, edgeType, times * size, false);
        } else {
          cost += times * (root ? ROOT_AGGREGATE_COMPLEXITY : AGGREGATE_COMPLEXITY);
        }
      }
      continue;
    }
    const count = Array.isArray(args.ids) ? args.ids.length : isListType(getNullableType(definition.type)) ? LIST_COMPLEXITY : 0;
    if (count) cost += times * count;
    if (field.selectionSet) cost += selectionCost(walk, field.selectionSet, fieldType, times * Math.max(1, count), false);
  }
  return cost;
}

/** The nodes an operation can return, by the rules of selectionCost. */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, variables?: Record<string, unknown> | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) operation ??= definition;
  }
  const rootType = operation && { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[operation.operation];
  if (!operation || !rootType) return 0;
  // Variables that do not fit their types are refused by execution, with their own message.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return 0;
  return selectionCost({ schema, fragments, variables: coerced.coerced }, operation.selectionSet, rootType, 1, true);
}

/**
 * Refuses an operation whose cost is over MAX_NODES with QUERY_TOO_COSTLY
 * before it runs, and tells every client the cost of what it asked for in
 * `extensions.cost` (as Shopify does), so it can see how close it is.
 */
export function costPlugin(): Plugin {
  // A document comes back as the same object from yoga's parser cache: its cost is computed once per operation and variables.
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  const costOf = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null }) => {
    const key = `${args.operationName ?? ''}\n${args.variableValues ? JSON.stringify(args.variableValues) : ''}`;
    let byArgs = costs.get(args.document);
    if (!byArgs) costs.set(args.document, (byArgs = new Map()));
    let cost = byArgs.get(key);
    if (cost === undefined) {
      cost = queryCost(args.schema, args.document, args.operationName, args.variableValues);
      // Variables that change with every request (a cursor) would fill it for nothing.
      if (byArgs.size < 64) byArgs.set(key, cost);
    }
    return cost;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = { requestedQueryCost: costOf(args), maximumAvailable: MAX_NODES };
      if (cost.requestedQueryCost > MAX_NODES) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `The query's cost is ${cost.requestedQueryCost} nodes, over the limit of ${MAX_NODES}. Ask for smaller pages or fewer nested lists.`,
              { extensions: { code: 'QUERY_TOO_COSTLY', cost } },
            ),
          ],
          extensions: { cost },
        });
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          setResult({ ...result, extensions: { ...result.extensions, cost } });
        },
      };
    },
  };
}
