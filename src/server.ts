// createServer({ database }) -> the yoga instance. Tests import this and call
// yoga.fetch; only main.ts listens on a port.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { BREAK, type DocumentNode, Kind, NoSchemaIntrospectionCustomRule, visit } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { DEFAULT_LIMITS, DEFAULT_LIVE_LIMITS, type Limits, type LiveLimits, type ReadAccess } from './config.js';
import { createContext, type Context } from './context.js';
import type { DatabaseHandle } from './db/client.js';
import { GRAPHIQL_EXAMPLE } from './graphiql-example.js';
import { bodySizePlugin } from './http/body-size.js';
import { browserSafetyPlugin } from './http/browser-safety.js';
import { errorCodesPlugin } from './http/error-codes.js';
import { eventStreamPlugin } from './http/event-stream.js';
import { renderOfflineGraphiQL } from './http/graphiql-page.js';
import { viewerOf } from './http/authentication.js';
import { healthPlugin } from './http/health.js';
import { exportRoutePlugin } from './http/export-route.js';
import { inputBoundsPlugin } from './http/input-bounds.js';
import { loadSheddingPlugin, type LoadMonitor } from './http/load-shedding.js';
import { createLogger, type Logger } from './http/logger.js';
import { maskError, serverLoggerFor } from './http/mask-error.js';
import { requestLogPlugin } from './http/request-log.js';
import { createResponseCache, httpCachingPlugin, type ResponseCacheOptions } from './http/response-cache.js';
import { persistedOperationsPlugins } from './http/persisted-operations.js';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { examplesRoutePlugin } from './http/examples-route.js';
import { readStore, type PersistedOperations } from './persisted/store.js';
import { requestParseErrorsPlugin } from './http/request-parse-errors.js';
import { requestDeadlinePlugin } from './http/request-deadline.js';
import { costPlugin, MAX_TOKENS, QUERY_LIMITS } from './query-limits.js';
import { schema } from './schema/index.js';
import { compiledReadsPlugin } from './compiled-reads/plugin.js';
import { LiveUpdates } from './live/live-updates.js';

export interface ServerOptions {
  database: DatabaseHandle;
  /** Allowed CORS origins; ['*'] (the default) allows any. */
  corsOrigins?: string[];
  /** Show unexpected errors' details (stack, SQL); off unless asked for, as in production. */
  errorDetails?: boolean;
  /** Serve GraphiQL (default true). */
  graphiql?: boolean;
  /** Answer introspection (default true). */
  introspection?: boolean;
  /** 'key' makes every query need a READER key or better (default 'public'). */
  readAccess?: ReadAccess;
  /** Body size and deadline; the database's statement timeout is set where it is opened. */
  limits?: Pick<Limits, 'maxBodyBytes' | 'requestDeadlineMs'>;
  /** Sheds load while it reports the server overloaded (main.ts watches the process). */
  loadMonitor?: LoadMonitor;
  /** Where request lines and server errors are logged (main.ts: LOG_LEVEL); default: warnings and errors only. */
  logger?: Logger;
  /** Serve repeated public reads from memory (main.ts: RESPONSE_CACHE_TTL_MS); off unless given. */
  responseCache?: ResponseCacheOptions | false;
  /** Trusted documents by SHA-256 hash (default: persisted-operations.json). */
  persistedOperations?: PersistedOperations;
  /** Refuse every operation not in persistedOperations (PERSISTED_ONLY). */
  persistedOnly?: boolean;
  /** Limits on subscriptions (open ones, per key, buffers, heartbeats). */
  live?: LiveLimits;
  /** Answer reads made only of compiled fields with one SQL statement (src/compiled-reads/); default true. */
  compiledReads?: boolean;
}

const noIntrospection: Plugin = {
  onValidate({ addValidationRule }) {
    addValidationRule(NoSchemaIntrospectionCustomRule);
  },
};

const compilable = new WeakMap<DocumentNode, boolean>();

/**
 * Whether an operation runs compiled by graphql-jit: a query alone in its
 * document (the plugin keeps one compiled function per document, whatever the
 * operation name) without @defer or @stream (jit has no incremental
 * delivery). Mutations and subscriptions run on graphql-js. The answer is kept
 * per parsed document, which yoga's parser cache reuses.
 */
function isCompilable(document: DocumentNode): boolean {
  let known = compilable.get(document);
  if (known === undefined) {
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    let incremental = false;
    visit(document, {
      Directive(node) {
        if (node.name.value !== 'defer' && node.name.value !== 'stream') return undefined;
        incremental = true;
        return BREAK;
      },
    });
    known = operations.length === 1 && operations[0]!.operation === 'query' && !incremental;
    compilable.set(document, known);
  }
  return known;
}

export function createServer(options: ServerOptions) {
  const origins = options.corsOrigins ?? ['*'];
  const limits = options.limits ?? DEFAULT_LIMITS;
  const liveLimits = options.live ?? DEFAULT_LIVE_LIMITS;
  // Subscriptions read committed Changes from the database's feed: changeFeedFor(options.database).onChange(...) hears them too.
  const live = new LiveUpdates(options.database, liveLimits);
  const logger = options.logger ?? createLogger('warn');
  const responseCache = options.responseCache ? createResponseCache(options.database, options.responseCache) : null;
  const plugins: Plugin[] = [
    // First: it times the whole request and stamps its ID on every answer, refusals included.
    requestLogPlugin(logger),
    ...(options.loadMonitor ? [loadSheddingPlugin(options.loadMonitor)] : []),
    healthPlugin(options.database),
    examplesRoutePlugin(),
    exportRoutePlugin({ database: options.database, readAccess: options.readAccess ?? 'public' }),
    browserSafetyPlugin({ anyOrigin: origins.includes('*') }),
    // Before anything reads params.query: a persisted operation's document is filled in here.
    ...persistedOperationsPlugins(options.persistedOperations ?? readStore(), { persistedOnly: options.persistedOnly ?? false }),
    EnvelopArmorPlugin(QUERY_LIMITS),
    // After armor: its token limit replaces the parse function, and the nesting check must wrap it.
    inputBoundsPlugin(MAX_TOKENS),
    // Prices the operation in nodes before it runs; extensions.cost tells the client.
    costPlugin(),
    errorCodesPlugin(),
    requestParseErrorsPlugin(),
    // Compiled execution for plain queries; before the deadline, which wraps whichever execute function is set.
    useGraphQlJit({}, { enableIf: (args) => isCompilable(args.document) }) as Plugin,
    // Reads whose every field is compiled into SQL: one statement builds the answer, no resolver runs.
    ...(options.compiledReads === false ? [] : [compiledReadsPlugin(logger)]),
    requestDeadlinePlugin(limits.requestDeadlineMs, { guardStatements: options.database.driver === 'pglite' }),
    httpCachingPlugin(),
    // @defer and @stream: a front end draws the first timeline items before totalCount and buckets arrive.
    useDeferStream(),
    ...(responseCache?.plugins ?? []),
    eventStreamPlugin({ heartbeatMs: liveLimits.heartbeatMs }),
    ...(options.introspection === false ? [noIntrospection] : []),
    // Last: it wraps whichever request parser the plugins above picked.
    bodySizePlugin(limits.maxBodyBytes),
  ];
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: async ({ request }) => ({
      ...createContext(options.database.db, await viewerOf(options.database.db, request), options.readAccess ?? 'public'),
      live: { updates: live, lastEventId: request.headers.get('last-event-id'), eventId: null },
    }),
    graphiql: options.graphiql === false ? false : { defaultQuery: GRAPHIQL_EXAMPLE, title: 'claimline' },
    renderGraphiQL: renderOfflineGraphiQL,
    landingPage: false,
    // Our /health and /ready answer with JSON; yoga's own check would shadow /health.
    healthCheckEndpoint: '/_yoga-health',
    maskedErrors: { maskError, isDev: options.errorDetails ?? false },
    logging: serverLoggerFor(logger),
    // Operations come as JSON; no multipart uploads (a form could send those).
    multipart: false,
    // bodySizePlugin enforces limits.maxBodyBytes without yoga's stream per request.
    maxRequestBodySize: false,
    // CORS without credentials: no cookie ever authorizes a request.
    cors: { origin: origins.includes('*') ? '*' : origins, methods: ['GET', 'POST'], credentials: false },
    plugins,
  });
}

export type Server = ReturnType<typeof createServer>;
