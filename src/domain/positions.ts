// Where a claim sits among a statement's claims: in source order. One rule,
// used by the seed loader for a whole dataset and by createClaim/updateClaim
// and importDocument for one appearance at a time, so both give the same order.
//
// An appearance is placed by its first excerpt: before the first appearance
// that quotes the same source later, after everything else. Offsets are only
// compared within one source; an appearance that does not quote that source
// keeps its place.

/** One excerpt of an appearance: which source (slug or id) and where in it. */
export interface SpanStart {
  source: string | number;
  start: number;
}

/** Where an appearance's excerpts begin in `source`, or null when it does not quote it. */
function startIn(excerpts: SpanStart[], source: string | number): number | null {
  const starts = excerpts.filter((e) => e.source === source).map((e) => e.start);
  return starts.length ? Math.min(...starts) : null;
}

/** The index, among a statement's appearances in order, at which a new one with these excerpts goes. */
export function placeIndex(existing: SpanStart[][], excerpts: SpanStart[]): number {
  const first = excerpts[0];
  if (!first) return existing.length;
  const own = startIn(excerpts, first.source)!;
  const k = existing.findIndex((other) => {
    const start = startIn(other, first.source);
    return start !== null && start > own;
  });
  return k < 0 ? existing.length : k;
}

/** Appearances of one statement in their order, placing each in turn as given (file order). */
export function orderInStatement<T>(appearances: T[], excerptsOf: (appearance: T) => SpanStart[]): T[] {
  const ordered: T[] = [];
  for (const appearance of appearances) {
    ordered.splice(placeIndex(ordered.map(excerptsOf), excerptsOf(appearance)), 0, appearance);
  }
  return ordered;
}
