// Filters name actors and topics by global ID. An ID that names nothing is the
// client's mistake (a stale or mistyped ID), so it is an error, not an empty list.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { userError } from '../errors.js';

export interface DecodedId {
  id: string | number;
  typename: string;
}

/** The numeric ids, or null when no ID is given; NOT_FOUND when any names nothing. */
export async function existingIds(
  argumentName: string,
  ids: readonly DecodedId[] | DecodedId | null | undefined,
  load: (id: number) => Promise<unknown>,
): Promise<number[] | null> {
  const list = ids == null ? [] : Array.isArray(ids) ? ids : [ids as DecodedId];
  if (!list.length) return null;
  const rows = await Promise.all(list.map((g) => load(Number(g.id))));
  const missing = list.filter((_, i) => rows[i] == null);
  if (missing.length) {
    const names = missing.map((g) => encodeGlobalID(g.typename, g.id)).join(', ');
    throw userError('NOT_FOUND', `filter.${argumentName}: nothing has the ID ${names}.`, { argumentName });
  }
  return list.map((g) => Number(g.id));
}
