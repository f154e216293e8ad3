// `npm run seed [-- <dir>]`: migrate the configured database and load seeds/ (or <dir>) into it.
import { loadConfig } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { SeedError, seedDatabase } from '../seed/index.js';

async function main(): Promise<number> {
  let handle: DatabaseHandle | undefined;
  try {
    const config = loadConfig();
    handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, holder: 'npm run seed' });
    await migrateDatabase(handle);
    const report = await seedDatabase(handle.db, process.argv[2]);
    const width = Math.max(...Object.keys(report.tables).map((name) => name.length));
    for (const [name, c] of Object.entries(report.tables)) {
      console.log(`${name.padEnd(width)}  ${c.rows} rows (${c.inserted} inserted, ${c.updated} updated, ${c.deleted} deleted)`);
    }
    console.log(report.changed ? 'Seeded.' : 'Already up to date; nothing changed.');
    return 0;
  } catch (error) {
    if (error instanceof SeedError) {
      console.error(`Seeding failed; nothing was written.\n${error.errors.map((e) => `  ${e}`).join('\n')}`);
    } else {
      console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return 1;
  } finally {
    await handle?.close();
  }
}

process.exitCode = await main();
