// Per-request context: the database, the viewer and the read rule. The
// request's DataLoaders live in Pothos's context cache, keyed by this object
// (see src/loaders/keyed-loader.ts).
import { contextCacheSymbol } from '@pothos/core';
import type { ReadAccess } from './config.js';
import type { Database } from './db/client.js';
import type { Viewer } from './domain/keys.js';
import type { LiveRequest } from './live/live-updates.js';

export interface Context {
  db: Database;
  /** The API key the request was made with, or null without one. */
  viewer: Viewer | null;
  /** Whether reads need a key (READ_ACCESS); the auth scopes read it. */
  readAccess: ReadAccess;
  /** Drops every loader and what it loaded: a subscription does so before each event it sends. */
  renewLoaders(): void;
  /** Live updates, where the server offers them (subscriptions). */
  live?: LiveRequest;
}

export function createContext(db: Database, viewer: Viewer | null = null, readAccess: ReadAccess = 'public'): Context {
  return {
    db,
    viewer,
    readAccess,
    renewLoaders(this: Context) {
      // Pothos keeps every context cache entry (each loader) per value of this key.
      (this as unknown as Record<symbol, object>)[contextCacheSymbol] = {};
    },
  };
}
