// Who may do what, as scopes for @pothos/plugin-scope-auth. Fields and types
// declare what they need (`authScopes: { editor: true }`); the request's key,
// found before the context is made, decides what it has. Roles are ordered:
// an ADMIN key may do what an EDITOR key may, an EDITOR what a READER may.
import { GraphQLError } from 'graphql';
import type { Context } from './context.js';
import type { Role } from './db/schema.js';

const RANK: Record<Role, number> = { READER: 1, EDITOR: 2, ADMIN: 3 };

/** The scopes a field or type may require. */
export interface AuthScopes {
  /** May read: anyone when READ_ACCESS=public, a READER key or better when READ_ACCESS=key. */
  read: boolean;
  /** A READER, EDITOR or ADMIN key. */
  reader: boolean;
  /** An EDITOR or ADMIN key: every mutation. */
  editor: boolean;
  /** An ADMIN key. */
  admin: boolean;
}

export function authScopesFor(ctx: Context): AuthScopes {
  const rank = ctx.viewer ? RANK[ctx.viewer.role] : 0;
  return {
    read: ctx.readAccess === 'public' || rank >= RANK.READER,
    reader: rank >= RANK.READER,
    editor: rank >= RANK.EDITOR,
    admin: rank >= RANK.ADMIN,
  };
}

/** 401 UNAUTHENTICATED, asking for a Bearer key: no key where one is needed, or a key that names none in use. */
export function unauthenticatedError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } } });
}

/** A refused scope: no key is 401 UNAUTHENTICATED, a key whose role is too low 403 FORBIDDEN. */
export function unauthorizedError(ctx: Context): GraphQLError {
  if (!ctx.viewer) return unauthenticatedError('This needs an API key: send the header Authorization: Bearer <key>.');
  return new GraphQLError(`The ${ctx.viewer.role} key "${ctx.viewer.name}" may not do this; it needs a key with a higher role.`, {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
}
