// Typed access to one YAML mapping. Every bad field records an error naming the
// file and entry and returns a placeholder, so validation goes on and reports
// all problems at once; placeholders are never written since any error stops the seed.
import { FuzzyDateError, parseFuzzyDate, type FuzzyDate } from '../dates/fuzzy-date.js';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const PLACEHOLDER_DATE: FuzzyDate = {
  edtf: '',
  precision: 'DAY',
  approximate: false,
  uncertain: false,
  earliest: '1970-01-01',
  latest: '1970-01-01',
  note: null,
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

export class Fields {
  private constructor(
    private readonly errors: string[],
    readonly file: string,
    readonly entry: string,
    private readonly values: Record<string, unknown>,
  ) {}

  /** Null (with an error) when `value` is not a mapping; unknown keys are errors to catch typos. */
  static of(errors: string[], file: string, entry: string, value: unknown, keys: readonly string[]): Fields | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push(`${file}: ${entry}: expected a mapping, got ${describe(value)}`);
      return null;
    }
    const fields = new Fields(errors, file, entry, value as Record<string, unknown>);
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) fields.fail(`unknown field "${key}" (expected one of ${keys.join(', ')})`);
    }
    return fields;
  }

  /** Entry label for list items: `claims[3] "slug"` when the item has a string slug. */
  static label(prefix: string, index: number, value: unknown): string {
    const slug = (value as { slug?: unknown } | null)?.slug;
    return typeof slug === 'string' ? `${prefix}[${index}] "${slug}"` : `${prefix}[${index}]`;
  }

  fail(reason: string): void {
    this.errors.push(`${this.file}: ${this.entry}: ${reason}`);
  }

  has(key: string): boolean {
    return this.values[key] !== undefined && this.values[key] !== null;
  }

  /** A nested mapping under this entry. */
  child(path: string, value: unknown, keys: readonly string[]): Fields | null {
    return Fields.of(this.errors, this.file, `${this.entry}.${path}`, value, keys);
  }

  string(key: string): string {
    return this.optString(key, true) ?? '';
  }

  optString(key: string, required = false): string | null {
    const value = this.values[key];
    if (value === undefined || value === null) {
      if (required) this.fail(`missing required field "${key}"`);
      return null;
    }
    if (typeof value !== 'string') {
      this.fail(`"${key}" must be a string, got ${describe(value)}`);
      return null;
    }
    if (value.trim() === '') {
      this.fail(`"${key}" must not be empty`);
      return null;
    }
    return value;
  }

  int(key: string): number {
    const value = this.values[key];
    if (value === undefined || value === null) {
      this.fail(`missing required field "${key}"`);
      return 0;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      this.fail(`"${key}" must be a non-negative integer, got ${describe(value)}`);
      return 0;
    }
    return value;
  }

  slug(key = 'slug'): string {
    const value = this.string(key);
    if (value && !SLUG_PATTERN.test(value)) {
      this.fail(`"${key}" "${value}" is not a slug (lowercase letters and digits joined by single hyphens)`);
    }
    return value;
  }

  optEnum<T extends string>(key: string, allowed: readonly T[], required = false): T | null {
    const value = this.optString(key, required);
    if (value === null) return null;
    if (!(allowed as readonly string[]).includes(value)) {
      this.fail(`"${key}" has unknown value "${value}" (expected one of ${allowed.join(', ')})`);
      return null;
    }
    return value as T;
  }

  enumValue<T extends string>(key: string, allowed: readonly T[]): T {
    return this.optEnum(key, allowed, true) ?? (allowed[0] as T);
  }

  /** Items of an optional list (empty when absent). */
  list(key: string, required = false): unknown[] {
    const value = this.values[key];
    if (value === undefined || value === null) {
      if (required) this.fail(`missing required field "${key}"`);
      return [];
    }
    if (!Array.isArray(value)) {
      this.fail(`"${key}" must be a list, got ${describe(value)}`);
      return [];
    }
    return value;
  }

  /** An optional list of strings, e.g. slugs of referenced entities; duplicates are errors. */
  strings(key: string): string[] {
    const result: string[] = [];
    this.list(key).forEach((item, index) => {
      if (typeof item !== 'string' || item.trim() === '') {
        this.fail(`"${key}[${index}]" must be a non-empty string, got ${describe(item)}`);
      } else if (result.includes(item)) {
        this.fail(`"${key}" lists "${item}" twice`);
      } else {
        result.push(item);
      }
    });
    return result;
  }

  /** A FuzzyDate from an EDTF field; an unquoted YAML year (2023) is read as its text. */
  optDate(key: string, noteKey?: string, required = false): FuzzyDate | null {
    const value = this.values[key];
    const note = noteKey ? this.optString(noteKey) : null;
    if (value === undefined || value === null) {
      if (required) this.fail(`missing required field "${key}"`);
      return required ? PLACEHOLDER_DATE : null;
    }
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
      this.fail(`"${key}" must be an EDTF date string, got ${describe(value)}`);
      return PLACEHOLDER_DATE;
    }
    try {
      return parseFuzzyDate(String(value), note);
    } catch (error) {
      if (!(error instanceof FuzzyDateError)) throw error;
      this.fail(`"${key}": ${error.message}`);
      return PLACEHOLDER_DATE;
    }
  }

  date(key: string, noteKey?: string): FuzzyDate {
    return this.optDate(key, noteKey, true) ?? PLACEHOLDER_DATE;
  }
}
