// Turns the parsed seed files into a SeedSet through the domain layer: the
// files are one bundle in the document format, checked by the same zod shapes
// and the same reference and quote checks as importDocument. Every problem is
// named by file and entry; all are reported at once, in one SeedError.
import { basename, extname } from 'node:path';
import { checkBundle, parseBundle, type BundleIssue, type Path } from '../domain/document-check.js';
import { documentSetOf } from '../domain/document-set.js';
import type { SeedSet } from './model.js';
import type { RawSeeds, SeedFile } from './read-seeds.js';
import { SeedError } from './seed-error.js';

/** Where a path of the bundle lies in the seed files: the file, and the entry inside it. */
class Locator {
  constructor(
    private readonly files: { actors: SeedFile | null; topics: SeedFile | null; events: SeedFile | null; documents: SeedFile[] },
  ) {}

  /** `documents/x.yaml: claims[2] "slug".appearances[0].excerpts[0].start` */
  describe(path: Path): string {
    const [list, index, ...rest] = path;
    let file: SeedFile | null | undefined;
    let label: string;
    if (list === 'documents' && typeof index === 'number') {
      file = this.files.documents[index];
      label = entryLabel(file?.data, rest);
    } else {
      file = this.files[list as 'actors' | 'topics' | 'events'];
      label = entryLabel({ [String(list)]: file?.data }, path);
    }
    const name = file?.file ?? String(list);
    return label ? `${name}: ${label}` : name;
  }
}

/** `statements[0] "minister-interview".participants[0].actor`: list items and the source are named by their slug. */
function entryLabel(data: unknown, path: Path): string {
  let label = '';
  let value: unknown = data;
  for (const step of path) {
    value = (value as Record<string | number, unknown> | undefined)?.[step];
    label += typeof step === 'number' ? `[${step}]` : label ? `.${step}` : step;
    const slug = (value as { slug?: unknown } | null | undefined)?.slug;
    if ((typeof step === 'number' || step === 'source') && typeof slug === 'string') label += ` "${slug}"`;
  }
  return label;
}

export function validateSeeds(raw: RawSeeds): SeedSet {
  const locate = new Locator(raw);
  const message = (issue: BundleIssue) =>
    `${locate.describe(issue.path)}: ${issue.message}${issue.related ? ` (already defined at ${locate.describe(issue.related)})` : ''}`;

  const { bundle, issues } = parseBundle(
    { actors: raw.actors?.data, topics: raw.topics?.data, events: raw.events?.data, documents: raw.documents.map((f) => f.data) },
    // Files on disk (seeds/, a dump) are not a request: the API's per-list limit does not apply.
    { inlineText: false, maxRecords: Infinity },
  );
  // A file that is not YAML at all is reported once, not again at every reference into it.
  const unparsed = (file: string) => raw.errors.some((error) => error.startsWith(`${file}: `));
  for (const [file, kind] of [['actors.yaml', 'actor'], ['topics.yaml', 'topic'], ['events.yaml', 'event']] as const) if (unparsed(file)) bundle.unreadable.add(kind);
  if (raw.errors.some((error) => error.startsWith('documents/'))) for (const kind of ['source', 'statement', 'claim'] as const) bundle.unreadable.add(kind);
  // What only files have: a document named after its source, and the source's text beside it.
  const texts = new Map<string, string>();
  for (const doc of bundle.documents) {
    if (!doc.source) continue;
    const slug = doc.source.entry.slug!;
    const file = raw.documents[doc.path[1] as number]!.file;
    if (basename(file, extname(file)) !== slug) issues.push({ path: [...doc.source.path, 'slug'], code: 'INVALID_INPUT', message: `the file should be named documents/${slug}.yaml after its source` });
    const text = raw.sourceText(slug);
    if (text === null) issues.push({ path: [...doc.source.path, 'slug'], code: 'NOT_FOUND', message: `no source text: sources/${slug}.txt is missing` });
    else texts.set(slug, text);
  }
  const checked = checkBundle(bundle, { known: () => false, text: (slug) => texts.get(slug) });
  const errors = [...raw.errors, ...[...issues, ...checked.issues].map(message)];
  if (errors.length) throw new SeedError(sortByFile(errors));

  return documentSetOf(bundle, checked, texts);
}

/** Groups errors by file, in the order files first appear, keeping their order within a file. */
function sortByFile(errors: string[]): string[] {
  const fileOf = (error: string) => error.slice(0, error.indexOf(':'));
  const order = [...new Set(errors.map(fileOf))];
  return errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => order.indexOf(fileOf(a.error)) - order.indexOf(fileOf(b.error)) || a.index - b.index)
    .map(({ error }) => error);
}
