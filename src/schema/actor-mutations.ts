// createActor, updateActor, deleteActor.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createActor, deleteActor, updateActor, type ActorRecord } from '../domain/actor.js';
import { Actor, ActorKindEnum } from './actor.js';
import { builder } from './builder.js';
import { DeleteInput, DeletePayload, idOf, payloadFields, performWrite, type Payload } from './write.js';

const ActorPayload = builder.objectRef<Payload<ActorRecord>>('ActorPayload').implement({
  description: 'The actor as written, or why not.',
  fields: (t) => ({
    actor: t.field({ type: Actor, nullable: true, description: 'The actor; null when the input was refused.', resolve: (p) => p.value }),
    ...payloadFields(t),
  }),
});

const CreateActorInput = builder.inputType('CreateActorInput', {
  description: 'Fields left out keep their value; slug is derived from the name when not given.',
  fields: (t) => ({
    slug: t.string({ description: 'Stable key; derived from the name when left out.' }),
    name: t.string({ required: true, description: 'The name the actor goes by.' }),
    kind: t.field({ type: ActorKindEnum, required: true, description: 'What sort of actor this is.' }),
    aliases: t.stringList({ description: 'Other names the sources use, as they write them.' }),
    description: t.string({ description: 'A short description.' }),
  }),
});

const UpdateActorInput = builder.inputType('UpdateActorInput', {
  description: 'Fields left out keep their value; aliases, when given, replace the list.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The actor to change.' }),
    version: t.int({ description: 'The version it was read at; another version refuses the update with CONFLICT.' }),
    name: t.string({ description: 'The new name.' }),
    kind: t.field({ type: ActorKindEnum, description: 'The new kind.' }),
    aliases: t.stringList({ description: 'The new list of aliases.' }),
    description: t.string({ description: 'The new description; null clears it.' }),
  }),
});

builder.mutationFields((t) => ({
  createActor: t.field({
    type: ActorPayload,
    description: 'Adds an actor.',
    args: { input: t.arg({ type: CreateActorInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) => performWrite(ctx, 'createActor', (log) => createActor(log, input)),
  }),
  updateActor: t.field({
    type: ActorPayload,
    description: 'Changes an actor.',
    args: { input: t.arg({ type: UpdateActorInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'updateActor', (log) => {
        const { id, version, ...fields } = input;
        return updateActor(log, idOf(String(id), 'Actor', ['id']), version, fields);
      }),
  }),
  deleteActor: t.field({
    type: DeletePayload,
    description: 'Deletes an actor nothing names (else IN_USE); its aliases and affiliations go with it.',
    args: { input: t.arg({ type: DeleteInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'deleteActor', async (log) => {
        const id = idOf(String(input.id), 'Actor', ['id']);
        await deleteActor(log, id, input.version);
        return encodeGlobalID('Actor', id);
      }),
  }),
}));
