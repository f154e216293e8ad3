// Positions: stance claims read as a sequence, so a reader sees an actor's
// position on a topic move over time. Adds Actor.positions and Topic.positions.
import { userError } from '../errors.js';
import { positionsByActor, positionsByTopic, type PositionRow } from '../loaders/positions.js';
import { Actor } from './actor.js';
import { builder } from './builder.js';
import { Claim, StanceEnum } from './claim.js';
import { FuzzyDateRef } from './fuzzy-date.js';
import { Topic } from './topic.js';

export const Position = builder.objectRef<PositionRow>('Position').implement({
  description: "An actor's stance on a topic, as one claim it asserted, dated by the first statement in which it asserted it.",
  fields: (t) => ({
    actor: t.field({ type: Actor, description: 'Who took the position (a claimant of the claim).', resolve: (p) => p.actorId }),
    topic: t.field({ type: Topic, description: 'What the position is on.', resolve: (p) => p.topicId }),
    stance: t.expose('stance', { type: StanceEnum, description: 'The stance the claim takes on the topic.' }),
    claim: t.field({ type: Claim, description: 'The claim that states the position.', resolve: (p) => p.claimId }),
    date: t.field({
      type: FuzzyDateRef,
      description: "When the actor took the position: the date of the first statement in which it asserted the claim.",
      resolve: (p) => p.date,
    }),
  }),
});

builder.objectFields(Actor, (t) => ({
  positions: t.loadableList({
    type: Position,
    byPath: true,
    description:
      "The actor's stance claims on one topic (claims it asserted as author, signatory or speaker), oldest first: how its position moved.",
    args: { topic: t.arg.globalID({ for: Topic, required: true, description: 'The topic, by global ID.' }) },
    load: async (ids: number[], ctx, args) => {
      const topicId = Number(args.topic.id);
      const topic = await Topic.getDataloader(ctx).load(topicId);
      if (!topic) throw userError('NOT_FOUND', `No topic has the ID ${args.topic.id}.`, { argumentName: 'topic' });
      return positionsByActor(ctx.db, ids, topicId);
    },
    resolve: (actor) => actor.id,
  }),
}));

builder.objectFields(Topic, (t) => ({
  positions: t.loadableList({
    type: Position,
    description: "Every actor's stance claims on this topic, oldest first (ties: claim, then actor).",
    load: (ids: number[], ctx) => positionsByTopic(ctx.db, ids),
    resolve: (topic) => topic.id,
  }),
}));
