// Loads the curated dataset in seeds/ into the database: read, validate, then
// write everything in one transaction.
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/client.js';
import { actors, sources } from '../db/schema.js';
import { readSeeds } from './read-seeds.js';
import { validateSeeds } from './validate.js';
import { writeSeeds, type SeedReport } from './write.js';

export { SeedError } from './seed-error.js';
export type { SeedReport } from './write.js';
export type { TableCount } from './sync.js';
export { readSeeds } from './read-seeds.js';
export { validateSeeds } from './validate.js';
export type { SeedSet } from './model.js';

export const DEFAULT_SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));

/** Throws SeedError, before any write, when the files are invalid. */
export async function seedDatabase(db: Database, dir: string = DEFAULT_SEEDS_DIR): Promise<SeedReport> {
  const set = validateSeeds(readSeeds(dir));
  return db.transaction((tx) => writeSeeds(tx, set));
}

/** True when nothing has been loaded yet: no actors and no sources. */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [actor] = await db.select({ id: actors.id }).from(actors).limit(1);
  const [source] = await db.select({ id: sources.id }).from(sources).limit(1);
  return !actor && !source;
}
