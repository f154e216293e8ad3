// The lossless dump: the whole database in the seeds/ format (seeds/README.md),
// which `npm run import -- DIR` and `npm run seed -- DIR` load back. Records
// are read in batches and appended to the files as they come; a document's
// statements, claims and relations go to part files first and are joined
// under its source block at the end, so memory holds one batch, not the data.
//
// Each statement is written in the document of the first source (by slug) that
// records it, each claim in that of the first source its appearances quote,
// each relation with its `from` claim. Every list is in a stable order, so two
// dumps of the same data are byte-identical.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { FuzzyDate } from '../dates/fuzzy-date.js';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { selectRows, valueList } from '../db/rows.js';
import type { ResolvedFilters } from './filters.js';
import { WHOLE_TIMELINE } from '../loaders/timeline.js';
import { type ExcerptRecord, type ExportRecord, readRecords, type ReadOptions } from './records.js';

const NO_FILTERS: ResolvedFilters = { conditions: [], scope: WHOLE_TIMELINE, empty: true };

/** YAML as the seeds are written: no folding, one list item per record. */
function yamlItem(value: unknown): string {
  return stringify([value], { lineWidth: 0, minContentWidth: 0 });
}

/** Leaves out null fields and empty lists, as hand-written seed files do. */
function tidy(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

const edtf = (date: FuzzyDate | null) => date?.edtf ?? null;

/** Slugs of an unordered link list, sorted: the database keeps no order for them, and ids differ between databases. */
const slugsOf = (refs: { slug: string }[]) => refs.map((r) => r.slug).sort();

/**
 * Excerpts in text order, `lead` (source id|start) first when given; `source`
 * only when it is not the document's own.
 */
function excerpts(list: ExcerptRecord[], home: string | null, lead?: string) {
  const isLead = (e: ExcerptRecord) => (`${e.source.id}|${e.start}` === lead ? 0 : 1);
  return [...list]
    .sort((a, b) => isLead(a) - isLead(b) || (a.source.slug < b.source.slug ? -1 : a.source.slug > b.source.slug ? 1 : a.start - b.start || a.end - b.end))
    .map((e) => (e.source.slug === home ? { start: e.start, end: e.end, quote: e.quote } : { source: e.source.slug, start: e.start, end: e.end, quote: e.quote }));
}

function firstSourceOf(list: ExcerptRecord[]): string | null {
  return list.reduce<string | null>((min, e) => (min === null || e.source.slug < min ? e.source.slug : min), null);
}

/**
 * The seeds format keeps no order for a statement's claims: the loader places
 * each appearance, in file order, by its first excerpt (src/domain/positions.ts:
 * before the first appearance that quotes that source later). So each
 * appearance leads with an excerpt from a source that no appearance placed
 * before it quotes later; listed in position order, they then keep their places.
 * Returns claim id|statement id -> source id|start of that excerpt.
 */
async function leadExcerpts(db: Database, claimIds: number[]): Promise<Map<string, string>> {
  if (!claimIds.length) return new Map();
  const rows = await selectRows<{ claim_id: number; statement_id: number; source_id: number; start: number }>(
    db,
    sql`WITH ap AS (
        SELECT ca.id, ca.claim_id, ca.statement_id, ca.position, x.source_id, min(x.start) AS start
        FROM claim_appearances ca JOIN appearance_excerpts ae ON ae.appearance_id = ca.id JOIN excerpts x ON x.id = ae.excerpt_id
        WHERE ca.statement_id IN (SELECT statement_id FROM claim_appearances WHERE claim_id IN (${valueList(claimIds)}))
        GROUP BY ca.id, ca.claim_id, ca.statement_id, ca.position, x.source_id
      )
      SELECT DISTINCT ON (a.id) a.claim_id, a.statement_id, a.source_id, a.start FROM ap a
      WHERE a.claim_id IN (${valueList(claimIds)})
        AND NOT EXISTS (SELECT 1 FROM ap b WHERE b.statement_id = a.statement_id AND b.position < a.position AND b.source_id = a.source_id AND b.start > a.start)
      ORDER BY a.id, a.source_id`,
  );
  return new Map(rows.map((r) => [`${r.claim_id}|${r.statement_id}`, `${r.source_id}|${r.start}`]));
}

export interface DumpReport {
  /** Records written per type. */
  counts: Record<string, number>;
  /** What the seeds format cannot hold and the dump therefore leaves out, one line each. */
  omitted: string[];
}

/** Writes the dump into `dir` (created if missing; it must hold no seeds files yet). */
export async function writeDump(db: Database, dir: string, options: ReadOptions & { onRecords?: (n: number) => void } = {}): Promise<DumpReport> {
  mkdirSync(dir, { recursive: true });
  const clashing = ['actors.yaml', 'topics.yaml', 'events.yaml', 'documents', 'sources'].filter((name) => existsSync(join(dir, name)));
  if (clashing.length) throw new Error(`${dir} already holds ${clashing.join(', ')}; dump into an empty folder.`);
  const parts = join(dir, '.dump-parts');
  mkdirSync(join(dir, 'documents'), { recursive: true });
  mkdirSync(join(dir, 'sources'), { recursive: true });
  mkdirSync(parts, { recursive: true });

  const counts: Record<string, number> = {};
  const omitted: string[] = [];
  const sourceSlugs: string[] = [];
  const statementHome = new Map<string, string>();
  const claimHome = new Map<string, string>();
  const partFile = (home: string, section: string) => join(parts, `${home}.${section}`);

  const read = async (
    what: 'actors' | 'topics' | 'sources' | 'events' | 'statements' | 'claims' | 'relations',
    visit: (r: ExportRecord) => void,
    beforeBatch?: (batch: ExportRecord[]) => Promise<void>,
  ) => {
    for await (const batch of readRecords(db, what, NO_FILTERS, options)) {
      await beforeBatch?.(batch);
      batch.forEach(visit);
      counts[what] = (counts[what] ?? 0) + batch.length;
      options.onRecords?.(batch.length);
    }
  };

  writeFileSync(join(dir, 'actors.yaml'), '');
  await read('actors', (r) => {
    if (r.type !== 'actor') return;
    for (const a of r.affiliations) {
      if (a.since?.note || a.until?.note) omitted.push(`actor ${r.slug}: the date notes of its affiliation with ${a.organization.slug}`);
    }
    appendFileSync(
      join(dir, 'actors.yaml'),
      yamlItem(
        tidy({
          slug: r.slug,
          name: r.name,
          kind: r.kind,
          aliases: r.aliases,
          description: r.description,
          affiliations: r.affiliations.map((a) => tidy({ organization: a.organization.slug, role: a.role, since: edtf(a.since), until: edtf(a.until) })),
        }),
      ),
    );
  });

  writeFileSync(join(dir, 'topics.yaml'), '');
  await read('topics', (r) => {
    if (r.type === 'topic') appendFileSync(join(dir, 'topics.yaml'), yamlItem(tidy({ slug: r.slug, name: r.name, description: r.description })));
  });

  await read('sources', (r) => {
    if (r.type !== 'source') return;
    sourceSlugs.push(r.slug);
    writeFileSync(join(dir, 'sources', `${r.slug}.txt`), r.text);
    const block = tidy({
      slug: r.slug,
      file: r.fileName,
      title: r.title,
      kind: r.kind,
      publisher: r.publisher?.slug ?? null,
      url: r.url,
      published: edtf(r.published),
      dateNote: r.published?.note ?? null,
    });
    writeFileSync(partFile(r.slug, '0-source'), stringify({ source: block }, { lineWidth: 0, minContentWidth: 0 }));
  });
  const fallbackHome = [...sourceSlugs].sort()[0] ?? null;

  writeFileSync(join(dir, 'events.yaml'), '');
  await read('events', (r) => {
    if (r.type !== 'event') return;
    if (r.end?.note) omitted.push(`event ${r.slug}: the note on its end date`);
    appendFileSync(
      join(dir, 'events.yaml'),
      yamlItem(
        tidy({
          slug: r.slug,
          title: r.title,
          kind: r.kind,
          description: r.description,
          start: r.start.edtf,
          end: edtf(r.end),
          dateNote: r.start.note,
          place: r.place,
          parent: r.parent?.slug ?? null,
          participants: r.participants.map((p) => ({ actor: p.actor.slug, role: p.role })),
          excerpts: excerpts(r.excerpts, null),
        }),
      ),
    );
  });

  const homeless = () => {
    throw new Error('The database has statements but no source to file them under; the seeds format keeps statements in the document of a source.');
  };
  await read('statements', (r) => {
    if (r.type !== 'statement') return;
    const home = firstSourceOf(r.excerpts) ?? fallbackHome ?? homeless();
    statementHome.set(r.slug, home);
    appendFileSync(
      partFile(home, '1-statements'),
      yamlItem(
        tidy({
          slug: r.slug,
          title: r.title,
          kind: r.kind,
          date: r.date.edtf,
          dateNote: r.date.note,
          summary: r.summary,
          participants: r.participants.map((p) => ({ actor: p.actor.slug, role: p.role })),
          events: slugsOf(r.events),
          respondsTo: slugsOf(r.respondsTo),
          excerpts: excerpts(r.excerpts, home),
        }),
      ),
    );
  });

  const leads = new Map<string, string>();
  await read('claims', (r) => {
    if (r.type !== 'claim') return;

    const home = firstSourceOf(r.appearances.flatMap((a) => a.excerpts)) ?? statementHome.get(r.appearances[0]?.statement.slug ?? '') ?? fallbackHome ?? homeless();
    claimHome.set(r.slug, home);
    appendFileSync(
      partFile(home, '2-claims'),
      yamlItem(
        tidy({
          slug: r.slug,
          text: r.text,
          kind: r.kind,
          subjects: slugsOf(r.subjects),
          events: slugsOf(r.events),
          topics: [...r.topics].sort((a, b) => (a.topic.slug < b.topic.slug ? -1 : 1)).map((t) => tidy({ topic: t.topic.slug, stance: t.stance })),
          appearances: r.appearances.map((a) => ({ statement: a.statement.slug, excerpts: excerpts(a.excerpts, home, leads.get(`${r.id}|${a.statement.id}`)) })),
        }),
      ),
    );
  }, async (batch) => {
    leads.clear();
    for (const [key, value] of await leadExcerpts(db, batch.map((r) => r.id))) leads.set(key, value);
  });

  await read('relations', (r) => {
    if (r.type !== 'relation') return;
    const home = claimHome.get(r.from.slug)!;
    appendFileSync(
      partFile(home, '3-relations'),
      yamlItem(
        r.statement
          ? tidy({ kind: r.kind, from: r.from.slug, to: r.to.slug, statement: r.statement.slug, note: r.note })
          : { kind: r.kind, from: r.from.slug, to: r.to.slug, note: r.note, created: r.createdOn },
      ),
    );
  });

  // Each document: its source block, then its lists, each under its key.
  const sections = ['1-statements', '2-claims', '3-relations'];
  for (const slug of sourceSlugs) {
    const file = join(dir, 'documents', `${slug}.yaml`);
    writeFileSync(file, readFileSync(partFile(slug, '0-source')));
    for (const section of sections) {
      const key = section.slice(2);
      const part = partFile(slug, section);
      if (existsSync(part)) {
        appendFileSync(file, `${key}:\n`);
        appendFileSync(file, readFileSync(part));
      }
    }
  }
  if (readdirSync(parts).some((name) => !sourceSlugs.some((slug) => name.startsWith(`${slug}.`)))) {
    throw new Error('Internal error: a record was filed under a source that was not dumped.');
  }
  rmSync(parts, { recursive: true, force: true });
  return { counts, omitted };
}
