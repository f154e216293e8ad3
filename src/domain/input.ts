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

/** A problem with one field of an input or a document: where (a path of keys and list indexes), what, and its code. */
export interface Issue {
  path: (string | number)[];
  message: string;
  code: string;
}

/** A value as a message names it: `a list`, `a mapping`, `number 3`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const TYPE_NAMES: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', int: 'an integer', boolean: 'true or false' };

/**
 * Messages for zod's issues that read well after a field path, in the API's
 * userErrors and in the seed loader's file/entry messages alike. Messages set
 * on a schema itself take precedence.
 */
function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describe(issue.input)}`;
    case 'invalid_value':
      return `has unknown value ${JSON.stringify(issue.input)} (expected one of ${issue.values.map(String).join(', ')})`;
    case 'unrecognized_keys': {
      const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
      const expected = shape ? ` (expected one of ${Object.keys(shape).join(', ')})` : '';
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${expected}`;
    }
    case 'too_small':
      return issue.origin === 'array' ? `must list at least ${issue.minimum}` : issue.origin === 'string' ? 'must not be empty' : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `at most ${issue.maximum} items` : issue.origin === 'string' ? `at most ${issue.maximum} characters` : `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

function issueCode(issue: z.core.$ZodIssue): string {
  const given = (issue as { params?: { code?: unknown } }).params?.code;
  if (typeof given === 'string') return given;
  if (issue.path.at(-1) === 'slug') return 'INVALID_SLUG';
  return issue.code === 'too_big' ? 'TOO_LONG' : 'INVALID_INPUT';
}

/** The value `shape` makes of `input`, or every problem it has, each with its path. */
export function checkShape<S extends z.ZodType>(shape: S, input: unknown): { ok: true; data: z.infer<S> } | { ok: false; issues: Issue[] } {
  const result = shape.safeParse(input, { error: issueMessage });
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))), message: issue.message, code: issueCode(issue) })),
  };
}

/** Refuses the write with one userError per issue, each at its field. */
export function refuseIssues(issues: Issue[], prefix: string[] = []): never {
  throw new WriteRefused(issues.map((issue) => ({ field: [...prefix, ...issue.path.map(String)], message: issue.message, code: issue.code })));
}

/** Parses `input` with `shape`, or refuses the write with one userError per problem. */
export function parseInput<S extends z.ZodType>(shape: S, input: unknown): z.infer<S> {
  const result = checkShape(shape, input);
  if (result.ok) return result.data;
  refuseIssues(result.issues);
}
