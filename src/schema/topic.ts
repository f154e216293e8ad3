import { sql } from 'drizzle-orm';
import { topics } from '../db/schema.js';
import { rowBySlug } from '../loaders/rows-by-id.js';
import { nestedConnection, tableConnection } from '../pagination/connection.js';
import { builder } from './builder.js';
import { rowNode } from './row-node.js';
import { claimPage } from './claim-page-extras.js';
import { ClaimConnection, StanceEnum } from './claim.js';
import { claimKey, nameKey } from './sort-keys.js';

export type TopicRow = Omit<typeof topics.$inferSelect, 'search'>;

export const Topic = builder.loadableNodeRef<TopicRow, number, number>('Topic', rowNode<TopicRow>(topics));

Topic.implement({
  description: "What claims are about: 'Azerbaijani participation in the Gaza ISF'.",
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key: topic(slug:) finds it.' }),
    name: t.exposeString('name', { description: 'The name of the topic.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the topic covers.' }),
    claims: t.field({
      type: ClaimConnection,
      description: 'Claims on this topic, in the order they were recorded; stance narrows it.',
      args: { stance: t.arg({ type: StanceEnum, description: 'Only claims taking this stance.' }), ...t.arg.connectionArgs() },
      resolve: (topic, args, ctx, info) =>
        nestedConnection(
          ctx,
          topic.id,
          args,
          claimPage(
            info,
            'topic-claims',
            () => ({
              from: sql`claim_topics ct`,
              parent: sql`ct.topic_id`,
              node: sql`ct.claim_id`,
              key: claimKey(sql`ct.claim_id`),
              where: args.stance ? [sql`ct.stance = ${args.stance}`] : [],
            }),
            args.stance,
          ),
        ),
    }),
  }),
});

export const TopicConnection = builder.connectionObject(
  { type: Topic, name: 'TopicConnection', description: 'A page of topics.' },
  { name: 'TopicEdge', description: 'A topic in a page.' },
);

builder.queryFields((t) => ({
  topic: t.field({
    type: Topic,
    nullable: true,
    description: 'The topic with this slug, or null.',
    args: { slug: t.arg.string({ required: true, description: "The topic's slug." }) },
    resolve: (_root, { slug }, ctx) => rowBySlug(ctx.db, topics, slug),
  }),
  topics: t.field({
    type: TopicConnection,
    description: 'All topics, by name.',
    args: t.arg.connectionArgs(),
    resolve: (_root, args, ctx) =>
      tableConnection(ctx.db, topics, args, {
        kind: 'topics',
        key: nameKey(topics.name, topics.id),
        keyOf: (topic: TopicRow) => [topic.name, topic.id],
      }),
  }),
}));
