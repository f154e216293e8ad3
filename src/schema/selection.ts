// What a client selected on a field, for connections that can skip reading a
// page nobody asked for (a histogram or a count alone).
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/** True when the field's selection (through fragments) asks for any of `names`. */
export function selectsAnyOf(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return names.includes(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

/** The fields of a connection that need its page read; totalCount, its estimate and aggregates do not. */
export const PAGE_FIELDS = ['edges', 'pageInfo', 'nodes'] as const;

/**
 * True when the field's selection reaches `path` (field names, fragments
 * followed): ['edges', 'node', 'relations'] on a connection asks whether any
 * listed node's relations are read.
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const visit = (set: SelectionSetNode | undefined, depth: number): boolean =>
    !!set?.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== path[depth]) return false;
        return depth === path.length - 1 || visit(selection.selectionSet, depth + 1);
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet, depth);
      return visit(info.fragments[selection.name.value]?.selectionSet, depth);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet, 0));
}

/**
 * The names of the fields selected at the end of `path` (fragments followed),
 * by the type condition they sit under: a fragment on one of `types` puts its
 * fields under that type's name, anything else (no fragment, a fragment on a
 * union or interface) under '*', which applies to every type.
 */
export function fieldsAtPath(info: GraphQLResolveInfo, path: readonly string[], types: readonly string[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const add = (type: string, name: string) => {
    const set = found.get(type) ?? new Set<string>();
    set.add(name);
    found.set(type, set);
  };
  const visit = (set: SelectionSetNode | undefined, depth: number, type: string): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (depth === path.length) add(type, selection.name.value);
        else if (selection.name.value === path[depth]) visit(selection.selectionSet, depth + 1, '*');
        continue;
      }
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
      const condition = fragment?.typeCondition?.name.value;
      visit(fragment?.selectionSet, depth, condition && types.includes(condition) ? condition : type);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 0, '*');
  return found;
}

/** True when a connection's edges select a field of their own besides node and cursor (a timeline edge's headline, say). */
export function selectsEdgeFields(info: GraphQLResolveInfo): boolean {
  const onEdges = fieldsAtPath(info, ['edges'], []).get('*') ?? new Set<string>();
  return [...onEdges].some((name) => !['node', 'cursor', '__typename'].includes(name));
}
