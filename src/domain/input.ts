// Input shapes and limits, checked with zod before anything is written;
// every problem becomes a userError with the path of the field at fault.
import { z } from 'zod';
import { WriteRefused } from './errors.js';

/** Longest texts a write may carry. */
export const TEXT_LIMITS = {
  name: 300,
  slug: 100,
  description: 5_000,
  note: 2_000,
  claimText: 5_000,
  quote: 20_000,
  sourceText: 5 * 1024 * 1024,
  url: 2_000,
} as const;

export const SLUG = z
  .string()
  .max(TEXT_LIMITS.slug)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a slug is lowercase letters and digits in words joined by single dashes, e.g. "gaza-isf"');

export const requiredText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
export const optionalText = (max: number) => z.string().trim().max(max, `at most ${max} characters`).nullish();

/** Longest list an input may carry (participants, excerpts, appearances, ...); the server refuses longer lists in any request too. */
export const MAX_INPUT_LIST = 100;

/** A list of at most MAX_INPUT_LIST items, refused with TOO_LONG at the list's path. */
export const boundedList = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_INPUT_LIST, `at most ${MAX_INPUT_LIST} items`);

/** Parses `input` with `shape`, or refuses the write with one userError per problem. */
export function parseInput<S extends z.ZodType>(shape: S, input: unknown): z.infer<S> {
  const result = shape.safeParse(input);
  if (result.success) return result.data;
  throw new WriteRefused(
    result.error.issues.map((issue) => ({
      field: issue.path.map(String),
      message: issue.message,
      code: issue.path.at(-1) === 'slug' ? 'INVALID_SLUG' : issue.code === 'too_big' ? 'TOO_LONG' : 'INVALID_INPUT',
    })),
  );
}
