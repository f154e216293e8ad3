// createStatement, updateStatement, deleteStatement.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createStatement, deleteStatement, updateStatement, type StatementInput, type StatementRecord } from '../domain/statement.js';
import { ParticipantRoleEnum } from './actor.js';
import { builder } from './builder.js';
import { Statement, StatementKindEnum } from './statement.js';
import { DeleteInput, DeletePayload, ExcerptInput, excerptsOf, idOf, payloadFields, performWrite, type Payload } from './write.js';

const StatementPayload = builder.objectRef<Payload<StatementRecord>>('StatementPayload').implement({
  description: 'The statement as written, or why not.',
  fields: (t) => ({
    statement: t.field({ type: Statement, nullable: true, description: 'The statement; null when the input was refused.', resolve: (p) => p.value }),
    ...payloadFields(t),
  }),
});

const ParticipantInput = builder.inputType('ParticipantInput', {
  description: 'An actor in a statement, in a role.',
  fields: (t) => ({
    actor: t.id({ required: true, description: 'The actor.' }),
    role: t.field({ type: ParticipantRoleEnum, required: true, description: 'The part it plays.' }),
  }),
});

const statementFields = (t: any, create: boolean) => ({
  title: t.string({ required: create, description: 'The title.' }),
  kind: t.field({ type: StatementKindEnum, required: create, description: 'What sort of statement it is.' }),
  date: t.string({ required: create, description: 'When it was made, EDTF (2025-11-12, 2025-12, 2026-01?, 2025-12/2026-01), no more precise than the source.' }),
  dateNote: t.string({ description: 'How the date was inferred, when it was.' }),
  summary: t.string({ description: 'A one-paragraph summary.' }),
  participants: t.field({ type: [ParticipantInput], description: 'Who made it, in the order the source lists them; replaces the list on update.' }),
  excerpts: t.field({ type: [ExcerptInput], description: 'The spans of the source that record it; replaces the list on update.' }),
  events: t.idList({ description: 'Events it is about; replaces the list on update.' }),
  respondsTo: t.idList({ description: 'Statements it answers; replaces the list on update.' }),
});

const CreateStatementInput = builder.inputType('CreateStatementInput', {
  description: 'date and dates elsewhere: EDTF (2025-11-12, 2025-12, 2026-01?) with an optional note on how it was inferred.',
  fields: (t) => ({ slug: t.string({ description: 'Stable key; derived from the title when left out.' }), ...statementFields(t, true) }),
});

const UpdateStatementInput = builder.inputType('UpdateStatementInput', {
  description: 'Fields left out keep their value; a list given replaces the old one.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The statement to change.' }),
    version: t.int({ description: 'The version it was read at; another version refuses the update with CONFLICT.' }),
    ...statementFields(t, false),
  }),
});

interface StatementArgs {
  participants?: { actor: string | number; role: StatementInput['participants'] extends (infer P)[] | null | undefined ? P extends { role: infer R } ? R : never : never }[] | null;
  excerpts?: { source: string | number; quote: string; start?: number | null }[] | null;
  events?: (string | number)[] | null;
  respondsTo?: (string | number)[] | null;
  [field: string]: unknown;
}

/** Decodes the global IDs of a statement's input, each with its field path. */
function statementInput(input: StatementArgs): StatementInput {
  const { participants, excerpts, events, respondsTo, ...rest } = input;
  return {
    ...(rest as StatementInput),
    participants: participants?.map((p, i) => ({ actorId: idOf(String(p.actor), 'Actor', ['participants', String(i), 'actor']), role: p.role })),
    excerpts: excerpts ? excerptsOf(excerpts, ['excerpts']) : excerpts,
    eventIds: events?.map((id, i) => idOf(String(id), 'Event', ['events', String(i)])),
    respondsToIds: respondsTo?.map((id, i) => idOf(String(id), 'Statement', ['respondsTo', String(i)])),
  };
}

builder.mutationFields((t) => ({
  createStatement: t.field({
    type: StatementPayload,
    description: 'Adds a statement with its participants, excerpts, events and the statements it answers.',
    args: { input: t.arg({ type: CreateStatementInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'createStatement', (log) => createStatement(log, statementInput(input as StatementArgs) as never)),
  }),
  updateStatement: t.field({
    type: StatementPayload,
    description: 'Changes a statement.',
    args: { input: t.arg({ type: UpdateStatementInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'updateStatement', (log) => {
        const { id, version, ...fields } = input as StatementArgs & { id: string; version?: number | null };
        return updateStatement(log, idOf(String(id), 'Statement', ['id']), version, statementInput(fields));
      }),
  }),
  deleteStatement: t.field({
    type: DeletePayload,
    description: 'Deletes a statement no claim appears in and no statement answers (else IN_USE).',
    args: { input: t.arg({ type: DeleteInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'deleteStatement', async (log) => {
        const id = idOf(String(input.id), 'Statement', ['id']);
        await deleteStatement(log, id, input.version);
        return encodeGlobalID('Statement', id);
      }),
  }),
}));
