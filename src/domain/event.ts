// Events: create, update, delete. An event has a start (and maybe an end) as
// EDTF, may be part of a larger event, has participants in roles and excerpts
// that record it. Its link rows are written through the ChangeLog like the
// event itself, so its history and a revert see them.
import { eq, inArray, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { actors, claimEvents, claims, eventExcerpts, eventParticipants, events, statementEvents, statements, type EventKind, type EventRole } from '../db/schema.js';
import { whereKey, type ChangeLog, type Row } from './change-log.js';
import { dateColumns, fuzzyDateInput } from './dates.js';
import { refuse } from './errors.js';
import { anchorExcerpts, type ExcerptInput } from './excerpts.js';
import { optionalText, parseInput, requiredText, SLUG, TEXT_LIMITS } from './input.js';
import { freeSlug, NAMED_REFERRERS, refuseIfReferenced, rowForWrite } from './records.js';
import { trackedTable } from './tracked-tables.js';

export type EventRecord = typeof events.$inferSelect;

/** Longest list an input may carry (participants, excerpts, appearances, ...); the server refuses longer lists in any request too. */
export const MAX_INPUT_LIST = 100;

/** A list of at most MAX_INPUT_LIST items, refused with TOO_LONG at the list's path. */
export const boundedList = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_INPUT_LIST, `at most ${MAX_INPUT_LIST} items`);

const EDTF = z.string().max(100, 'at most 100 characters');

const EventFields = {
  title: requiredText(TEXT_LIMITS.name),
  dateNote: optionalText(TEXT_LIMITS.note),
  description: optionalText(TEXT_LIMITS.description),
  place: optionalText(TEXT_LIMITS.name),
  participants: boundedList(z.unknown()).nullish(),
  excerpts: boundedList(z.unknown()).nullish(),
};
const CreateEvent = z.object({ ...EventFields, slug: SLUG.nullish(), start: EDTF, end: EDTF.nullish() });
const UpdateEvent = z.object({ ...EventFields, title: EventFields.title.nullish(), start: EDTF.nullish(), end: EDTF.nullish() });

export interface EventParticipantInput {
  actorId: number;
  role: EventRole;
}

/** Global IDs already decoded by the caller; fields left out (undefined) keep their value on update. */
export interface EventInput {
  slug?: string | null;
  title?: string | null;
  kind?: EventKind | null;
  start?: string | null;
  end?: string | null;
  dateNote?: string | null;
  description?: string | null;
  place?: string | null;
  parentId?: number | null;
  participants?: EventParticipantInput[] | null;
  excerpts?: ExcerptInput[] | null;
}

/**
 * Makes the link rows of one owner exactly `rows`: rows whose key is new are
 * inserted, rows no longer listed deleted, rows whose other columns differ
 * updated. Every write goes through the ChangeLog, so it is recorded.
 */
export async function syncLinks(log: ChangeLog, table: PgTable, owner: SQL, rows: Row[]): Promise<void> {
  const tracked = trackedTable(table);
  const keyOf = (row: Row) => JSON.stringify(tracked.keyProps.map((prop) => row[prop]));
  const old = (await log.tx.select().from(table).where(owner)) as Row[];
  const wanted = new Map(rows.map((row) => [keyOf(row), row]));
  const doomed = old.filter((row) => !wanted.has(keyOf(row)));
  for (const row of doomed) await log.delete(table, whereKey(tracked, row));
  const oldByKey = new Map(old.map((row) => [keyOf(row), row]));
  const fresh: Row[] = [];
  for (const [key, row] of wanted) {
    const current = oldByKey.get(key);
    if (!current) fresh.push(row);
    else if (Object.keys(row).some((prop) => row[prop] !== current[prop])) await log.update(table, whereKey(tracked, current), row);
  }
  await log.insert(table, fresh);
}

/** Refuses an id listed twice in one list, at the later item. */
export function refuseRepeats<T>(items: T[], keyOf: (item: T) => string, field: (i: number) => string[], what: (item: T) => string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) refuse('INVALID_INPUT', `${what(item)} is listed twice.`, field(i));
    seen.add(key);
  });
}

/** NOT_FOUND at `field(i)` for the first id in `ids` that names no row of `table`. */
export async function refuseUnknown(log: ChangeLog, table: PgTable & { id: PgColumn }, ids: number[], typeName: string, field: (i: number) => string[]): Promise<void> {
  if (!ids.length) return;
  const found = new Set((await log.tx.select({ id: table.id }).from(table).where(inArray(table.id, ids))).map((row) => row.id as number));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) refuse('NOT_FOUND', `No ${typeName} has this ID.`, field(missing));
}

/** Excerpt ids for a list of excerpt inputs (`field` is the list's path), a span given twice refused at its second place. */
export async function excerptIds(log: ChangeLog, inputs: ExcerptInput[], field: string[]): Promise<number[]> {
  const ids = await anchorExcerpts(log, inputs, field);
  refuseRepeats(ids, String, (i) => [...field, String(i)], () => 'The same span of the source');
  return ids;
}

async function checkParent(log: ChangeLog, eventId: number | null, parentId: number): Promise<void> {
  if (parentId === eventId) refuse('INVALID_INPUT', 'An event cannot be its own parent.', ['parent']);
  // Walk up from the proposed parent; meeting this event again would close a loop.
  const seen = new Set<number>();
  let at: number | null = parentId;
  while (at != null && !seen.has(at)) {
    seen.add(at);
    const [row] = await log.tx.select({ parentId: events.parentId }).from(events).where(eq(events.id, at));
    if (!row) refuse('NOT_FOUND', 'No event has the ID given as parent.', ['parent']);
    if (row.parentId === eventId && eventId != null) refuse('INVALID_INPUT', 'The parent is part of this event already; that would make a loop.', ['parent']);
    at = row.parentId;
  }
}

async function writeParticipants(log: ChangeLog, eventId: number, participants: EventParticipantInput[]): Promise<void> {
  refuseRepeats(participants, (p) => `${p.actorId}|${p.role}`, (i) => ['participants', String(i), 'actor'], (p) => `The actor as ${p.role}`);
  await refuseUnknown(log, actors, participants.map((p) => p.actorId), 'actor', (i) => ['participants', String(i), 'actor']);
  await syncLinks(
    log,
    eventParticipants,
    eq(eventParticipants.eventId, eventId),
    participants.map((p, position) => ({ eventId, actorId: p.actorId, role: p.role, position })),
  );
}

async function writeExcerpts(log: ChangeLog, eventId: number, inputs: ExcerptInput[]): Promise<void> {
  const ids = await excerptIds(log, inputs, ['excerpts']);
  await syncLinks(log, eventExcerpts, eq(eventExcerpts.eventId, eventId), ids.map((excerptId) => ({ eventId, excerptId })));
}

function refuseEndBeforeStart(start: { earliest: string; edtf: string }, end: { latest: string; edtf: string } | null): void {
  if (end && end.latest < start.earliest) refuse('INVALID_DATE', `The end ${end.edtf} is before the start ${start.edtf}.`, ['end']);
}

export async function createEvent(log: ChangeLog, input: EventInput & { title: string; kind: EventKind; start: string }): Promise<EventRecord> {
  const data = parseInput(CreateEvent, input);
  const start = fuzzyDateInput(data.start, data.dateNote, ['start']);
  const end = data.end == null ? null : fuzzyDateInput(data.end, null, ['end']);
  refuseEndBeforeStart(start, end);
  if (input.parentId != null) await checkParent(log, null, input.parentId);
  const slug = await freeSlug(log.tx, events, data.slug, data.title, 'title');
  const [row] = await log.insert(events, {
    slug,
    title: data.title,
    kind: input.kind,
    description: data.description ?? null,
    ...dateColumns('start', data.start, data.dateNote, ['start']),
    ...dateColumns('end', data.end, null, ['end']),
    place: data.place ?? null,
    parentId: input.parentId ?? null,
  });
  const event = row as EventRecord;
  if (input.participants) await writeParticipants(log, event.id, input.participants);
  if (input.excerpts) await writeExcerpts(log, event.id, input.excerpts);
  return event;
}

export async function updateEvent(log: ChangeLog, id: number, version: number | null | undefined, input: EventInput): Promise<EventRecord> {
  const current = await rowForWrite<EventRecord>(log.tx, events, id, version, 'event');
  const data = parseInput(UpdateEvent, input);
  // The note belongs to the start date: a new note alone re-notes the old start.
  const startEdtf = data.start ?? current.startEdtf!;
  const startNote = data.dateNote !== undefined ? data.dateNote : data.start != null ? null : current.startNote;
  const start = fuzzyDateInput(startEdtf, startNote, [data.start != null ? 'start' : 'dateNote']);
  const endEdtf = data.end !== undefined ? data.end : current.endEdtf;
  const end = endEdtf == null ? null : fuzzyDateInput(endEdtf, null, ['end']);
  refuseEndBeforeStart(start, end);
  if (input.parentId != null) await checkParent(log, id, input.parentId);
  const set = {
    ...(data.title != null && { title: data.title }),
    ...(input.kind != null && { kind: input.kind }),
    ...(data.description !== undefined && { description: data.description }),
    ...(data.place !== undefined && { place: data.place }),
    ...(input.parentId !== undefined && { parentId: input.parentId }),
    ...((data.start != null || data.dateNote !== undefined) && dateColumns('start', startEdtf, startNote, ['start'])),
    ...(data.end !== undefined && dateColumns('end', data.end, null, ['end'])),
    version: current.version + 1,
  };
  const [row] = await log.update(events, eq(events.id, id), set);
  if (input.participants) await writeParticipants(log, id, input.participants);
  if (input.excerpts) await writeExcerpts(log, id, input.excerpts);
  return row as EventRecord;
}

/** Refused (IN_USE) while statements, claims or other events point to it; its own participants and excerpt links go with it. */
export async function deleteEvent(log: ChangeLog, id: number, version: number | null | undefined): Promise<void> {
  await rowForWrite<EventRecord>(log.tx, events, id, version, 'event');
  await refuseIfReferenced('event', [
    {
      label: 'statement',
      names: () =>
        log.tx
          .select({ name: statements.slug })
          .from(statementEvents)
          .innerJoin(statements, eq(statements.id, statementEvents.statementId))
          .where(eq(statementEvents.eventId, id))
          .limit(NAMED_REFERRERS + 1),
    },
    {
      label: 'claim',
      names: () =>
        log.tx
          .select({ name: claims.slug })
          .from(claimEvents)
          .innerJoin(claims, eq(claims.id, claimEvents.claimId))
          .where(eq(claimEvents.eventId, id))
          .limit(NAMED_REFERRERS + 1),
    },
    {
      label: 'event (part of it)',
      names: () => log.tx.select({ name: events.slug }).from(events).where(eq(events.parentId, id)).limit(NAMED_REFERRERS + 1),
    },
  ]);
  // Link rows first, each recorded: the database's cascade would remove them unrecorded.
  await log.delete(eventParticipants, eq(eventParticipants.eventId, id));
  await log.delete(eventExcerpts, eq(eventExcerpts.eventId, id));
  await log.delete(events, eq(events.id, id));
}
