// createTopic, updateTopic, deleteTopic.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createTopic, deleteTopic, updateTopic, type TopicRecord } from '../domain/topic.js';
import { builder } from './builder.js';
import { Topic } from './topic.js';
import { DeleteInput, DeletePayload, idOf, payloadFields, performWrite, type Payload } from './write.js';

const TopicPayload = builder.objectRef<Payload<TopicRecord>>('TopicPayload').implement({
  description: 'The topic as written, or why not.',
  fields: (t) => ({
    topic: t.field({ type: Topic, nullable: true, description: 'The topic; null when the input was refused.', resolve: (p) => p.value }),
    ...payloadFields(t),
  }),
});

const CreateTopicInput = builder.inputType('CreateTopicInput', {
  description: 'Fields left out keep their value; slug is derived from the name when not given.',
  fields: (t) => ({
    slug: t.string({ description: "Stable key, e.g. 'gaza-isf'; derived from the name when left out." }),
    name: t.string({ required: true, description: 'The name of the topic.' }),
    description: t.string({ description: 'What the topic covers.' }),
  }),
});

const UpdateTopicInput = builder.inputType('UpdateTopicInput', {
  description: 'Fields left out keep their value.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The topic to change.' }),
    version: t.int({ description: 'The version it was read at; another version refuses the update with CONFLICT.' }),
    name: t.string({ description: 'The new name.' }),
    description: t.string({ description: 'The new description; null clears it.' }),
  }),
});

builder.mutationFields((t) => ({
  createTopic: t.field({
    type: TopicPayload,
    description: 'Adds a topic.',
    args: { input: t.arg({ type: CreateTopicInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) => performWrite(ctx, 'createTopic', (log) => createTopic(log, input)),
  }),
  updateTopic: t.field({
    type: TopicPayload,
    description: 'Changes a topic.',
    args: { input: t.arg({ type: UpdateTopicInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'updateTopic', (log) => {
        const { id, version, ...fields } = input;
        return updateTopic(log, idOf(String(id), 'Topic', ['id']), version, fields);
      }),
  }),
  deleteTopic: t.field({
    type: DeletePayload,
    description: 'Deletes a topic no claim bears on (else IN_USE).',
    args: { input: t.arg({ type: DeleteInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'deleteTopic', async (log) => {
        const id = idOf(String(input.id), 'Topic', ['id']);
        await deleteTopic(log, id, input.version);
        return encodeGlobalID('Topic', id);
      }),
  }),
}));
