// Events: create, update, delete. An event has a start (and maybe an end) as
// EDTF, may be part of a larger event, has participants in roles and excerpts
// that record it. Its link rows are written through the ChangeLog like the
// event itself, so its history and a revert see them.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { actors, claimEvents, claims, eventExcerpts, eventParticipants, events, statementEvents, statements, type EventKind, type EventRole } from '../db/schema.js';
import { fuzzyDateToColumns, type FuzzyDate } from '../dates/fuzzy-date.js';
import type { ChangeLog } from './change-log.js';
import { dateColumns, fuzzyDateInput } from './dates.js';
import { refuse } from './errors.js';
import { excerptIds, type ExcerptInput } from './excerpts.js';
import { boundedList, optionalText, parseInput, requiredText, SLUG, TEXT_LIMITS } from './input.js';
import { refuseRepeats, refuseUnknown, syncLinks } from './links.js';
import { freeSlug, NAMED_REFERRERS, refuseIfReferenced, rowForWrite } from './records.js';

export type EventRecord = typeof events.$inferSelect;

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

/** The events row of a validated event (dates parsed), shared with the seed loader. */
export function eventRow(e: { slug: string; title: string; kind: EventKind; description: string | null; start: FuzzyDate; end: FuzzyDate | null; place: string | null; parentId: number | null }) {
  return {
    slug: e.slug,
    title: e.title,
    kind: e.kind,
    description: e.description,
    ...fuzzyDateToColumns('start', e.start),
    ...fuzzyDateToColumns('end', e.end),
    place: e.place,
    parentId: e.parentId,
  };
}

/** An event's participant rows, their order kept as position. */
export function eventParticipantRows(eventId: number, participants: EventParticipantInput[]) {
  return participants.map((p, position) => ({ eventId, actorId: p.actorId, role: p.role, position }));
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
    eventParticipantRows(eventId, participants),
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
  const [row] = await log.insert(
    events,
    eventRow({ slug, title: data.title, kind: input.kind, description: data.description ?? null, start, end, place: data.place ?? null, parentId: input.parentId ?? null }),
  );
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
