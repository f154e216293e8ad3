// The trusted documents: operations a front end was built with, by the
// SHA-256 hash of their text. They live in persisted-operations.json in the
// repository, so every replica of a release serves exactly the same list with
// no database round trip and no migration, and adding one is reviewed and
// deployed with the front end that sends it; nothing at run time can change
// what a server running with PERSISTED_ONLY=true accepts.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, validate, type GraphQLSchema } from 'graphql';

export const DEFAULT_STORE_FILE = new URL('../../persisted-operations.json', import.meta.url).pathname;

/** hash -> document text */
export type PersistedOperations = Record<string, string>;

export class PersistedOperationError extends Error {
  override name = 'PersistedOperationError';
}

export function hashDocument(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function readStore(file = DEFAULT_STORE_FILE): PersistedOperations {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PersistedOperationError(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new PersistedOperationError(`${file} must hold one object of hash: document.`);
  for (const [hash, text] of Object.entries(parsed)) {
    if (typeof text !== 'string' || hashDocument(text) !== hash) throw new PersistedOperationError(`${file}: the entry ${hash} is not the SHA-256 of its document.`);
  }
  return parsed as PersistedOperations;
}

/** Adds a document after checking that it parses and validates against the schema; returns its hash. */
export function addDocument(store: PersistedOperations, text: string, schema: GraphQLSchema): { hash: string; added: boolean; operations: string[] } {
  let document;
  try {
    document = parse(text);
  } catch (error) {
    throw new PersistedOperationError(`The document does not parse: ${(error as Error).message}`);
  }
  const errors = validate(schema, document);
  if (errors.length) throw new PersistedOperationError(`The document does not fit the schema:\n${errors.map((e) => `  ${e.message}`).join('\n')}`);
  const operations = document.definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? [d.name?.value ?? '(anonymous)'] : []));
  if (!operations.length) throw new PersistedOperationError('The document has no operation.');
  const hash = hashDocument(text);
  const added = !(hash in store);
  store[hash] = text;
  return { hash, added, operations };
}

export function writeStore(store: PersistedOperations, file = DEFAULT_STORE_FILE): void {
  const sorted = Object.fromEntries(Object.entries(store).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
}
