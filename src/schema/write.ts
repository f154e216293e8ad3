// What every mutation shares: the UserError type, the DeletePayload, and
// performWrite, which runs a domain write for the caller as one transaction
// and one Change and shapes the payload.
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../context.js';
import type { ChangeLog } from '../domain/change-log.js';
import { refuse, type UserError as DomainUserError } from '../domain/errors.js';
import type { Viewer } from '../domain/keys.js';
import { runWrite } from '../domain/write.js';
import { builder } from './builder.js';
import { Change } from './change.js';

export const UserError = builder.objectRef<DomainUserError>('UserError').implement({
  description: 'Input that was refused: nothing was written.',
  fields: (t) => ({
    field: t.exposeStringList('field', { nullable: true, description: "Path to the input field at fault, from the input object: ['participants', '2', 'actor']." }),
    message: t.exposeString('message', { description: 'What is wrong, for a person.' }),
    code: t.exposeString('code', {
      description: 'NOT_FOUND, INVALID_DATE, INVALID_SLUG, DUPLICATE_SLUG, QUOTE_NOT_FOUND, AMBIGUOUS_QUOTE, SPAN_MISMATCH, IN_USE, CONFLICT, INVALID_DOCUMENT, INVALID_INPUT, TOO_LONG, NOTE_REQUIRED, DUPLICATE_RELATION, FORBIDDEN.',
    }),
  }),
});

export interface Payload<T> {
  value: T | null;
  userErrors: DomainUserError[];
  /** The id of the Change recording the write. */
  change: number | null;
}

/**
 * The caller's key. Who may write is declared with scope-auth on the Mutation
 * type (EDITOR or ADMIN); a resolver only runs once that passed, so a key is there.
 */
export function writer(ctx: Context): Viewer {
  if (!ctx.viewer) throw new Error('a mutation ran without the key its scope requires');
  return ctx.viewer;
}

export async function performWrite<T>(ctx: Context, mutation: string, work: (log: ChangeLog, viewer: Viewer) => Promise<T>, revertsId?: (value: T) => number): Promise<Payload<T>> {
  const viewer = writer(ctx);
  const result = await runWrite(ctx.db, viewer, mutation, (log) => work(log, viewer), {
    revertsId: revertsId as ((value: unknown) => number) | undefined,
  });
  if (!result.ok) return { value: null, userErrors: result.userErrors, change: null };
  return { value: result.value, userErrors: [], change: result.change ? result.change.id : null };
}

/** Payload fields every mutation has besides its record. */
export function payloadFields(t: any) {
  return {
    userErrors: t.field({ type: [UserError], description: 'Why the input was refused; empty when it was applied.', resolve: (p: Payload<unknown>) => p.userErrors }),
    change: t.field({ type: Change, nullable: true, description: 'The Change recording the write; null when nothing was written.', resolve: (p: Payload<unknown>) => p.change }),
  };
}

export const DeletePayload = builder.objectRef<Payload<string>>('DeletePayload').implement({
  description: 'The result of a delete.',
  fields: (t) => ({
    deletedId: t.id({ nullable: true, description: 'Global ID of what was deleted; null when nothing was.', resolve: (p) => p.value }),
    ...payloadFields(t),
  }),
});

export const DeleteInput = builder.inputType('DeleteInput', {
  description: 'Deleting a record that others still point to is refused with IN_USE, naming them.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The record to delete.' }),
    version: t.int({ description: 'The version it was read at; another version refuses the delete with CONFLICT.' }),
  }),
});

/** The database id behind a global ID of `type`; a well-formed ID of another type names nothing here. */
export function idOf(globalId: string, type: string, field: string[]): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    refuse('INVALID_ID', `${field.join('.')}: "${globalId}" is not a valid ID.`, field);
  }
  const { typename, id } = decoded;
  if (!/^\d+$/.test(id)) refuse('INVALID_ID', `${field.join('.')}: "${globalId}" is not a valid ID.`, field);
  if (typename !== type) refuse('NOT_FOUND', `${field.join('.')}: expected the ID of a ${type}, got the ID of a ${typename}.`, field);
  return Number(id);
}

/** Shared by statements, events and claims: a quote anchored in a source. */
export const ExcerptInput = builder.inputType('ExcerptInput', {
  description:
    "A quote anchored in a source. Without start, the quote must occur exactly once in the source's text (else QUOTE_NOT_FOUND or AMBIGUOUS_QUOTE); with start, text[start, start + length) must equal it (else SPAN_MISMATCH).",
  fields: (t) => ({
    source: t.id({ required: true, description: 'The source the quote is taken from.' }),
    quote: t.string({ required: true, description: 'The words, exactly as the text has them.' }),
    start: t.int({ description: 'Where the quote starts in the text (UTF-16 offset), when it occurs more than once.' }),
  }),
});

/** ExcerptInputs with their sources decoded; `field` is the list's path, e.g. ['appearances', '0', 'excerpts']. */
export function excerptsOf(inputs: { source: string | number; quote: string; start?: number | null }[], field: string[]) {
  return inputs.map((e, i) => ({ sourceId: idOf(String(e.source), 'Source', [...field, String(i), 'source']), quote: e.quote, start: e.start }));
}
