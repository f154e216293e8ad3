// Per-request context: the database and a fresh set of DataLoaders.
import { contextCacheSymbol } from '@pothos/core';
import DataLoader from 'dataloader';
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
  /**
   * Request-scoped DataLoader for a batch function, created on first use. The key
   * names the relation and its arguments, so each distinct list gets its own batch.
   */
  loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V>;
  /** Drops every loader and what it loaded: a subscription does so before each event it sends. */
  renewLoaders(): void;
  /** Live updates, where the server offers them (subscriptions). */
  live?: LiveRequest;
}

export function createContext(db: Database, viewer: Viewer | null = null, readAccess: ReadAccess = 'public'): Context {
  const loaders = new Map<string, DataLoader<unknown, unknown>>();
  return {
    db,
    viewer,
    readAccess,
    loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<V[]>) {
      let loader = loaders.get(key) as DataLoader<K, V> | undefined;
      if (!loader) {
        loader = new DataLoader<K, V>(batch);
        loaders.set(key, loader as DataLoader<unknown, unknown>);
      }
      return loader;
    },
    renewLoaders(this: Context) {
      loaders.clear();
      // Pothos keeps its loaders (Event.getDataloader) per value of this key.
      (this as unknown as Record<symbol, object>)[contextCacheSymbol] = {};
    },
  };
}
