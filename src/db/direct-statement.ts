// A select that drizzle built once, run without drizzle on each call. drizzle's
// prepared query fills its placeholders, sends its text and maps each row
// through a generic walk over the selected fields (an `is()` class check per
// cell, an iterator and an entry array per path step, an object per row for
// left joins): on a page of a thousand rows that walk and its garbage cost more
// CPU than reading the rows. Here the walk happens once, when the statement is
// built: the placeholder order becomes a list of slots, the selected fields
// become one function that builds a row as an object literal from the driver's
// array of values, calling a column's decoder (timestamps, JSON, custom types)
// only where the column has one. Each call then logs the statement (the
// statement counters and the deadline check see it, as with drizzle), sends it
// to the driver (postgres.js prepares it once per connection), wraps a failure
// as drizzle does (DrizzleQueryError, the driver's error as its cause) and maps
// the rows.
//
// drizzle's public API gives the text and the parameters (getQuery()); the
// selected fields and the join nullability that its row mapping reads are
// internal, read here and nowhere else (PreparedInternals). A statement that
// has anything else (a custom result mapper, fields of a kind not known here)
// keeps drizzle's own execute.
import { Column, DrizzleQueryError, getTableName, is, Param, Placeholder, SQL, Subquery } from 'drizzle-orm';

/** What the database handle gives a direct statement: its logger and its driver, rows as arrays of values. */
export interface DirectDriver {
  logQuery(query: string, params: unknown[]): void;
  values(query: string, params: unknown[]): Promise<unknown[][]>;
}

export interface Executable<T> {
  execute(values?: Record<string, unknown>): Promise<T>;
}

/** The parts of drizzle's prepared query (PgPreparedQuery, 0.45) its row mapping uses; `getQuery` is public. */
interface PreparedInternals {
  getQuery?: () => { sql: string; params: unknown[] };
  fields?: { path: string[]; field: unknown }[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: unknown;
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/** An SQL expression's decoder (internal in drizzle's types; `.mapWith()` sets it). */
const sqlDecoder = (expression: SQL): Decoder => (expression as unknown as { decoder: Decoder }).decoder;

const identity = (Column.prototype as unknown as Decoder).mapFromDriverValue;
const sqlDefault = sqlDecoder(new SQL([])).mapFromDriverValue;

/** The decoder of one selected field, as drizzle's mapResultRow picks it; null when it returns values as they are. */
function decoderOf(field: unknown): Decoder | null | undefined {
  let decoder: Decoder;
  if (is(field, Column)) decoder = field as unknown as Decoder;
  else if (is(field, SQL)) decoder = sqlDecoder(field);
  else if (is(field, SQL.Aliased)) decoder = sqlDecoder(field.sql);
  else if (is(field, Subquery)) decoder = sqlDecoder((field as unknown as { _: { sql: SQL } })._.sql);
  else return undefined;
  const map = decoder.mapFromDriverValue;
  return map === identity || map === sqlDefault ? null : decoder;
}

type Slot = { value: unknown } | { name: string; encoder?: { mapToDriverValue(value: unknown): unknown } };

function slotsOf(params: unknown[]): Slot[] {
  return params.map((p): Slot => {
    if (is(p, Placeholder)) return { name: p.name };
    if (is(p, Param) && is(p.value, Placeholder)) return { name: p.value.name, encoder: p.encoder };
    return { value: p };
  });
}

function fill(slots: Slot[], values: Record<string, unknown>): unknown[] {
  const params = new Array<unknown>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    if ('value' in slot) {
      params[i] = slot.value;
      continue;
    }
    if (!(slot.name in values)) throw new Error(`No value for placeholder "${slot.name}" was provided`);
    params[i] = slot.encoder ? slot.encoder.mapToDriverValue(values[slot.name]) : values[slot.name];
  }
  return params;
}

/**
 * The parameters of a statement built once with drizzle's sql template (its
 * `params` from the dialect's sqlToQuery) as a function of the named values
 * its placeholders take: constants stay as they are, placeholders are filled.
 */
export function parameterFiller(params: unknown[]): (values: Record<string, unknown>) => unknown[] {
  const slots = slotsOf(params);
  return (values) => fill(slots, values);
}

type Tree = Map<string, number | Tree>;

/**
 * A function from the driver's array of values to the row drizzle's
 * mapResultRow would build: the same properties in the same order, each value
 * through the same decoder, and a left-joined table's object null where
 * drizzle makes it null (its first column null, all its columns from that
 * table, the join nullable). Undefined when a field is of a kind not known here.
 */
export function rowMapper(fields: { path: string[]; field: unknown }[], joinsNotNullableMap?: Record<string, boolean>): ((row: unknown[]) => unknown) | undefined {
  const decoders: (Decoder | null)[] = [];
  const tree: Tree = new Map();
  for (const [index, { path, field }] of fields.entries()) {
    const decoder = decoderOf(field);
    if (decoder === undefined || path.length === 0) return undefined;
    decoders.push(decoder);
    let node = tree;
    for (const [depth, chunk] of path.entries()) {
      if (chunk === '__proto__') return undefined;
      const existing = node.get(chunk);
      if (depth === path.length - 1) {
        // drizzle overwrites a repeated path with the later field, in the earlier one's place
        if (existing instanceof Map) return undefined;
        node.set(chunk, index);
      } else if (existing instanceof Map) {
        node = existing;
      } else if (existing === undefined) {
        const child: Tree = new Map();
        node.set(chunk, child);
        node = child;
      } else {
        return undefined;
      }
    }
  }

  // drizzle's nullify rule, decided once: per top-level object of table
  // columns (paths of two), the first such column and whether all share its table.
  const nullable: { name: string; first: number }[] = [];
  if (joinsNotNullableMap) {
    const objects = new Map<string, { first: number; table: string; same: boolean }>();
    for (const [index, { path, field }] of fields.entries()) {
      if (!is(field, Column) || path.length !== 2) continue;
      const table = getTableName(field.table);
      const seen = objects.get(path[0]!);
      if (!seen) objects.set(path[0]!, { first: index, table, same: true });
      else if (seen.table !== table) seen.same = false;
    }
    for (const [name, { first, table, same }] of objects) {
      if (same && !joinsNotNullableMap[table]) nullable.push({ name, first });
    }
  }

  const cell = (index: number) =>
    decoders[index] ? `(r[${index}] === null ? null : d${index}.mapFromDriverValue(r[${index}]))` : `r[${index}]`;
  const literal = (node: Tree): string =>
    `{ ${[...node].map(([key, value]) => `${JSON.stringify(key)}: ${typeof value === 'number' ? cell(value) : literal(value)}`).join(', ')} }`;
  const locals = decoders.flatMap((decoder, index) => (decoder ? [`const d${index} = decoders[${index}];`] : []));
  const body = nullable.length
    ? `const o = ${literal(tree)};\n${nullable.map(({ name, first }) => `if (r[${first}] === null) o[${JSON.stringify(name)}] = null;`).join('\n')}\nreturn o;`
    : `return ${literal(tree)};`;
  // One function per statement, made once: its text holds only the statement's
  // own field names (as JSON string literals) and column indexes, no request value.
  return new Function('decoders', `${locals.join('\n')}\nreturn function mapRow(r) {\n${body}\n};`)(decoders) as (row: unknown[]) => unknown;
}

/**
 * `prepared` (a drizzle select's .prepare()) run through `driver`, or
 * undefined when it has something this does not reproduce (then the caller
 * keeps drizzle's execute).
 */
export function directStatement<T>(prepared: unknown, driver: DirectDriver): Executable<T> | undefined {
  const internals = prepared as PreparedInternals;
  if (typeof internals.getQuery !== 'function' || !Array.isArray(internals.fields) || internals.customResultMapper !== undefined) return undefined;
  const { sql: text, params } = internals.getQuery();
  const mapRow = rowMapper(internals.fields, internals.joinsNotNullableMap);
  if (!mapRow) return undefined;
  const slots = slotsOf(params);
  return {
    async execute(values = {}) {
      const filled = fill(slots, values);
      driver.logQuery(text, filled);
      let rows: unknown[][];
      try {
        rows = await driver.values(text, filled);
      } catch (error) {
        throw new DrizzleQueryError(text, filled, error as Error);
      }
      const result = new Array<unknown>(rows.length);
      for (let i = 0; i < rows.length; i++) result[i] = mapRow(rows[i]!);
      return result as T;
    },
  };
}
