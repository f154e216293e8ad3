// What a page of claims reads beside each claim for the selection below it:
// the claims' relations (with the claim at the other end) when the client asks
// for them, so statement -> claims -> relations is one statement, not two.
import type { SQL } from 'drizzle-orm';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { keepPrefetchedRelations, relationsJson } from '../loaders/claim-relations.js';
import { selectsPath } from './selection.js';

const DIRECTIONS = [
  { direction: 'outgoing', field: 'relations' },
  { direction: 'incoming', field: 'incomingRelations' },
] as const;

export function claimPageExtras(info: GraphQLResolveInfo) {
  return DIRECTIONS.filter(({ field }) => selectsPath(info, ['edges', 'node', field]) || selectsPath(info, ['nodes', field])).map(({ direction }) => ({
    name: `${direction}Relations`,
    column: (node: SQL) => relationsJson(direction, node),
    keep: (ctx: Context, claimId: number, value: unknown) => keepPrefetchedRelations(ctx, direction, claimId, value),
  }));
}
