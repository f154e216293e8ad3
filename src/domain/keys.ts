// API keys: made and revoked from the command line, checked on every request
// that sends one. A key is shown once; only its SHA-256 is stored, so the
// database never holds a usable key. A lookup goes by the hash of what the
// client sent, which says nothing about any stored key, and the match is
// confirmed with a constant-time comparison.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { apiKeys, ROLES, type Role } from '../db/schema.js';

export const KEY_PREFIX = 'cl_';

export interface Viewer {
  name: string;
  role: Role;
}

export class KeyError extends Error {
  override name = 'KeyError';
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Makes a key for `name` and returns it; it cannot be shown again. */
export async function createKey(db: Database, name: string, role: Role): Promise<string> {
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(name)) {
    throw new KeyError(`A key name is 1 to 64 letters, digits, dots, dashes or underscores, got "${name}".`);
  }
  // "seed" is how the audit trail names the seed loader; a key by that name could pass for it.
  if (name.toLowerCase() === 'seed') throw new KeyError('The name "seed" is reserved for the seed loader; choose another.');
  if (!ROLES.includes(role)) throw new KeyError(`The role must be one of ${ROLES.join(', ')}, got "${role}".`);
  const [existing] = await db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)));
  if (existing) throw new KeyError(`A key named "${name}" exists already; revoke it first or choose another name.`);
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  await db.insert(apiKeys).values({ name, role, hash: hashKey(key) });
  return key;
}

export interface KeyListing {
  name: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listKeys(db: Database): Promise<KeyListing[]> {
  return db
    .select({ name: apiKeys.name, role: apiKeys.role, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .orderBy(asc(apiKeys.name));
}

/** Revokes the key; its name stays listed, marked revoked. */
export async function revokeKey(db: Database, name: string): Promise<void> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!revoked.length) throw new KeyError(`No key in use is named "${name}".`);
}

/** The viewer a key stands for, or null for an unknown or revoked key. Records its use. */
export async function verifyKey(db: Database, key: string): Promise<Viewer | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const hash = hashKey(key);
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, role: apiKeys.role, hash: apiKeys.hash, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.hash, hash));
  if (!row || row.revokedAt || !timingSafeEqual(Buffer.from(row.hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  return { name: row.name, role: row.role };
}

