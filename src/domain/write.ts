// Runs one write: a transaction, a ChangeLog, the Change recorded with the
// write, and on refusal (or any failure) nothing at all written.
import type { Database } from '../db/client.js';
import { ChangeLog, type RecordedChange } from './change-log.js';
import { constraintViolation, type ConstraintViolation } from '../db/errors.js';
import { WriteRefused, type UserError } from './errors.js';
import type { Viewer } from './keys.js';

export type WriteResult<T> = { ok: true; value: T; change: RecordedChange | null } | { ok: false; userErrors: UserError[] };

export interface WriteOptions {
  /** Recorded on the Change when the write reverts another. */
  revertsId?: (value: unknown) => number | null;
}

export async function runWrite<T>(
  db: Database,
  author: Viewer | { name: string },
  mutation: string,
  work: (log: ChangeLog) => Promise<T>,
  options: WriteOptions = {},
): Promise<WriteResult<T>> {
  try {
    return await db.transaction(async (tx) => {
      const log = new ChangeLog(tx as unknown as Database);
      const value = await work(log);
      const change = await log.record(author.name, mutation, options.revertsId?.(value) ?? null);
      return { ok: true as const, value, change };
    });
  } catch (error) {
    if (error instanceof WriteRefused) return { ok: false, userErrors: error.userErrors };
    // The domain checks what it can before writing; a constraint the database still
    // enforces (a slug taken, a record gone since) is the input's conflict, not a crash.
    const violation = constraintViolation(error);
    if (violation) return { ok: false, userErrors: [violationError(violation)] };
    throw error;
  }
}

function violationError({ kind, constraint }: ConstraintViolation): UserError {
  const which = constraint ? ` (${constraint})` : '';
  if (kind === 'unique') return { field: null, code: 'CONFLICT', message: `A record with the same key exists already${which}.` };
  if (kind === 'foreign_key') return { field: null, code: 'CONFLICT', message: `The write refers to a record that does not exist (any more)${which}.` };
  return { field: null, code: 'INVALID_INPUT', message: `The write breaks a rule of the data${which}.` };
}
