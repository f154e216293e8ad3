// Runs once before all test files: makes the shared PGlite images (see
// database-images.ts) and removes them afterwards.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { seedDatabase } from '../../src/seed/index.js';
import { dumpImage, IMAGES_ENV, imagePath } from './database-images.js';

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.TEST_DATABASE_URL) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'claimline-test-images-'));
  const handle = await openDatabase({});
  try {
    await migrateDatabase(handle);
    writeFileSync(imagePath(dir, 'migrated'), await dumpImage(handle));
    await seedDatabase(handle.db);
    writeFileSync(imagePath(dir, 'seeded'), await dumpImage(handle));
  } finally {
    await handle.close();
  }
  // Test files run in forks of this process and inherit its environment.
  process.env[IMAGES_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
