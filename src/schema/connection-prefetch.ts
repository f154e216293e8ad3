// A lookup (statement(slug:), node(id)) reads the first page of a connection
// selected on what it finds in its own statement, as one more extra beside the
// row: statement -> claims(first: 10) -> relations is then one statement, not
// two. The page is primed where the connection field's resolver looks
// (nestedConnection), so the field answers as it would have, without reading.
import {
  type FieldNode,
  getArgumentValues,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  isAbstractType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { AnyColumn } from 'drizzle-orm';
import type { Context } from '../context.js';
import type { RowExtra } from '../loaders/rows-by-id.js';
import { nestedPageColumn, type NestedListOptions } from '../pagination/connection.js';
import type { PageArgs } from '../pagination/page-args.js';

/**
 * The nodes of the field `field` selected on the lookup's result of type
 * `type` (fragments on it or on an interface it implements followed), or null
 * when it is not selected, selected under two response names, or under a
 * directive (@include, @skip) that may leave it out.
 */
function selectedField(info: GraphQLResolveInfo, type: GraphQLObjectType, field: string): FieldNode[] | null {
  const byName = new Map<string, FieldNode[]>();
  let conditional = false;
  const applies = (condition: string | undefined) => {
    if (!condition || condition === type.name) return true;
    const named = info.schema.getType(condition);
    return !!named && isAbstractType(named) && info.schema.isSubType(named, type);
  };
  const visit = (set: SelectionSetNode | undefined, underDirective: boolean): void => {
    for (const selection of set?.selections ?? []) {
      const directed = underDirective || !!selection.directives?.length;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== field) continue;
        if (directed) conditional = true;
        const name = selection.alias?.value ?? field;
        byName.set(name, [...(byName.get(name) ?? []), selection]);
        continue;
      }
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
      if (fragment && applies(fragment.typeCondition?.name.value)) visit(fragment.selectionSet, directed || !!fragment.directives?.length);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, false);
  if (conditional || byName.size !== 1) return null;
  return [...byName.values()][0]!;
}

/** selectedField's answers by the lookup's nodes in the operation: the same array each time, so what is cached by it (selectedColumns) stays cached. */
const fieldsByLookup = new WeakMap<GraphQLResolveInfo['fieldNodes'], Map<string, FieldNode[] | null>>();

function cachedSelectedField(info: GraphQLResolveInfo, type: GraphQLObjectType, field: string): FieldNode[] | null {
  let known = fieldsByLookup.get(info.fieldNodes);
  if (!known) fieldsByLookup.set(info.fieldNodes, (known = new Map()));
  const key = `${type.name}.${field}`;
  if (!known.has(key)) known.set(key, selectedField(info, type, field));
  return known.get(key)!;
}

/**
 * The extra reading the page of connection `field` of type `typename` that the
 * lookup's selection asks for, with the options its resolver passes
 * nestedConnection (`optionsOf` its resolve info and arguments); null when the field is not
 * selected once plainly, or asks for a page after or before a cursor.
 */
export function connectionPageExtra<TTable extends PgTable & { id: AnyColumn }>(
  info: GraphQLResolveInfo,
  typename: string,
  field: string,
  optionsOf: (fieldInfo: GraphQLResolveInfo, args: Record<string, unknown>) => NestedListOptions<TTable>,
): RowExtra | null {
  const type = info.schema.getType(typename) as GraphQLObjectType;
  const nodes = cachedSelectedField(info, type, field);
  if (!nodes) return null;
  const definition = type.getFields()[field]!;
  let args: PageArgs & Record<string, unknown>;
  try {
    args = getArgumentValues(definition, nodes[0]!, info.variableValues) as PageArgs & Record<string, unknown>;
  } catch {
    return null;
  }
  const fieldInfo: GraphQLResolveInfo = { ...info, fieldName: field, fieldNodes: nodes, parentType: type, returnType: definition.type };
  const page = nestedPageColumn(args, optionsOf(fieldInfo, args));
  if (!page) return null;
  return { name: `${field}:${page.name}`, column: page.column, keep: (ctx, id, value) => page.keep(ctx as Context, id, value) };
}
