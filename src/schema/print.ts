// The checked-in schema.graphql is exactly this text; a test compares them.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.js';

export function printSchemaFile(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
