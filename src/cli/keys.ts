// `npm run keys -- create NAME --role READER|EDITOR|ADMIN | list | revoke NAME`:
// manage API keys in the configured database (migrated first). A new key is
// printed once and never again; the database keeps only its hash.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { ROLES, type Role } from '../db/schema.js';
import { createKey, KeyError, listKeys, revokeKey, type KeyListing } from '../domain/keys.js';

const USAGE = `Usage:
  npm run keys -- create NAME --role ${ROLES.join('|')}
      make a key and print it (only this once)
  npm run keys -- list
      show every key: name, role, created, last used, revoked
  npm run keys -- revoke NAME
      revoke the key in use under NAME

Keys are kept in the configured database (DATABASE_URL, or the embedded one in DATA_DIR).`;

type Command = { name: 'create'; key: string; role: Role } | { name: 'list' } | { name: 'revoke'; key: string };

class UsageError extends Error {}

function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { role: { type: 'string' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command, ...rest] = parsed.positionals;
  const role = parsed.values.role;
  switch (command) {
    case 'create': {
      if (rest.length !== 1) throw new UsageError('create takes one NAME.');
      const upper = role?.toUpperCase();
      if (!upper || !ROLES.includes(upper as Role)) throw new UsageError(`create needs --role ${ROLES.join('|')}.`);
      return { name: 'create', key: rest[0]!, role: upper as Role };
    }
    case 'list':
      if (rest.length || role !== undefined) throw new UsageError('list takes no arguments.');
      return { name: 'list' };
    case 'revoke':
      if (rest.length !== 1 || role !== undefined) throw new UsageError('revoke takes one NAME and nothing else.');
      return { name: 'revoke', key: rest[0]! };
    case undefined:
      throw new UsageError('No command given.');
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

function when(date: Date | null, otherwise: string): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : otherwise;
}

function printList(keys: KeyListing[]): void {
  if (!keys.length) {
    console.log(`No keys yet. Make one with: npm run keys -- create NAME --role ${ROLES.join('|')}`);
    return;
  }
  const rows = [
    ['NAME', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED'],
    ...keys.map((k) => [k.name, k.role, when(k.createdAt, ''), when(k.lastUsedAt, 'never'), when(k.revokedAt, '-')]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

async function run(command: Command): Promise<void> {
  let handle: DatabaseHandle | undefined;
  try {
    const config = loadConfig();
    handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, holder: 'npm run keys' });
    await migrateDatabase(handle);
    switch (command.name) {
      case 'create': {
        const key = await createKey(handle.db, command.key, command.role);
        console.log(`Created ${command.role} key "${command.key}". It is shown only now; store it somewhere safe:\n`);
        console.log(`  ${key}\n`);
        console.log('Send it with each request in the header   Authorization: Bearer <key>');
        break;
      }
      case 'list':
        printList(await listKeys(handle.db));
        break;
      case 'revoke':
        await revokeKey(handle.db, command.key);
        console.log(`Revoked key "${command.key}"; requests sending it are now refused.`);
        break;
    }
  } finally {
    await handle?.close();
  }
}

async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  try {
    await run(command);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(error instanceof KeyError ? message : `keys ${command.name} failed: ${message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
