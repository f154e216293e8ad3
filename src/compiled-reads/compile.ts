// An operation compiled into one SQL statement whose single value is the
// operation's `data`, where every field it selects is one object-sql.ts knows:
// Postgres builds the answer's JSON (json_build_object, json_agg, a LATERAL
// page per parent), and no resolver runs. Anything else (a field or argument
// not known there, a directive, a named fragment, a response key given
// twice, a cursor, a variable's default) leaves the operation to run field by
// field.
//
// A statement is built once per document, operation and values of the
// arguments that shape it (page sizes, an order, a day): those are read when
// it is built. Slugs, node IDs and today's date go in as parameters, read
// from the request's variables on each run.
import { sql } from 'drizzle-orm';
import { alias, type PgTable } from 'drizzle-orm/pg-core';
import {
  type DocumentNode,
  type FieldNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import { parameterFiller } from '../db/direct-statement.js';
import { SQL_DIALECT } from '../db/row-columns.js';
import { MAX_BREADTH, MAX_DEPTH } from '../query-limits.js';
import { type ArgValue, type Compiler, jsonObject, type Row } from './compiler.js';
import { OBJECT_SQL } from './object-sql.js';

/** json_build_object takes at most 100 arguments: 50 keys. */
const MAX_KEYS = 50;

export interface CompiledRead {
  text: string;
  /**
   * The statement's parameters from the request's variables (slugs, node IDs,
   * today's date); null where one cannot be read (a slug that is not a string,
   * an ID that is not valid): execution then runs field by field and refuses
   * it with its own message.
   */
  params: (variables: Record<string, unknown>) => unknown[] | null;
}

/** Arguments whose variables are read on each run; every other argument's value shapes the statement. */
const RUNTIME_ARGUMENTS = new Set(['slug', 'id']);

interface Operation {
  operation: OperationDefinitionNode;
  /** Variables that shape the statement: their values are part of its cache key. */
  shaping: string[];
}

function operationOf(document: DocumentNode, operationName: string | null | undefined): Operation | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query' || operation.directives?.length) return null;
  // The compiled executor does not always apply a variable's default (a non-null one with a default is refused as missing).
  if (operation.variableDefinitions?.some((d) => d.defaultValue)) return null;
  const shaping = new Set<string>();
  const visitArgs = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind !== Kind.FIELD) continue; // fragments are not compiled (compiler.fields)
      for (const arg of selection.arguments ?? []) {
        if (!RUNTIME_ARGUMENTS.has(arg.name.value)) variablesIn(arg.value, shaping);
      }
      visitArgs(selection.selectionSet);
    }
  };
  visitArgs(operation.selectionSet);
  return { operation, shaping: [...shaping].sort() };
}

function variablesIn(value: ValueNode, into: Set<string>): void {
  if (value.kind === Kind.VARIABLE) into.add(value.name.value);
  else if (value.kind === Kind.LIST) value.values.forEach((v) => variablesIn(v, into));
  else if (value.kind === Kind.OBJECT) value.fields.forEach((f) => variablesIn(f.value, into));
}

function compileOperation(op: Operation, variables: Record<string, unknown>): CompiledRead | null {
  let aliases = 0;
  let fieldCount = 0;
  let depth = 0;
  let deepest = 0;
  const runtimes = new Map<string, (variables: Record<string, unknown>) => unknown>();

  const compiler: Compiler = {
    fields(type, selectionSet, union) {
      const out = new Map<string, FieldNode>();
      const add = (selection: FieldNode): boolean => {
        const key = selection.alias?.value ?? selection.name.value;
        if (out.has(key) || selection.directives?.length) return false;
        out.set(key, selection);
        return true;
      };
      // Fields only (and a union's inline fragments on its members, holding fields only): the
      // compiled executor orders a named fragment's fields in its own way, not kept here.
      for (const selection of selectionSet?.selections ?? []) {
        if (selection.kind === Kind.FIELD) {
          if ((union && selection.name.value !== '__typename' && !union.fields.includes(selection.name.value)) || !add(selection)) return null;
        } else if (selection.kind === Kind.INLINE_FRAGMENT && union) {
          const on = selection.typeCondition?.name.value;
          if (!on || !union.members.includes(on) || selection.directives?.length) return null;
          for (const inner of selection.selectionSet.selections) {
            if (inner.kind !== Kind.FIELD) return null;
            if (on === type && !add(inner)) return null;
          }
        } else return null;
      }
      if (!selectionSet) return null;
      if (out.size > MAX_KEYS) return null;
      fieldCount += out.size;
      return [...out];
    },
    object(type, selectionSet, row: Row, union) {
      const object = OBJECT_SQL[type];
      const fields = object && compiler.fields(type, selectionSet, union);
      if (!fields) return null;
      depth++;
      deepest = Math.max(deepest, depth);
      try {
        return jsonObject(fields, (field) => {
          const name = field.name.value;
          if (name === '__typename') return sql.raw(`'${type}'`);
          return Object.hasOwn(object.fields, name) ? object.fields[name]!(compiler, field, row) : null;
        });
      } finally {
        depth--;
      }
    },
    alias<T extends PgTable>(table: T) {
      const name = `r${++aliases}`;
      const aliased = alias(table, name);
      // In a template an aliased table is its alias alone: the FROM item needs the table too.
      return { table: sql`${table} ${sql.identifier(name)}`, row: aliased as unknown as Row, name };
    },
    name() {
      return `r${++aliases}`;
    },
    runtime(key, read) {
      if (!runtimes.has(key)) runtimes.set(key, read);
      return sql`${sql.placeholder(key)}`;
    },
    args(field, allowed) {
      const out: Record<string, ArgValue> = {};
      for (const arg of field.arguments ?? []) {
        const name = arg.name.value;
        if (!allowed.includes(name)) return null;
        if (arg.value.kind === Kind.VARIABLE && RUNTIME_ARGUMENTS.has(name)) {
          out[name] = { variable: arg.value.name.value };
          continue;
        }
        const value = arg.value.kind === Kind.VARIABLE ? variables[arg.value.name.value] : valueFromASTUntyped(arg.value);
        out[name] = { constant: value ?? null };
      }
      return out;
    },
  };

  const data = compiler.object('Query', op.operation.selectionSet, {});
  if (!data || fieldCount > MAX_BREADTH || deepest > MAX_DEPTH) return null;
  const { sql: text, params } = SQL_DIALECT.sqlToQuery(sql`SELECT ${data} AS data`);
  const fill = parameterFiller(params);
  const reads = [...runtimes];
  return {
    text,
    params: (given) => {
      const values: Record<string, unknown> = {};
      for (const [key, read] of reads) {
        const value = read(given);
        if (value === undefined) return null;
        values[key] = value;
      }
      return fill(values);
    },
  };
}

/** Statements built per document: by operation name and the shaping variables' values. */
const compiled = new WeakMap<DocumentNode, Map<string, CompiledRead | null>>();
const operations = new WeakMap<DocumentNode, Map<string, Operation | null>>();

/** How many statements one document keeps (page sizes given as variables make one each). */
const MAX_PER_DOCUMENT = 32;

/**
 * The operation compiled for these variables, or null where it is not
 * compiled (then it runs field by field). Kept per parsed document, which
 * yoga's parser cache hands back for the same query text.
 */
export function compiledRead(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): CompiledRead | null {
  let byName = operations.get(document);
  if (!byName) operations.set(document, (byName = new Map()));
  const opKey = operationName ?? '';
  let op = byName.get(opKey);
  if (op === undefined) byName.set(opKey, (op = operationOf(document, operationName)));
  if (!op) return null;
  const key = JSON.stringify([opKey, op.shaping.map((name) => variables[name] ?? null)]);
  let byShape = compiled.get(document);
  if (!byShape) compiled.set(document, (byShape = new Map()));
  let read = byShape.get(key);
  if (read === undefined) {
    read = compileOperation(op, variables);
    if (byShape.size < MAX_PER_DOCUMENT) byShape.set(key, read);
  }
  return read;
}
