// Per-request context: the database and a fresh set of DataLoaders.
import DataLoader from 'dataloader';
import type { Database } from './db/client.js';

export interface Context {
  db: Database;
  /**
   * Request-scoped DataLoader for a batch function, created on first use. The key
   * names the relation and its arguments, so each distinct list gets its own batch.
   */
  loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V>;
}

export function createContext(db: Database): Context {
  const loaders = new Map<string, DataLoader<unknown, unknown>>();
  return {
    db,
    loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<V[]>) {
      let loader = loaders.get(key) as DataLoader<K, V> | undefined;
      if (!loader) {
        loader = new DataLoader<K, V>(batch);
        loaders.set(key, loader as DataLoader<unknown, unknown>);
      }
      return loader;
    },
  };
}
