// `npm run persisted -- add FILE.graphql... | list`: manage the trusted
// documents in persisted-operations.json (or PERSISTED_OPERATIONS_FILE). A
// document is added only if it parses and fits the schema; its hash, printed,
// is what a front end sends as documentId or persistedQuery.sha256Hash.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { addDocument, DEFAULT_STORE_FILE, PersistedOperationError, readStore, writeStore } from '../persisted/store.js';
import { schema } from '../schema/index.js';

const USAGE = `Usage:
  npm run persisted -- add FILE.graphql [FILE.graphql ...]
      check each document against the schema and add it to the trusted store
  npm run persisted -- list
      show every trusted document's hash and operations

The store is persisted-operations.json (PERSISTED_OPERATIONS_FILE to use another).`;

function fail(message: string): never {
  console.error(`persisted: ${message}`);
  process.exit(1);
}

function main(argv: string[]): void {
  let positionals: string[];
  try {
    positionals = parseArgs({ args: argv, allowPositionals: true, strict: true }).positionals;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const [command, ...files] = positionals;
  const file = process.env.PERSISTED_OPERATIONS_FILE?.trim() || DEFAULT_STORE_FILE;
  try {
    const store = readStore(file);
    if (command === 'add') {
      if (!files.length) fail(`add takes one or more files.\n${USAGE}`);
      for (const path of files) {
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch (error) {
          fail(`cannot read ${path}: ${(error as Error).message}`);
        }
        try {
          const { hash, added, operations } = addDocument(store, text, schema);
          console.log(`${added ? 'added' : 'already there'}: ${hash}  ${operations.join(', ')}  (${path})`);
        } catch (error) {
          if (error instanceof PersistedOperationError) fail(`${path}: ${error.message}`);
          throw error;
        }
      }
      writeStore(store, file);
    } else if (command === 'list') {
      if (files.length) fail(`list takes no arguments.\n${USAGE}`);
      for (const [hash, text] of Object.entries(store)) {
        const names = [...text.matchAll(/\b(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/g)].map((m) => m[1]);
        console.log(`${hash}  ${names.join(', ') || '(anonymous)'}`);
      }
    } else {
      fail(`${command ? `unknown command "${command}"` : 'no command given'}.\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof PersistedOperationError) fail(error.message);
    throw error;
  }
}

main(process.argv.slice(2));
