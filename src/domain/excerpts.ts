// Excerpts: verbatim spans of a source's text, anchored by quote. The same
// derivation (span, context kept around it) serves the seed loader and the API.
import { and, eq } from 'drizzle-orm';
import { excerpts, sources } from '../db/schema.js';
import type { ChangeLog } from './change-log.js';
import { refuse } from './errors.js';
import { refuseRepeats } from './links.js';
import { TEXT_LIMITS, type Issue } from './input.js';

/** Characters of context kept on each side of a quote, so it can be re-anchored if a text is corrected. */
export const EXCERPT_CONTEXT = 32;

/** text[from, to) widened or narrowed so no surrogate pair is cut in half. */
export function wholeChars(text: string, from: number, to: number): string {
  let start = Math.max(0, from);
  let end = Math.min(text.length, to);
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(start))) start += 1;
  if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return text.slice(start, end);
}

export function excerptContext(text: string, start: number, end: number): { prefix: string; suffix: string } {
  return { prefix: wholeChars(text, start - EXCERPT_CONTEXT, start), suffix: wholeChars(text, end, end + EXCERPT_CONTEXT) };
}

/**
 * Whether text[start, end) is exactly the quote: the context kept around it
 * when it is, else an issue (SPAN_MISMATCH) at start or end, saying what the
 * text holds there and where the quote is, if anywhere.
 */
export function checkSpan(
  text: string,
  /** How messages name the source: `source "slug"`, `the source`. */
  sourceName: string,
  span: { start: number; end: number; quote: string },
): { prefix: string; suffix: string } | { issue: Issue } {
  const { start, end, quote } = span;
  if (end > text.length) {
    return { issue: { path: ['end'], code: 'SPAN_MISMATCH', message: `span [${start}, ${end}) runs past the end of ${sourceName} (${text.length} characters)` } };
  }
  const actual = text.slice(start, end);
  if (start < 0 || actual !== quote) {
    const found = text.indexOf(quote);
    const hint = found >= 0 ? `; the quote is at [${found}, ${found + quote.length})` : '; the quote does not occur in it';
    const holds = JSON.stringify(actual.length > 200 ? `${actual.slice(0, 200)}…` : actual);
    return { issue: { path: ['start'], code: 'SPAN_MISMATCH', message: `the quote does not match ${sourceName} [${start}, ${end}), which holds ${holds}${hint}` } };
  }
  return excerptContext(text, start, end);
}

/** The excerpts row of a checked span, its context derived by excerptContext; shared with the seed loader. */
export function excerptRow(sourceId: number, span: { start: number; end: number; quote: string; prefix: string; suffix: string }) {
  return { sourceId, start: span.start, end: span.end, quote: span.quote, prefix: span.prefix, suffix: span.suffix };
}

export interface ExcerptInput {
  sourceId: number;
  quote: string;
  start?: number | null;
}

/**
 * Where `quote` sits in `text`: at `start` when given (SPAN_MISMATCH unless it
 * is there), else its only occurrence (QUOTE_NOT_FOUND, AMBIGUOUS_QUOTE).
 */
export function locateQuote(text: string, quote: string, start: number | null | undefined, field: string[]): number {
  if (!quote) refuse('INVALID_INPUT', 'A quote must not be empty.', [...field, 'quote']);
  if (quote.length > TEXT_LIMITS.quote) refuse('TOO_LONG', `A quote is at most ${TEXT_LIMITS.quote} characters.`, [...field, 'quote']);
  if (start != null) {
    const checked = checkSpan(text, 'the source', { start, end: start + quote.length, quote });
    if ('issue' in checked) refuse('SPAN_MISMATCH', checked.issue.message, [...field, 'start']);
    return start;
  }
  const first = text.indexOf(quote);
  if (first < 0) refuse('QUOTE_NOT_FOUND', 'The quote does not occur in the source; paste it exactly as the text has it.', [...field, 'quote']);
  const second = text.indexOf(quote, first + 1);
  if (second >= 0) refuse('AMBIGUOUS_QUOTE', `The quote occurs more than once (at ${first} and ${second}); give start to say which.`, [...field, 'quote']);
  return first;
}

/** The excerpt ids for the inputs, reusing an existing excerpt of the same span. `field` is the path of the list. */
export async function anchorExcerpts(log: ChangeLog, inputs: ExcerptInput[], field: string[]): Promise<number[]> {
  const texts = new Map<number, string>();
  const ids: number[] = [];
  for (const [i, input] of inputs.entries()) {
    const at = [...field, String(i)];
    let text = texts.get(input.sourceId);
    if (text === undefined) {
      const [source] = await log.tx.select({ text: sources.text }).from(sources).where(eq(sources.id, input.sourceId));
      if (!source) refuse('NOT_FOUND', 'No source has this ID.', [...at, 'source']);
      text = source.text;
      texts.set(input.sourceId, text);
    }
    const start = locateQuote(text, input.quote, input.start, at);
    const end = start + input.quote.length;
    const [existing] = await log.tx
      .select({ id: excerpts.id })
      .from(excerpts)
      .where(and(eq(excerpts.sourceId, input.sourceId), eq(excerpts.start, start), eq(excerpts.end, end)));
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const [row] = await log.insert(excerpts, excerptRow(input.sourceId, { start, end, quote: input.quote, ...excerptContext(text, start, end) }));
    ids.push(row!.id as number);
  }
  return ids;
}

/** Excerpt ids for a list of excerpt inputs (`field` is the list's path), a span given twice refused at its second place. */
export async function excerptIds(log: ChangeLog, inputs: ExcerptInput[], field: string[]): Promise<number[]> {
  const ids = await anchorExcerpts(log, inputs, field);
  refuseRepeats(ids, String, (i) => [...field, String(i)], () => 'The same span of the source');
  return ids;
}
