// createServer({ db }) -> the yoga instance. Tests import this and call
// yoga.fetch; only main.ts listens on a port.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createYoga, maskError as defaultMaskError, type Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { PothosValidationError } from '@pothos/core';
import { createContext, type Context } from './context.js';
import type { DatabaseHandle } from './db/client.js';
import { GRAPHIQL_EXAMPLE } from './graphiql-example.js';
import { schema } from './schema/index.js';
import { QUERY_LIMITS } from './query-limits.js';

export interface ServerOptions {
  database: DatabaseHandle;
  /** Allowed CORS origins; ['*'] (the default) allows any. */
  corsOrigins?: string[];
  /** Show unexpected errors' details (stack, SQL); off unless asked for, as in production. */
  errorDetails?: boolean;
}

/** Health endpoints: /health says the process is up, /ready that the database answers. */
function healthPlugin(database: DatabaseHandle): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/health') {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
      } else if (url.pathname === '/ready') {
        try {
          await database.ping();
          endResponse(fetchAPI.Response.json({ status: 'ready', database: database.driver }));
        } catch {
          endResponse(fetchAPI.Response.json({ status: 'unavailable', database: database.driver }, { status: 503 }));
        }
      }
    },
  };
}

/** Input the schema's own validation refuses (an ID of the wrong type) is the client's error, not ours. */
function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof PothosValidationError) {
    return new GraphQLError(original.message, {
      nodes: (error as GraphQLError).nodes,
      path: (error as GraphQLError).path,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return defaultMaskError(error, message, isDev);
}

export function createServer(options: ServerOptions) {
  const origins = options.corsOrigins ?? ['*'];
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: () => createContext(options.database.db),
    graphiql: { defaultQuery: GRAPHIQL_EXAMPLE, title: 'claimline' },
    landingPage: false,
    // Our /health and /ready answer with JSON; yoga's own check would shadow /health.
    healthCheckEndpoint: '/_yoga-health',
    maskedErrors: { maskError, isDev: options.errorDetails ?? false },
    cors: origins.includes('*') ? { origin: '*', methods: ['GET', 'POST'] } : { origin: origins, methods: ['GET', 'POST'] },
    plugins: [healthPlugin(options.database), EnvelopArmorPlugin(QUERY_LIMITS)],
  });
}

export type Server = ReturnType<typeof createServer>;
