// Reads the seed directory: YAML files parsed but not yet checked, and source
// texts on demand. Unreadable or unparsable files become errors, not throws,
// so one run reports every problem.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, YAMLParseError } from 'yaml';

export interface SeedFile {
  /** Path relative to the seed directory, as error messages name it. */
  file: string;
  data: unknown;
}

export interface RawSeeds {
  actors: SeedFile | null;
  topics: SeedFile | null;
  events: SeedFile | null;
  documents: SeedFile[];
  /** The cleaned text of a source, or null when seeds/sources/<slug>.txt is missing. */
  sourceText(slug: string): string | null;
  errors: string[];
}

export function readSeeds(dir: string): RawSeeds {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`Seed directory ${dir} does not exist.`);
  }
  const errors: string[] = [];
  const load = (file: string): SeedFile | null => {
    const path = join(dir, file);
    if (!existsSync(path)) return null;
    try {
      return { file, data: parse(readFileSync(path, 'utf8')) };
    } catch (error) {
      const reason = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
      errors.push(`${file}: invalid YAML: ${reason}`);
      return null;
    }
  };

  const documentsDir = join(dir, 'documents');
  const documentFiles = existsSync(documentsDir)
    ? readdirSync(documentsDir)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
    : [];
  const documents = documentFiles.flatMap((name) => load(`documents/${name}`) ?? []);

  const texts = new Map<string, string | null>();
  const sourceText = (slug: string): string | null => {
    if (!texts.has(slug)) {
      const path = join(dir, 'sources', `${slug}.txt`);
      texts.set(slug, existsSync(path) ? readFileSync(path, 'utf8') : null);
    }
    return texts.get(slug) ?? null;
  };

  return {
    actors: load('actors.yaml'),
    topics: load('topics.yaml'),
    events: load('events.yaml'),
    documents,
    sourceText,
    errors,
  };
}
