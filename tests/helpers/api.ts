// A test file's API: its own database, prepared once, behind a server run in-process.
import { afterAll, beforeAll } from 'vitest';
import { seedDatabase } from '../../src/seed/index.js';
import type { Server } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { execFor, serverFor, type Exec } from './graphql.js';

export interface TestApi {
  database: TestDatabase;
  server: Server;
  exec: Exec;
}

/** Registers the file's beforeAll/afterAll hooks; the fields are set once beforeAll has run. */
export function useTestApi(prepare: (database: TestDatabase) => Promise<unknown> = async () => {}): TestApi {
  const api = {} as TestApi;
  beforeAll(async () => {
    api.database = await createTestDatabase({ seeded: prepare === seedCurated });
    await prepare(api.database);
    api.database.queries.length = 0;
    api.server = serverFor(api.database);
    api.exec = execFor(api.server);
  });
  afterAll(() => api.database?.drop());
  return api;
}

/** Loads the curated dataset in seeds/: from the shared seeded image when there is one, else by seeding. */
export async function seedCurated(database: TestDatabase): Promise<void> {
  if (await database.reopenSeeded()) return;
  await seedDatabase(database.handle.db);
}
