// Shared PGlite images. Migrating and seeding an embedded database takes
// seconds of CPU per test file; the global setup does it once, dumps the data
// directory after migrating and again after seeding, and each test file's
// database starts from those dumps (PGlite's loadDataDir) instead. A Postgres
// server (TEST_DATABASE_URL) is not affected: each file migrates its own.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { DatabaseHandle } from '../../src/db/client.js';

export const IMAGES_ENV = 'CLAIMLINE_TEST_IMAGES';
export type ImageName = 'migrated' | 'seeded';

export function imagePath(dir: string, name: ImageName): string {
  return join(dir, `${name}.tar`);
}

/** The dumped image, or undefined when the global setup made none (a single file run without it, or Postgres). */
export async function readImage(name: ImageName): Promise<Blob | undefined> {
  const dir = process.env[IMAGES_ENV];
  if (!dir || !existsSync(imagePath(dir, name))) return undefined;
  return new Blob([new Uint8Array(await readFile(imagePath(dir, name)))]);
}

export async function dumpImage(handle: DatabaseHandle): Promise<Buffer> {
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  // Postgres logs sequence values 32 ahead; a copy restored from that log would hand out
  // ids 32 higher than a database seeded in place. setval logs the exact value.
  await client.exec(`DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT schemaname, sequencename, last_value FROM pg_sequences WHERE last_value IS NOT NULL LOOP
      PERFORM setval(format('%I.%I', r.schemaname, r.sequencename), r.last_value, true);
    END LOOP;
  END $$; CHECKPOINT;`);
  return Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
}
