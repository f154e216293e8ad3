// Topics: create, update, delete. A topic claims still take a stance on cannot be deleted.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { claims, claimTopics, topics } from '../db/schema.js';
import type { ChangeLog } from './change-log.js';
import { optionalText, parseInput, requiredText, SLUG, TEXT_LIMITS } from './input.js';
import { freeSlug, NAMED_REFERRERS, refuseIfReferenced, rowForWrite } from './records.js';

const CreateTopic = z.object({ slug: SLUG.nullish(), name: requiredText(TEXT_LIMITS.name), description: optionalText(TEXT_LIMITS.description) });
const UpdateTopic = z.object({ name: requiredText(TEXT_LIMITS.name).nullish(), description: optionalText(TEXT_LIMITS.description) });

export type TopicRecord = typeof topics.$inferSelect;

/** The topics row of a validated topic, shared with the seed loader. */
export function topicRow(t: { slug: string; name: string; description?: string | null }) {
  return { slug: t.slug, name: t.name, description: t.description ?? null };
}

export async function createTopic(log: ChangeLog, input: unknown): Promise<TopicRecord> {
  const data = parseInput(CreateTopic, input);
  const slug = await freeSlug(log.tx, topics, data.slug, data.name, 'name');
  const [row] = await log.insert(topics, topicRow({ ...data, slug }));
  return row as TopicRecord;
}

export async function updateTopic(log: ChangeLog, id: number, version: number | null | undefined, input: Record<string, unknown>): Promise<TopicRecord> {
  const current = await rowForWrite<TopicRecord>(log.tx, topics, id, version, 'topic');
  const data = parseInput(UpdateTopic, input);
  const set = {
    ...(data.name != null && { name: data.name }),
    ...(data.description !== undefined && { description: data.description }),
    version: current.version + 1,
  };
  const [row] = await log.update(topics, eq(topics.id, id), set);
  return row as TopicRecord;
}

export async function deleteTopic(log: ChangeLog, id: number, version: number | null | undefined): Promise<void> {
  await rowForWrite<TopicRecord>(log.tx, topics, id, version, 'topic');
  await refuseIfReferenced('topic', [
    {
      label: 'claim',
      names: () =>
        log.tx
          .select({ name: claims.slug })
          .from(claimTopics)
          .innerJoin(claims, eq(claims.id, claimTopics.claimId))
          .where(eq(claimTopics.topicId, id))
          .limit(NAMED_REFERRERS + 1),
    },
  ]);
  await log.delete(topics, eq(topics.id, id));
}
