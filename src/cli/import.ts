// `npm run import -- DIR`: loads a dump (or any folder in the seeds/ format)
// into an EMPTY database through the seed loader, so an export of `all` as
// `dump` comes back as it was. A database that already holds records is
// refused: merging is what `npm run seed -- DIR` does, with its audit rules.
import { Command, CommanderError } from 'commander';
import { count } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { openDatabase, type Database, type DatabaseHandle } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { actors, claims, events, sources, statements, topics } from '../db/schema.js';
import { SeedError, seedDatabase } from '../seed/index.js';

/** Tables that hold records; an import needs every one empty. */
const RECORD_TABLES = { actors, topics, sources, events, statements, claims };

async function recordsIn(db: Database): Promise<string[]> {
  const held: string[] = [];
  for (const [name, table] of Object.entries(RECORD_TABLES)) {
    const [row] = await db.select({ n: count() }).from(table);
    if (Number(row?.n ?? 0) > 0) held.push(`${row!.n} ${name}`);
  }
  return held;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('import')
    .description('Load a dump (the seeds/ format) into an empty database.')
    .argument('<dir>', 'the folder written by `npm run export -- all --format dump --out DIR`')
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && error.code === 'commander.helpDisplayed') {
      process.stdout.write(program.helpInformation());
      return 0;
    }
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${program.helpInformation()}`);
    return 2;
  }
  const [dir] = program.args as [string];
  let handle: DatabaseHandle | undefined;
  try {
    const config = loadConfig();
    handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, holder: 'npm run import' });
    await migrateDatabase(handle);
    const held = await recordsIn(handle.db);
    if (held.length) {
      console.error(
        `Import refused: the database is not empty (it holds ${held.join(', ')}). Import into an empty database, or use \`npm run seed -- ${dir}\` to merge.`,
      );
      return 1;
    }
    const report = await seedDatabase(handle.db, dir);
    console.log(`Imported ${report.summary}.`);
    return 0;
  } catch (error) {
    if (error instanceof SeedError) {
      console.error(`Import failed; nothing was written.\n${error.errors.map((e) => `  ${e}`).join('\n')}`);
    } else {
      console.error(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return 1;
  } finally {
    await handle?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
