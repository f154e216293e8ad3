// API keys and who may do what: the keys CLI and domain functions, the viewer,
// refusals of bad keys with 401, and reads that need a key under READ_ACCESS=key.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { apiKeys } from '../src/db/schema.js';
import { createKey, KeyError, listKeys, revokeKey } from '../src/domain/keys.js';
import { createServer, type Server } from '../src/server.js';
import { useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { errorCodes, expectNoErrors, type GraphQLResponse } from './helpers/graphql.js';

const VIEWER = /* GraphQL */ `
  query Viewer { viewer { name role } }
`;
const TOPICS = /* GraphQL */ `
  query Topics { topics(first: 1) { totalCount } }
`;
const NODE = /* GraphQL */ `
  query Node { node(id: "VG9waWM6MQ==") { id } }
`;
const CREATE_TOPIC = /* GraphQL */ `
  mutation CreateTopic($input: CreateTopicInput!) { createTopic(input: $input) { topic { slug } userErrors { code } } }
`;

const run = promisify(execFile);

type Response<T = any> = GraphQLResponse<T> & { status: number; headers: Headers };

/** Sends an operation with the given Authorization header (none when undefined). */
async function send<T = any>(server: Server, authorization: string | undefined, query: string, variables?: Record<string, unknown>): Promise<Response<T>> {
  const response = await server.fetch('http://claimline.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as GraphQLResponse<T>) };
}

const bearer = (key: string) => `Bearer ${key}`;

describe(`API keys and authorization (${databaseLabel})`, () => {
  const keys: Record<string, string> = {};
  const api = useTestApi(async (database) => {
    const db = database.handle.db;
    keys.rita = await createKey(db, 'rita', 'READER');
    keys.alice = await createKey(db, 'alice', 'EDITOR');
    keys.root = await createKey(db, 'root', 'ADMIN');
    keys.gone = await createKey(db, 'gone', 'EDITOR');
    await revokeKey(db, 'gone');
  });
  let keyOnly: Server;
  beforeAll(() => {
    keyOnly = createServer({ database: api.database.handle, readAccess: 'key' });
  });

  it('creates, lists and revokes keys; the database keeps a hash, never the key', async () => {
    const db = api.database.handle.db;
    const key = await createKey(db, 'carol', 'EDITOR');
    expect(key).toMatch(/^cl_[A-Za-z0-9_-]{43}$/);
    const [stored] = await db.select().from(apiKeys).where(eq(apiKeys.name, 'carol'));
    expect(stored!.hash).not.toContain(key);
    expect(stored!.hash).not.toContain(key.slice(3));
    expect(stored!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(key.slice(3, 20));

    await expect(createKey(db, 'carol', 'READER')).rejects.toThrow(KeyError);
    await expect(createKey(db, 'not a name', 'READER')).rejects.toThrow(KeyError);
    const listed = await listKeys(db);
    expect(listed.find((k) => k.name === 'carol')).toEqual({ name: 'carol', role: 'EDITOR', createdAt: expect.any(Date), lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(stored!.hash);

    await revokeKey(db, 'carol');
    expect((await listKeys(db)).find((k) => k.name === 'carol')?.revokedAt).toBeInstanceOf(Date);
    await expect(revokeKey(db, 'carol')).rejects.toThrow(KeyError);
    // A revoked name may be given to a new key.
    expect(await createKey(db, 'carol', 'READER')).not.toBe(key);
  });

  it('shows the viewer: null without a key, name and role with one', async () => {
    expect(expectNoErrors(await send(api.server, undefined, VIEWER)).viewer).toBeNull();
    expect(expectNoErrors(await send(api.server, bearer(keys.rita!), VIEWER)).viewer).toEqual({ name: 'rita', role: 'READER' });
    expect(expectNoErrors(await send(api.server, bearer(keys.alice!), VIEWER)).viewer).toEqual({ name: 'alice', role: 'EDITOR' });
    expect(expectNoErrors(await send(api.server, `bearer  ${keys.root!}`, VIEWER)).viewer).toEqual({ name: 'root', role: 'ADMIN' });
  });

  it('answers an unknown, revoked or malformed key with 401 UNAUTHENTICATED, whatever the operation', async () => {
    const unknown = `cl_${'A'.repeat(43)}`;
    for (const authorization of [bearer(unknown), bearer(keys.gone!), bearer('not-a-key'), keys.alice!, `Basic ${keys.alice!}`, 'Bearer', `Bearer ${keys.alice!} extra`, '']) {
      for (const query of [VIEWER, TOPICS]) {
        const result = await send(api.server, authorization, query);
        expect(result.status, authorization).toBe(401);
        expect(errorCodes(result), authorization).toEqual(['UNAUTHENTICATED']);
        expect(result.data ?? null).toBeNull();
      }
    }
  });

  it('records when a key was last used', async () => {
    const before = (await listKeys(api.database.handle.db)).find((k) => k.name === 'root')!;
    const start = Date.now();
    expectNoErrors(await send(api.server, bearer(keys.root!), VIEWER));
    const after = (await listKeys(api.database.handle.db)).find((k) => k.name === 'root')!;
    expect(after.lastUsedAt).toBeInstanceOf(Date);
    expect(after.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(start - 1000);
    if (before.lastUsedAt) expect(after.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before.lastUsedAt.getTime());
    const never = (await listKeys(api.database.handle.db)).find((k) => k.name === 'gone')!;
    expect(never.lastUsedAt).toBeNull();
  });

  it('with READ_ACCESS=key, answers a query without a key with 401 and serves a READER key', async () => {
    for (const query of [TOPICS, VIEWER, NODE]) {
      const anonymous = await send(keyOnly, undefined, query);
      expect(anonymous.status, query).toBe(401);
      expect(errorCodes(anonymous), query).toEqual(['UNAUTHENTICATED']);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(expectNoErrors(await send(keyOnly, bearer(keys.rita!), TOPICS)).topics.totalCount).toBe(0);
    expect(expectNoErrors(await send(keyOnly, bearer(keys.rita!), VIEWER)).viewer).toEqual({ name: 'rita', role: 'READER' });
    expect(expectNoErrors(await send(keyOnly, bearer(keys.alice!), NODE)).node).toBeNull();
    // The default stays public.
    expect(expectNoErrors(await send(api.server, undefined, TOPICS)).topics.totalCount).toBe(0);
  });

  it('refuses a mutation without a key (401) and with a READER key (403 FORBIDDEN), in either read mode', async () => {
    for (const server of [api.server, keyOnly]) {
      const anonymous = await send(server, undefined, CREATE_TOPIC, { input: { name: 'Anonymous' } });
      expect(anonymous.status).toBe(401);
      expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
      const reader = await send(server, bearer(keys.rita!), CREATE_TOPIC, { input: { name: 'Read only' } });
      expect(reader.status).toBe(403);
      expect(errorCodes(reader)).toEqual(['FORBIDDEN']);
    }
    expect(expectNoErrors(await send(api.server, undefined, TOPICS)).topics.totalCount).toBe(0);
  });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the keys CLI on the embedded database in `dataDir`, as `npm run keys -- ...` would. */
async function keysCli(dataDir: string, ...args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/keys.ts', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('keys CLI (embedded database in a temp folder)', () => {
  const root = mkdtempSync(join(tmpdir(), 'claimline-keys-'));
  const dataDir = join(root, 'data');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates a key and prints it once, lists keys without it, revokes it', { timeout: 60_000 }, async () => {
    const created = await keysCli(dataDir, 'create', 'alice', '--role', 'EDITOR');
    expect(created.code).toBe(0);
    const key = /\bcl_[A-Za-z0-9_-]{43}\b/.exec(created.stdout)?.[0];
    expect(key, created.stdout).toBeDefined();
    expect(occurrences(created.stdout + created.stderr, key!)).toBe(1);
    expect(created.stdout).toContain('Authorization: Bearer <key>');

    const listed = await keysCli(dataDir, 'list');
    expect(listed.code).toBe(0);
    const [header, row, ...more] = listed.stdout.trim().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['NAME', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED']);
    expect(row!.split(/\s{2,}/)).toEqual(['alice', 'EDITOR', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), 'never', '-']);
    expect(more).toEqual([]);
    expect(listed.stdout).not.toContain(key!);
    expect(listed.stdout).not.toContain('cl_');

    const revoked = await keysCli(dataDir, 'revoke', 'alice');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('Revoked key "alice"');
    const after = await keysCli(dataDir, 'list');
    expect(after.stdout.trim().split('\n')[1]!.split(/\s{2,}/)).toEqual(['alice', 'EDITOR', expect.any(String), 'never', expect.stringMatching(/^\d{4}-/)]);
    expect(after.stdout).not.toContain('cl_');

    const again = await keysCli(dataDir, 'revoke', 'alice');
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('No key in use is named "alice"') });
  });

  it('prints usage and exits 1 on bad usage', { timeout: 60_000 }, async () => {
    for (const args of [[], ['create', 'bob'], ['create', 'bob', '--role', 'OWNER'], ['list', 'extra'], ['revoke'], ['rotate', 'bob'], ['list', '--verbose']]) {
      const result = await keysCli(dataDir, ...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain('Usage:');
      expect(result.stdout, args.join(' ')).toBe('');
    }
  });

  it('refuses to open a data directory another process holds', { timeout: 60_000 }, async () => {
    const held = await openDatabase({ dataDir, holder: 'the server' });
    try {
      const refused = await keysCli(dataDir, 'list');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`the embedded database in ${dataDir} is in use by the server (pid ${process.pid}); stop it or use a Postgres server`);
      expect(refused.stdout).toBe('');
    } finally {
      await held.close();
    }
    expect((await keysCli(dataDir, 'list')).code).toBe(0);
  });
});
