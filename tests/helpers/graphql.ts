// Runs operations in-process through yoga.fetch and checks responses.
import { expect } from 'vitest';
import { createServer, type Server } from '../../src/server.js';
import type { TestDatabase } from './database.js';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  /** Every answer's price: extensions.cost (src/query-limits.ts). */
  extensions?: Record<string, any>;
}

export type Exec = <T = any>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse<T>>;

export function serverFor(database: TestDatabase, options: { errorDetails?: boolean } = {}): Server {
  return createServer({ database: database.handle, errorDetails: options.errorDetails ?? false });
}

/** Runs operations against `server`, with `Authorization: Bearer <key>` when a key is given. */
export function execFor(server: Server, key?: string): Exec {
  return async (query, variables) => {
    const response = await server.fetch('http://claimline.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };
}

/** Fails with the operation and the whole response when there are errors. */
export function expectNoErrors<T>(result: GraphQLResponse<T>, operation?: string): T {
  if (result.errors?.length || !result.data) {
    expect.fail(`GraphQL errors:\n${JSON.stringify(result.errors, null, 2)}\n\noperation:\n${operation ?? '(not given)'}`);
  }
  return result.data;
}

/** The error codes of a response, in order. */
export function errorCodes(result: GraphQLResponse): unknown[] {
  return (result.errors ?? []).map((e) => e.extensions?.code);
}

/** Runs operations with an API key and returns their data, failing with the operation on any error. */
export function dataFor(server: Server, key: string) {
  const exec = execFor(server, key);
  return async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => expectNoErrors(await exec<T>(query, variables), query);
}
