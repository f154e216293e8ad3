import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One copy of graphql: Pothos and yoga load its CommonJS build, so tests must too.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['tests/**/*.test.ts'],
    // Migrates and seeds one embedded database for every file to start from (tests/helpers/database-images.ts).
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Each file opens its own database (PGlite in memory, or a fresh Postgres database).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
