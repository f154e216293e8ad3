// What the types' SQL (object-sql.ts) asks of the walk over an operation
// (compile.ts): a JSON object for a selection on a row, a fresh alias for a
// table, and the values of a field's arguments. Each returns null where the
// operation asks for something that is not compiled; the operation then runs
// field by field as ever.
import { type AnyColumn, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { FieldNode, SelectionSetNode } from 'graphql';

/** A row of an aliased table: its columns by property name, each rendered with the alias. */
export type Row = Record<string, AnyColumn>;

export interface Aliased {
  /** The table under its alias, for FROM and JOIN. */
  table: SQL;
  row: Row;
  /** The alias itself, for expressions on a subquery named by it. */
  name: string;
}

/** An argument's value: a constant of the operation, or a variable read when the statement runs. */
export type ArgValue = { constant: unknown } | { variable: string };

/** A union or interface a selection is written on: its member types, and the fields it has itself (Node's id). */
export interface Abstract {
  members: readonly string[];
  fields: readonly string[];
}

export interface Compiler {
  /**
   * json_build_object of the fields `selection` selects on `type`, read from
   * `row`; null where one is not compiled. `union` gives the members of the
   * union the selection is written on, where it is (a timeline item).
   */
  object(type: string, selection: SelectionSetNode | undefined, row: Row, union?: Abstract): SQL | null;
  /**
   * The response keys and fields `selection` selects on `type`: its fields,
   * and on a union, its __typename and the fields of its inline fragments on
   * `type` (those on the union's other members left out); null where it
   * cannot say (named fragments, directives, a key given twice).
   */
  fields(type: string, selection: SelectionSetNode | undefined, union?: Abstract): [string, FieldNode][] | null;
  /** `table` under an alias no other part of the statement uses. */
  alias<T extends PgTable>(table: T): Aliased;
  /** A name for a subquery no other part of the statement uses. */
  name(): string;
  /**
   * The field's arguments by name, each as a constant or a placeholder, or
   * null when it has one not in `allowed`. Only a `slug` or an `id` given as
   * a variable is read when the statement runs (runtime): every other value
   * shapes the statement (a page size is written into its text) and is read
   * when it is built.
   */
  args(field: FieldNode, allowed: readonly string[]): Record<string, ArgValue> | null;
  /**
   * A parameter whose value `read` gives from the request's variables each
   * time the statement runs; where it gives undefined, that request runs field
   * by field instead. `key` names the value (the same key, the same value).
   */
  runtime(key: string, read: (variables: Record<string, unknown>) => unknown): SQL;
}

/** How one field is read: its SQL expression, or null where this use of it is not compiled. */
export type FieldSql = (compiler: Compiler, field: FieldNode, row: Row) => SQL | null;

export interface ObjectSql {
  fields: Record<string, FieldSql>;
}

/**
 * json_build_object of each field's value under its response key, or null
 * where `valueOf` gives null for one (a field not compiled).
 */
export function jsonObject(fields: [string, FieldNode][], valueOf: (field: FieldNode) => SQL | null): SQL | null {
  const parts: SQL[] = [];
  for (const [key, field] of fields) {
    const value = valueOf(field);
    if (!value) return null;
    // Response keys are GraphQL names (letters, digits, underscores): safe inside quotes.
    parts.push(sql`${sql.raw(`'${key}'`)}, ${value}`);
  }
  return sql`json_build_object(${sql.join(parts, sql`, `)})`;
}
