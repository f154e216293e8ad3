// What every entity write shares: slugs derived and kept unique, the row
// loaded for an update or delete with its version checked, and the refusal
// to delete what others still point to.
import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import { refuse, WriteRefused } from './errors.js';
import { TEXT_LIMITS } from './input.js';

interface EntityColumns {
  id: PgColumn;
  slug: PgColumn;
  version: PgColumn;
}

type EntityTable = PgTable & EntityColumns;

/** 'Armenian National Committee of America' -> 'armenian-national-committee-of-america'. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, TEXT_LIMITS.slug)
    .replace(/-+$/g, '');
}

/** The slug to use: the one given, or one derived from `from`; refused when taken (never a silent suffix). */
export async function freeSlug(tx: Database, table: EntityTable, given: string | null | undefined, from: string, fromField: string): Promise<string> {
  const slug = given ?? slugify(from);
  if (!slug) refuse('INVALID_SLUG', `No slug can be made from ${JSON.stringify(from)}; give one.`, [given ? 'slug' : fromField]);
  const [taken] = await tx.select({ id: table.id }).from(table).where(eq(table.slug, slug));
  if (taken) refuse('DUPLICATE_SLUG', `The slug "${slug}" is taken; give another slug.`, ['slug']);
  return slug;
}

/** The row to change, locked; NOT_FOUND when there is none, CONFLICT when `version` is given and differs. */
export async function rowForWrite<T extends Record<string, unknown>>(
  tx: Database,
  table: EntityTable,
  id: number,
  version: number | null | undefined,
  typeName: string,
): Promise<T & { id: number; version: number }> {
  const [row] = (await tx.select().from(table).where(eq(table.id, id)).for('update')) as (T & { id: number; version: number })[];
  if (!row) refuse('NOT_FOUND', `No ${typeName} has this ID.`, ['id']);
  if (version != null && row.version !== version) {
    refuse('CONFLICT', `The ${typeName} was changed since version ${version} (it is at version ${row.version}); read it again and reapply your edit.`, ['version']);
  }
  return row;
}

export interface Reference {
  /** What points here, for the message: "claim", "statement (participant)". */
  label: string;
  /** The slugs (or names) of up to 11 rows that point here. */
  names: () => Promise<{ name: string }[]>;
}

/** Up to this many referrers are named in an IN_USE message. */
export const NAMED_REFERRERS = 10;

/** Refuses with IN_USE, naming what still points to the record. */
export async function refuseIfReferenced(typeName: string, references: Reference[]): Promise<void> {
  const users: string[] = [];
  for (const reference of references) {
    const list = await reference.names();
    for (const row of list.slice(0, NAMED_REFERRERS)) users.push(`${reference.label} ${row.name}`);
    if (list.length > NAMED_REFERRERS) users.push(`and more (${reference.label})`);
  }
  if (users.length) {
    throw new WriteRefused([{ field: ['id'], code: 'IN_USE', message: `The ${typeName} is still referenced by: ${users.join(', ')}. Remove those references first.` }]);
  }
}
