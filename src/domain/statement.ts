// Statements: who said something, when, in which words. Participants,
// excerpts, events and responses are the statement's own rows; a list given
// on update replaces the old one. A statement claims appear in cannot be deleted.
import { eq, or } from 'drizzle-orm';
import { z } from 'zod';
import {
  actors,
  claimAppearances,
  claimRelations,
  claims,
  events,
  statementEvents,
  statementExcerpts,
  statementParticipants,
  statementResponses,
  statements,
  type ParticipantRole,
  type StatementKind,
} from '../db/schema.js';
import type { ChangeLog } from './change-log.js';
import { fuzzyDateToColumns, type FuzzyDate } from '../dates/fuzzy-date.js';
import { dateColumns, fuzzyDateInput } from './dates.js';
import { refuse } from './errors.js';
import { excerptIds, type ExcerptInput } from './excerpts.js';
import { boundedList, optionalText, parseInput, requiredText, SLUG, TEXT_LIMITS } from './input.js';
import { refuseRepeats, refuseUnknown, syncLinks } from './links.js';
import { freeSlug, NAMED_REFERRERS, refuseIfReferenced, rowForWrite } from './records.js';

export type StatementRecord = typeof statements.$inferSelect;


const Texts = z.object({
  slug: SLUG.nullish(),
  title: requiredText(TEXT_LIMITS.name).nullish(),
  date: z.string().max(100).nullish(),
  dateNote: optionalText(TEXT_LIMITS.note),
  summary: optionalText(TEXT_LIMITS.description),
  participants: boundedList(z.unknown()).nullish(),
  excerpts: boundedList(z.unknown()).nullish(),
  eventIds: boundedList(z.unknown()).nullish(),
  respondsToIds: boundedList(z.unknown()).nullish(),
});

export interface StatementInput {
  slug?: string | null;
  title?: string | null;
  kind?: StatementKind | null;
  date?: string | null;
  dateNote?: string | null;
  summary?: string | null;
  participants?: { actorId: number; role: ParticipantRole }[] | null;
  excerpts?: ExcerptInput[] | null;
  eventIds?: number[] | null;
  respondsToIds?: number[] | null;
}

/** The statements row of a validated statement (date parsed), shared with the seed loader. */
export function statementRow(s: { slug: string; title: string; kind: StatementKind; date: FuzzyDate; summary: string | null }) {
  return { slug: s.slug, title: s.title, kind: s.kind, ...fuzzyDateToColumns('date', s.date), summary: s.summary };
}

/** A statement's participant rows, their order kept as position. */
export function statementParticipantRows(statementId: number, participants: { actorId: number; role: ParticipantRole }[]) {
  return participants.map((p, position) => ({ statementId, actorId: p.actorId, role: p.role, position }));
}

/** The statements a statement answers, as its statement_responses rows. */
export function responseRows(statementId: number, respondsToIds: number[]) {
  return respondsToIds.map((respondsToId) => ({ statementId, respondsToId }));
}

/** Writes the link rows of the lists given, each list replacing the old one row by row. */
async function writeLinks(log: ChangeLog, statementId: number, input: StatementInput): Promise<void> {
  if (input.participants != null) {
    const at = (i: number) => ['participants', String(i), 'actor'];
    refuseRepeats(input.participants, (p) => `${p.actorId}|${p.role}`, at, (p) => `The actor as ${p.role}`);
    await refuseUnknown(log, actors, input.participants.map((p) => p.actorId), 'actor', at);
    await syncLinks(log, statementParticipants, eq(statementParticipants.statementId, statementId),
      statementParticipantRows(statementId, input.participants));
  }
  if (input.excerpts != null) {
    const ids = await excerptIds(log, input.excerpts, ['excerpts']);
    await syncLinks(log, statementExcerpts, eq(statementExcerpts.statementId, statementId), ids.map((excerptId) => ({ statementId, excerptId })));
  }
  if (input.eventIds != null) {
    const at = (i: number) => ['events', String(i)];
    refuseRepeats(input.eventIds, String, at, () => 'The event');
    await refuseUnknown(log, events, input.eventIds, 'event', at);
    await syncLinks(log, statementEvents, eq(statementEvents.statementId, statementId), input.eventIds.map((eventId) => ({ statementId, eventId })));
  }
  if (input.respondsToIds != null) {
    const at = (i: number) => ['respondsTo', String(i)];
    refuseRepeats(input.respondsToIds, String, at, () => 'The statement');
    input.respondsToIds.forEach((id, i) => {
      if (id === statementId) refuse('INVALID_INPUT', 'A statement cannot respond to itself.', at(i));
    });
    await refuseUnknown(log, statements, input.respondsToIds, 'statement', at);
    await syncLinks(log, statementResponses, eq(statementResponses.statementId, statementId),
      responseRows(statementId, input.respondsToIds));
  }
}

export async function createStatement(log: ChangeLog, input: StatementInput & { title: string; kind: StatementKind; date: string }): Promise<StatementRecord> {
  const data = parseInput(Texts, input);
  const slug = await freeSlug(log.tx, statements, data.slug, input.title, 'title');
  const date = fuzzyDateInput(input.date, data.dateNote, ['date']);
  const [row] = await log.insert(statements, statementRow({ slug, title: data.title!, kind: input.kind, date, summary: data.summary ?? null }));
  await writeLinks(log, row!.id as number, input);
  return row as StatementRecord;
}

export async function updateStatement(log: ChangeLog, id: number, version: number | null | undefined, input: StatementInput): Promise<StatementRecord> {
  const current = await rowForWrite<StatementRecord>(log.tx, statements, id, version, 'statement');
  const data = parseInput(Texts, input);
  const dateGiven = input.date != null || input.dateNote !== undefined;
  const [row] = await log.update(statements, eq(statements.id, id), {
    ...(data.title != null && { title: data.title }),
    ...(input.kind != null && { kind: input.kind }),
    ...(dateGiven && dateColumns('date', input.date ?? current.dateEdtf, input.dateNote !== undefined ? data.dateNote : current.dateNote, ['date'])),
    ...(data.summary !== undefined && { summary: data.summary }),
    version: current.version + 1,
  });
  await writeLinks(log, id, input);
  return row as StatementRecord;
}

/** Deletes a statement no claim appears in and nothing answers; its own rows go with it. */
export async function deleteStatement(log: ChangeLog, id: number, version: number | null | undefined): Promise<void> {
  await rowForWrite<StatementRecord>(log.tx, statements, id, version, 'statement');
  const limit = NAMED_REFERRERS + 1;
  await refuseIfReferenced('statement', [
    { label: 'claim', names: () => log.tx.selectDistinct({ name: claims.slug }).from(claimAppearances).innerJoin(claims, eq(claims.id, claimAppearances.claimId)).where(eq(claimAppearances.statementId, id)).limit(limit) },
    { label: 'relation asserted by claim', names: () => log.tx.selectDistinct({ name: claims.slug }).from(claimRelations).innerJoin(claims, eq(claims.id, claimRelations.fromClaimId)).where(eq(claimRelations.statementId, id)).limit(limit) },
    { label: 'response', names: () => log.tx.select({ name: statements.slug }).from(statementResponses).innerJoin(statements, eq(statements.id, statementResponses.statementId)).where(eq(statementResponses.respondsToId, id)).limit(limit) },
  ]);
  await log.delete(statementParticipants, eq(statementParticipants.statementId, id));
  await log.delete(statementExcerpts, eq(statementExcerpts.statementId, id));
  await log.delete(statementEvents, eq(statementEvents.statementId, id));
  await log.delete(statementResponses, or(eq(statementResponses.statementId, id))!);
  await log.delete(statements, eq(statements.id, id));
}
