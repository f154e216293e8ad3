// A test database loaded with the curated dataset in seeds/.
import { seedDatabase } from '../../src/seed/index.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export async function createSeededDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await seedDatabase(database.handle.db);
  database.queries.length = 0;
  return database;
}
