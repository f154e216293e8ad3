// createEvent, updateEvent, deleteEvent.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createEvent, deleteEvent, updateEvent, type EventInput, type EventRecord } from '../domain/event.js';
import { EventRoleEnum } from './actor.js';
import { builder } from './builder.js';
import { Event, EventKindEnum } from './event.js';
import { DeleteInput, DeletePayload, ExcerptInput, excerptsOf, idOf, payloadFields, performWrite, type Payload } from './write.js';

const EventParticipantInput = builder.inputType('EventParticipantInput', {
  description: 'An actor in a role in an event.',
  fields: (t) => ({
    actor: t.id({ required: true, description: 'The actor.' }),
    role: t.field({ type: EventRoleEnum, required: true, description: 'Its role in the event.' }),
  }),
});

const EventPayload = builder.objectRef<Payload<EventRecord>>('EventPayload').implement({
  description: 'The event as written, or why not.',
  fields: (t) => ({
    event: t.field({ type: Event, nullable: true, description: 'The event; null when the input was refused.', resolve: (p) => p.value }),
    ...payloadFields(t),
  }),
});

const CreateEventInput = builder.inputType('CreateEventInput', {
  description: 'A new event; slug is derived from the title when not given.',
  fields: (t) => ({
    slug: t.string({ description: 'Stable key; derived from the title when left out.' }),
    title: t.string({ required: true, description: 'What happened, in a few words.' }),
    kind: t.field({ type: EventKindEnum, required: true, description: 'What sort of happening it is.' }),
    start: t.string({ required: true, description: 'When it began, EDTF (2025-11-12, 2025-12, 2026-01?).' }),
    end: t.string({ description: 'When it ended, EDTF; not before start.' }),
    dateNote: t.string({ description: 'How the start date was inferred, when the source does not say it outright.' }),
    description: t.string({ description: 'What happened, at more length.' }),
    place: t.string({ description: 'Where it happened.' }),
    parent: t.id({ description: 'The larger event this one is part of.' }),
    participants: t.field({ type: [EventParticipantInput], description: 'Who took part and how, in the order the sources give (at most 100).' }),
    excerpts: t.field({ type: [ExcerptInput], description: 'Where the sources record it (at most 100).' }),
  }),
});

const UpdateEventInput = builder.inputType('UpdateEventInput', {
  description: 'Fields left out keep their value; a list given replaces the old one.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The event to change.' }),
    version: t.int({ description: 'The version it was read at; another version refuses the update with CONFLICT.' }),
    title: t.string({ description: 'The new title.' }),
    kind: t.field({ type: EventKindEnum, description: 'The new kind.' }),
    start: t.string({ description: 'The new start, EDTF.' }),
    end: t.string({ description: 'The new end, EDTF; null clears it.' }),
    dateNote: t.string({ description: 'How the start date was inferred; null clears it. A new start without a note clears the old note.' }),
    description: t.string({ description: 'The new description; null clears it.' }),
    place: t.string({ description: 'The new place; null clears it.' }),
    parent: t.id({ description: 'The new parent event (not the event itself or one of its parts); null makes it stand alone.' }),
    participants: t.field({ type: [EventParticipantInput], description: 'Replaces the participants (at most 100).' }),
    excerpts: t.field({ type: [ExcerptInput], description: 'Replaces the excerpts (at most 100).' }),
  }),
});

type EventFieldsInput = Omit<typeof UpdateEventInput.$inferInput, 'id' | 'version' | 'title' | 'kind' | 'start'> & {
  title?: string | null;
  kind?: EventInput['kind'];
  start?: string | null;
};

/** The GraphQL input with its IDs decoded, each refusal at its full field path. */
function eventInput(input: EventFieldsInput): EventInput {
  const { parent, participants, excerpts, ...rest } = input;
  return {
    ...rest,
    ...(parent !== undefined && { parentId: parent == null ? null : idOf(String(parent), 'Event', ['parent']) }),
    ...(participants != null && {
      participants: participants.map((p, i) => ({ actorId: idOf(String(p.actor), 'Actor', ['participants', String(i), 'actor']), role: p.role })),
    }),
    ...(excerpts != null && { excerpts: excerptsOf(excerpts, ['excerpts']) }),
  };
}

builder.mutationFields((t) => ({
  createEvent: t.field({
    type: EventPayload,
    description: 'Adds an event with its participants and the excerpts that record it.',
    args: { input: t.arg({ type: CreateEventInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'createEvent', (log) => createEvent(log, { ...eventInput(input), title: input.title, kind: input.kind, start: input.start })),
  }),
  updateEvent: t.field({
    type: EventPayload,
    description: 'Changes an event; lists given replace the old ones.',
    args: { input: t.arg({ type: UpdateEventInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'updateEvent', (log) => {
        const { id, version, ...fields } = input;
        return updateEvent(log, idOf(String(id), 'Event', ['id']), version, eventInput(fields));
      }),
  }),
  deleteEvent: t.field({
    type: DeletePayload,
    description: 'Deletes an event no statement, claim or other event points to (else IN_USE), with its participants and excerpt links.',
    args: { input: t.arg({ type: DeleteInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'deleteEvent', async (log) => {
        const id = idOf(String(input.id), 'Event', ['id']);
        await deleteEvent(log, id, input.version);
        return encodeGlobalID('Event', id);
      }),
  }),
}));
