// createSource, updateSource, deleteSource.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createSource, deleteSource, updateSource, type SourceRecord } from '../domain/source.js';
import { builder } from './builder.js';
import { Source, SourceKindEnum } from './source.js';
import { DeleteInput, DeletePayload, idOf, payloadFields, performWrite, type Payload } from './write.js';

const SourcePayload = builder.objectRef<Payload<SourceRecord>>('SourcePayload').implement({
  description: 'The source as written, or why not.',
  fields: (t) => ({
    source: t.field({ type: Source, nullable: true, description: 'The source; null when the input was refused.', resolve: (p) => p.value }),
    ...payloadFields(t),
  }),
});

const CreateSourceInput = builder.inputType('CreateSourceInput', {
  description: 'A document with its full text; slug is derived from the title when not given.',
  fields: (t) => ({
    slug: t.string({ description: 'Stable key; derived from the title when left out.' }),
    title: t.string({ required: true, description: 'The title of the document.' }),
    kind: t.field({ type: SourceKindEnum, required: true, description: 'What sort of document it is.' }),
    publisher: t.id({ description: 'The actor that published it.' }),
    url: t.string({ description: 'Where it was published.' }),
    published: t.string({ description: 'When it was published, EDTF (2025-11-12, 2025-12, 2026-01?).' }),
    text: t.string({ required: true, description: 'The full text, as quotes will be taken from it (at most 5 MiB).' }),
  }),
});

const UpdateSourceInput = builder.inputType('UpdateSourceInput', {
  description: "Fields left out keep their value. A source's text cannot change while excerpts point into it (IN_USE).",
  fields: (t) => ({
    id: t.id({ required: true, description: 'The source to change.' }),
    version: t.int({ description: 'The version it was read at; another version refuses the update with CONFLICT.' }),
    title: t.string({ description: 'The new title.' }),
    kind: t.field({ type: SourceKindEnum, description: 'The new kind.' }),
    publisher: t.id({ description: 'The new publisher; null clears it.' }),
    url: t.string({ description: 'The new URL; null clears it.' }),
    published: t.string({ description: 'The new publication date, EDTF; null clears it.' }),
    text: t.string({ description: 'The new text.' }),
  }),
});

function publisherOf(publisher: string | number | null | undefined): number | null | undefined {
  return publisher == null ? publisher : idOf(String(publisher), 'Actor', ['publisher']);
}

builder.mutationFields((t) => ({
  createSource: t.field({
    type: SourcePayload,
    description: 'Adds a source with its full text.',
    args: { input: t.arg({ type: CreateSourceInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'createSource', (log) => createSource(log, { ...input, publisherId: publisherOf(input.publisher) })),
  }),
  updateSource: t.field({
    type: SourcePayload,
    description: 'Changes a source.',
    args: { input: t.arg({ type: UpdateSourceInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'updateSource', (log) => {
        const { id, version, publisher, ...fields } = input;
        return updateSource(log, idOf(String(id), 'Source', ['id']), version, {
          ...fields,
          ...(publisher !== undefined && { publisherId: publisherOf(publisher) }),
        });
      }),
  }),
  deleteSource: t.field({
    type: DeletePayload,
    description: 'Deletes a source nothing quotes (else IN_USE).',
    args: { input: t.arg({ type: DeleteInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'deleteSource', async (log) => {
        const id = idOf(String(input.id), 'Source', ['id']);
        await deleteSource(log, id, input.version);
        return encodeGlobalID('Source', id);
      }),
  }),
}));
