// What a lookup or a page of claims reads beside each claim for the selection
// below it: the claims' relations (with the claim at the other end), standing
// and rebuttals when the client asks for them, so statement -> claims ->
// relations is one statement, not two, and node(id) { standing rebuttals } one,
// not two.
import type { SQL } from 'drizzle-orm';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { claims } from '../db/schema.js';
import type { NestedListSpec } from '../loaders/nested-pages.js';
import type { NestedListOptions } from '../pagination/connection.js';
import { keepPrefetchedRelations, relationsJson } from '../loaders/claim-relations.js';
import type { RowExtra } from '../loaders/rows-by-id.js';
import { selectsPath } from './selection.js';
import { challengeExtras, type ChallengePart } from './standing.js';

const DIRECTIONS = [
  { direction: 'outgoing', field: 'relations' },
  { direction: 'incoming', field: 'incomingRelations' },
] as const;

const CHALLENGE_FIELDS = [
  { part: 'standing', field: 'standing' },
  { part: 'rebuttals', field: 'rebuttals' },
] as const satisfies readonly { part: ChallengePart; field: string }[];

/** The extras for the claim fields selected at any of the paths `under` the field (['edges', 'node'] on a page, [] on node(id)). */
export function claimExtras(info: GraphQLResolveInfo, under: readonly (readonly string[])[]): RowExtra[] {
  const selected = (field: string) => under.some((path) => selectsPath(info, [...path, field]));
  return [
    ...DIRECTIONS.filter(({ field }) => selected(field)).map(({ direction }) => ({
      name: `${direction}Relations`,
      column: (node: SQL) => relationsJson(direction, node),
      keep: (ctx: object, claimId: number, value: unknown) => keepPrefetchedRelations(ctx as Context, direction, claimId, value),
    })),
    ...challengeExtras(CHALLENGE_FIELDS.filter(({ field }) => selected(field)).map(({ part }) => part)),
  ];
}

/** The extras for a claims connection: the fields selected on its edges' nodes or its nodes. */
export function claimPageExtras(info: GraphQLResolveInfo): RowExtra[] {
  // Worked out once per field of the operation, not once per parent (every statement of a page asks).
  let extras = pageExtrasByField.get(info.fieldNodes);
  if (!extras) pageExtrasByField.set(info.fieldNodes, (extras = claimExtras(info, [['edges', 'node'], ['nodes']])));
  return extras;
}

/** claimPageExtras' answers by the field's nodes in the operation (the extras depend on nothing else). */
const pageExtrasByField = new WeakMap<GraphQLResolveInfo['fieldNodes'], RowExtra[]>();

/**
 * How a connection of claims (a statement's, an actor's, an event's, a
 * topic's) is read: `spec` lists them for a parent, `kind` tags the list's
 * cursors, `variant` anything else that narrows it (a stance); the page reads
 * beside its claims what the selection below asks (claimPageExtras).
 */
export function claimPage(info: GraphQLResolveInfo, kind: string, spec: () => NestedListSpec, variant?: unknown): NestedListOptions<typeof claims> {
  return { selection: info, kind, table: claims, extras: claimPageExtras(info), spec, variant };
}
