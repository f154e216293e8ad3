// createClaim, updateClaim, deleteClaim.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createClaim, deleteClaim, updateClaim, type ClaimInput, type ClaimRecord } from '../domain/claim.js';
import { builder } from './builder.js';
import { Claim, ClaimKindEnum, StanceEnum } from './claim.js';
import { DeleteInput, DeletePayload, ExcerptInput, excerptsOf, idOf, payloadFields, performWrite, type Payload } from './write.js';

const AppearanceInput = builder.inputType('AppearanceInput', {
  description: 'A statement the claim appears in, with the excerpts that record it there.',
  fields: (t) => ({
    statement: t.id({ required: true, description: 'The statement.' }),
    excerpts: t.field({ type: [ExcerptInput], required: true, description: 'The exact words (at least one, at most 100); the first places the claim among the statement’s claims.' }),
  }),
});

const TopicStanceInput = builder.inputType('TopicStanceInput', {
  description: 'A topic the claim bears on, and its stance on it.',
  fields: (t) => ({
    topic: t.id({ required: true, description: 'The topic.' }),
    stance: t.field({ type: StanceEnum, description: 'Where the claim stands on it; none when it only bears on it.' }),
  }),
});

const ClaimPayload = builder.objectRef<Payload<ClaimRecord>>('ClaimPayload').implement({
  description: 'The claim as written, or why not.',
  fields: (t) => ({
    claim: t.field({ type: Claim, nullable: true, description: 'The claim; null when the input was refused.', resolve: (p) => p.value }),
    ...payloadFields(t),
  }),
});

const CreateClaimInput = builder.inputType('CreateClaimInput', {
  description: 'A new claim; slug is derived from the text when not given.',
  fields: (t) => ({
    slug: t.string({ description: 'Stable key; derived from the text when left out.' }),
    text: t.string({ required: true, description: 'The proposition in plain words.' }),
    kind: t.field({ type: ClaimKindEnum, required: true, description: 'What sort of proposition it is.' }),
    appearances: t.field({ type: [AppearanceInput], required: true, description: 'The statements it appears in (at least one, at most 100).' }),
    subjects: t.idList({ description: 'Actors it is about (at most 100).' }),
    events: t.idList({ description: 'Events it is about (at most 100).' }),
    topics: t.field({ type: [TopicStanceInput], description: 'Topics it bears on, with its stance (at most 100).' }),
  }),
});

const UpdateClaimInput = builder.inputType('UpdateClaimInput', {
  description: 'Fields left out keep their value; a list given replaces the old one.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The claim to change.' }),
    version: t.int({ description: 'The version it was read at; another version refuses the update with CONFLICT.' }),
    text: t.string({ description: 'The new text.' }),
    kind: t.field({ type: ClaimKindEnum, description: 'The new kind.' }),
    appearances: t.field({ type: [AppearanceInput], description: 'Replaces the appearances (at least one); a statement kept keeps its place among its claims.' }),
    subjects: t.idList({ description: 'Replaces the subjects.' }),
    events: t.idList({ description: 'Replaces the events.' }),
    topics: t.field({ type: [TopicStanceInput], description: 'Replaces the topics and stances.' }),
  }),
});

type ClaimFieldsInput = Omit<typeof UpdateClaimInput.$inferInput, 'id' | 'version'>;

/** The GraphQL input with its IDs decoded, each refusal at its full field path. */
function claimInput(input: ClaimFieldsInput): ClaimInput {
  const { appearances, subjects, events, topics, ...rest } = input;
  return {
    ...rest,
    ...(appearances != null && {
      appearances: appearances.map((a, i) => ({
        statementId: idOf(String(a.statement), 'Statement', ['appearances', String(i), 'statement']),
        excerpts: excerptsOf(a.excerpts, ['appearances', String(i), 'excerpts']),
      })),
    }),
    ...(subjects != null && { subjectIds: subjects.map((id, i) => idOf(String(id), 'Actor', ['subjects', String(i)])) }),
    ...(events != null && { eventIds: events.map((id, i) => idOf(String(id), 'Event', ['events', String(i)])) }),
    ...(topics != null && { topics: topics.map((x, i) => ({ topicId: idOf(String(x.topic), 'Topic', ['topics', String(i), 'topic']), stance: x.stance })) }),
  };
}

builder.mutationFields((t) => ({
  createClaim: t.field({
    type: ClaimPayload,
    description: 'Adds a claim where it appears, with what it is about; its place among each statement’s claims is derived from its first excerpt.',
    args: { input: t.arg({ type: CreateClaimInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'createClaim', (log) => {
        const decoded = claimInput(input);
        return createClaim(log, { ...decoded, text: input.text, kind: input.kind, appearances: decoded.appearances ?? [] });
      }),
  }),
  updateClaim: t.field({
    type: ClaimPayload,
    description: 'Changes a claim; lists given replace the old ones.',
    args: { input: t.arg({ type: UpdateClaimInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'updateClaim', (log) => {
        const { id, version, ...fields } = input;
        return updateClaim(log, idOf(String(id), 'Claim', ['id']), version, claimInput(fields));
      }),
  }),
  deleteClaim: t.field({
    type: DeletePayload,
    description:
      'Deletes a claim no relation from another claim points to (else IN_USE), with its appearances, subjects, events, topics and the relations it makes.',
    args: { input: t.arg({ type: DeleteInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'deleteClaim', async (log) => {
        const id = idOf(String(input.id), 'Claim', ['id']);
        await deleteClaim(log, id, input.version);
        return encodeGlobalID('Claim', id);
      }),
  }),
}));
