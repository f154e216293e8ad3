// The printed schema is checked in and honours every name of the API contract.
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLInputField,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSchemaFile } from '../src/schema/print.js';

const CONTRACT = readFileSync(new URL('./fixtures/contract.graphql', import.meta.url), 'utf8');
const CHECKED_IN = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** Every difference between the contract and a schema, as readable lines. */
function contractViolations(contract: GraphQLSchema, actual: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const expected of Object.values(contract.getTypeMap())) {
    if (expected.name.startsWith('__')) continue;
    const found = actual.getType(expected.name);
    if (!found) {
      problems.push(`type ${expected.name} is missing`);
      continue;
    }
    if (found.constructor !== expected.constructor) {
      problems.push(`${expected.name} is a ${found.constructor.name}, expected ${expected.constructor.name}`);
      continue;
    }
    problems.push(...typeViolations(expected, found));
  }
  return problems;
}

function typeViolations(expected: GraphQLNamedType, found: GraphQLNamedType): string[] {
  const problems: string[] = [];
  if ((isObjectType(expected) || isInterfaceType(expected)) && (isObjectType(found) || isInterfaceType(found))) {
    const names = found.getInterfaces().map((i) => i.name);
    for (const i of expected.getInterfaces()) if (!names.includes(i.name)) problems.push(`${expected.name} does not implement ${i.name}`);
    const fields = found.getFields();
    for (const field of Object.values(expected.getFields()) as GraphQLField<unknown, unknown>[]) {
      const own = fields[field.name];
      if (!own) {
        problems.push(`${expected.name}.${field.name} is missing`);
        continue;
      }
      if (String(own.type) !== String(field.type)) problems.push(`${expected.name}.${field.name} is ${own.type}, expected ${field.type}`);
      for (const arg of field.args) {
        const ownArg = own.args.find((a) => a.name === arg.name);
        if (!ownArg) problems.push(`${expected.name}.${field.name}(${arg.name}) is missing`);
        else if (String(ownArg.type) !== String(arg.type)) problems.push(`${expected.name}.${field.name}(${arg.name}) is ${ownArg.type}, expected ${arg.type}`);
        else if (arg.defaultValue !== undefined && ownArg.defaultValue !== arg.defaultValue) problems.push(`${expected.name}.${field.name}(${arg.name}) default differs`);
      }
      for (const ownArg of own.args) {
        if (!field.args.some((a) => a.name === ownArg.name) && String(ownArg.type).endsWith('!') && ownArg.defaultValue === undefined) {
          problems.push(`${expected.name}.${field.name}(${ownArg.name}) is a new required argument`);
        }
      }
    }
  }
  if (isInputObjectType(expected) && isInputObjectType(found)) {
    const fields = found.getFields();
    for (const field of Object.values(expected.getFields()) as GraphQLInputField[]) {
      const own = fields[field.name];
      if (!own) problems.push(`${expected.name}.${field.name} is missing`);
      else if (String(own.type) !== String(field.type)) problems.push(`${expected.name}.${field.name} is ${own.type}, expected ${field.type}`);
    }
  }
  if (isEnumType(expected) && isEnumType(found)) {
    const values = found.getValues().map((v) => v.name);
    for (const v of expected.getValues()) if (!values.includes(v.name)) problems.push(`${expected.name}.${v.name} is missing`);
  }
  if (isUnionType(expected) && isUnionType(found)) {
    const members = found.getTypes().map((t) => t.name);
    for (const t of expected.getTypes()) if (!members.includes(t.name)) problems.push(`union ${expected.name} lacks ${t.name}`);
  }
  return problems;
}

describe('schema.graphql', () => {
  it('equals the schema the code prints (run npm run schema:print after a change)', () => {
    expect(CHECKED_IN).toBe(printSchemaFile());
  });

  it('has every type, field, argument and enum value of the contract, with the same types', () => {
    expect(contractViolations(buildSchema(CONTRACT), buildSchema(CHECKED_IN))).toEqual([]);
  });

  it('detects a contract violation (the check itself works)', () => {
    const broken = CHECKED_IN.replace(/\n  rebuttals: \[Claim!\]!/, '\n  rebuttals: [Claim]');
    expect(broken).not.toBe(CHECKED_IN);
    expect(contractViolations(buildSchema(CONTRACT), buildSchema(broken))).toContain('Claim.rebuttals is [Claim], expected [Claim!]!');
  });

  it('describes every type and field', () => {
    const schema = buildSchema(CHECKED_IN);
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) undocumented.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (!field.description) undocumented.push(`${type.name}.${field.name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
