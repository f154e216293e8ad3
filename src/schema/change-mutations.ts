// relateClaims, unrelateClaims and revertChange.
import { relateClaims, unrelateClaims, type RelationRecord } from '../domain/relation.js';
import { revertChange } from '../domain/revert.js';
import { builder } from './builder.js';
import { Change } from './change.js';
import { ClaimRelation, ClaimRelationKindEnum } from './claim.js';
import { DeletePayload, idOf, payloadFields, performWrite, UserError, type Payload } from './write.js';

const ClaimRelationPayload = builder.objectRef<Payload<RelationRecord>>('ClaimRelationPayload').implement({
  description: 'The relation as made, or why not.',
  fields: (t) => ({
    relation: t.field({ type: ClaimRelation, nullable: true, description: 'The relation; null when the input was refused.', resolve: (p) => p.value as never }),
    ...payloadFields(t),
  }),
});

const RelateClaimsInput = builder.inputType('RelateClaimsInput', {
  description: 'An editorial link between two claims: from <kind> to, with a note saying why it holds.',
  fields: (t) => ({
    from: t.id({ required: true, description: 'The claim making the move.' }),
    to: t.id({ required: true, description: 'The claim it bears on.' }),
    kind: t.field({ type: ClaimRelationKindEnum, required: true, description: 'How from bears on to.' }),
    note: t.string({ description: 'Why the link holds; required, as for every editorial link.' }),
  }),
});

const UnrelateClaimsInput = builder.inputType('UnrelateClaimsInput', {
  description: 'The relation to remove.',
  fields: (t) => ({
    from: t.id({ required: true, description: 'The claim making the move.' }),
    to: t.id({ required: true, description: 'The claim it bears on.' }),
    kind: t.field({ type: ClaimRelationKindEnum, required: true, description: 'The kind of the relation.' }),
  }),
});

const RevertChangeInput = builder.inputType('RevertChangeInput', {
  description: 'The change to revert.',
  fields: (t) => ({ change: t.id({ required: true, description: 'Global ID of the change.' }) }),
});

const RevertPayload = builder.objectRef<Payload<number>>('RevertPayload').implement({
  description: 'The revert, recorded as a new change, or why not.',
  fields: (t) => ({
    change: t.field({ type: Change, nullable: true, description: 'The new change that reverted the given one; null when refused.', resolve: (p) => p.change }),
    userErrors: t.field({ type: [UserError], description: 'Why the revert was refused; empty when it was applied.', resolve: (p) => p.userErrors }),
  }),
});

builder.mutationFields((t) => ({
  relateClaims: t.field({
    type: ClaimRelationPayload,
    description: 'Links two claims editorially (counts for standing from today).',
    args: { input: t.arg({ type: RelateClaimsInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'relateClaims', (log) =>
        relateClaims(log, idOf(String(input.from), 'Claim', ['from']), idOf(String(input.to), 'Claim', ['to']), input.kind, { note: input.note }),
      ),
  }),
  unrelateClaims: t.field({
    type: DeletePayload,
    description: 'Removes a relation between two claims.',
    args: { input: t.arg({ type: UnrelateClaimsInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'unrelateClaims', async (log) => {
        const from = idOf(String(input.from), 'Claim', ['from']);
        await unrelateClaims(log, from, idOf(String(input.to), 'Claim', ['to']), input.kind);
        return null as unknown as string;
      }),
  }),
  revertChange: t.field({
    type: RevertPayload,
    description: "Restores every row a change touched to its state before it, as a new change. An EDITOR may revert only its own key's changes.",
    args: { input: t.arg({ type: RevertChangeInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) =>
      performWrite(ctx, 'revertChange', (log, viewer) => revertChange(log, viewer, idOf(String(input.change), 'Change', ['change'])), (id) => id),
  }),
}));

