// Loads the curated dataset in seeds/ into the database: read the files,
// validate them, then apply them as one document set in one transaction (the
// domain's applyDocumentSet); its refusals become messages about the files.
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/client.js';
import { actors, sources } from '../db/schema.js';
import { readSeeds } from './read-seeds.js';
import { validateSeeds } from './validate.js';
import { applyDocumentSet, type DocumentSetReport } from '../domain/apply-document-set.js';
import { DocumentSetConflict } from '../domain/document-set-audit.js';
import { SeedError } from './seed-error.js';

export { SeedError } from './seed-error.js';
export type { TableCount } from '../domain/table-sync.js';
export type SeedReport = DocumentSetReport;

/** The author (and mutation) of the Change a seed run records. */
export const SEED_AUTHOR = 'seed';
export { readSeeds } from './read-seeds.js';
export { validateSeeds } from './validate.js';
export type { SeedSet } from './model.js';

export const DEFAULT_SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));

/** Throws SeedError, writing nothing, when the files are invalid or would undo edits made through the API. */
export async function seedDatabase(db: Database, dir: string = DEFAULT_SEEDS_DIR): Promise<SeedReport> {
  const set = validateSeeds(readSeeds(dir));
  try {
    return await db.transaction((tx) => applyDocumentSet(tx, { author: SEED_AUTHOR, mutation: 'seed' }, set));
  } catch (error) {
    if (!(error instanceof DocumentSetConflict)) throw error;
    throw new SeedError([
      'the database holds edits made through the API that these seed files would undo; revert those changes, or edit the seed files to match:',
      ...error.rows.map((r) => `${r.table} ${r.name}: the seed files would ${r.operation === 'UPDATE' ? 'overwrite' : 'delete'} it, but it was edited through the API (${r.by})`),
    ]);
  }
}

/** True when nothing has been loaded yet: no actors and no sources. */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [actor] = await db.select({ id: actors.id }).from(actors).limit(1);
  const [source] = await db.select({ id: sources.id }).from(sources).limit(1);
  return !actor && !source;
}
