// Every request-scoped DataLoader lives in Pothos's context cache: the
// loadable types' and fields' own (Actor.getDataloader, t.loadableList), and
// these, for batches that depend on a field's arguments (a nested page of a
// given size and cursor, the timeline under a filter). Parents that ask with the
// same `key` share one loader, so one statement serves all of them.
// Context.renewLoaders drops both kinds at once.
import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';

const loadersOf = createContextCache(() => new Map<string, DataLoader<unknown, unknown>>());

/**
 * This request's loader for `key`, made with `batch` (and DataLoader's
 * `options`, say a cacheKeyFn for object keys) on first use; `key` must name
 * everything `batch` depends on.
 */
export function keyedLoader<K, V, C = K>(
  ctx: object,
  key: string,
  batch: (keys: readonly K[]) => Promise<V[]>,
  options?: DataLoader.Options<K, V, C>,
): DataLoader<K, V, C> {
  const loaders = loadersOf(ctx);
  let loader = loaders.get(key) as DataLoader<K, V, C> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V, C>(batch, options);
    loaders.set(key, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}
