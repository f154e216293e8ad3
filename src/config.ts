// Environment -> typed configuration. Defaults make `npm start` work on a fresh
// machine; a bad value stops the start with a message naming the variable.
import { LOG_LEVELS, type LogLevel } from './http/logger.js';

export interface Config {
  /** postgres:// URL of a Postgres server; unset means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Where the embedded database keeps its files. */
  dataDir: string;
  port: number;
  host: string;
  /** Allowed CORS origins; ['*'] allows any origin (reads are public). */
  corsOrigins: string[];
  /** Show unexpected errors' details (message, stack, SQL) in responses: for local debugging only. */
  errorDetails: boolean;
  /** Seed the curated dataset when the database is empty. */
  seedOnStart: boolean;
  /** Serve GraphiQL at /graphql in a browser. */
  graphiql: boolean;
  /** Answer introspection queries (__schema, __type). */
  introspection: boolean;
  /** Answer reads made only of compiled fields with one SQL statement (src/compiled-reads/). */
  compiledReads: boolean;
  /** Whether reads need a key: 'public' (anyone) or 'key' (a READER key or better). */
  readAccess: ReadAccess;
  limits: Limits;
  /** Least severe log level written: debug, info (one line per request), warn, error or silent. */
  logLevel: LogLevel;
  /** How long a public read may be served from the in-memory response cache; 0 turns the cache off. Writes empty it. */
  responseCacheTtlMs: number;
  /** Run only operations from the trusted store (persisted-operations.json); refuse any other document. */
  persistedOnly: boolean;
  /** The trusted store's file; unset means persisted-operations.json in the repository. */
  persistedOperationsFile: string | undefined;
  /** Open subscriptions, subscriber buffers and heartbeats; see the README's "Live updates". */
  live: LiveLimits;
}

export const READ_ACCESS = ['public', 'key'] as const;
export type ReadAccess = (typeof READ_ACCESS)[number];

/** What one request may take from the server; see the README's "Limits and timeouts". */
export interface Limits {
  /** Largest request body, in bytes; a bigger one is answered 413. */
  maxBodyBytes: number;
  /** Longest any one SQL statement may run on a Postgres server. */
  statementTimeoutMs: number;
  /** Longest a GraphQL operation may run, all its SQL included. */
  requestDeadlineMs: number;
  /** Node's headersTimeout: a client must send its headers within this. */
  headersTimeoutMs: number;
  /** Node's requestTimeout: a client must send its whole request within this. */
  httpRequestTimeoutMs: number;
  /** Refuse new requests (503) while the event loop lags more than this. */
  shedEventLoopLagMs: number;
  /** Refuse new requests (503) while the heap holds more than this share of its limit. */
  shedHeapRatio: number;
  /** Requests served at once; unset means 8 on the embedded database (one statement at a time) and 64 on a server. */
  maxActiveRequests: number | undefined;
  /** Requests that may wait for a turn; more are refused with 503 at once. */
  maxQueuedRequests: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxBodyBytes: 8 * 1024 * 1024,
  statementTimeoutMs: 10_000,
  requestDeadlineMs: 15_000,
  headersTimeoutMs: 20_000,
  httpRequestTimeoutMs: 30_000,
  shedEventLoopLagMs: 1_000,
  shedHeapRatio: 0.9,
  maxActiveRequests: undefined,
  maxQueuedRequests: 1_000,
};

/** Live updates (subscriptions over server-sent events); see the README's "Live updates". */
export interface LiveLimits {
  /** Open subscriptions on one server, all keys and none together. */
  maxSubscriptions: number;
  /** Open subscriptions of one API key on one server. */
  maxSubscriptionsPerKey: number;
  /** Changes a subscriber may fall behind by before its stream is closed (SUBSCRIBER_TOO_SLOW). */
  subscriberBuffer: number;
  /** Interval of the comment line that keeps an idle stream open through proxies. */
  heartbeatMs: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  maxSubscriptions: 10_000,
  maxSubscriptionsPerKey: 100,
  subscriberBuffer: 1_000,
  heartbeatMs: 15_000,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function readPort(env: Env): number {
  const raw = env.PORT ?? '4000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 1 and 65535, got "${raw}".`);
  }
  return port;
}

function readDatabaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return undefined;
  let protocol: string;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL; expected postgres://user:password@host:port/database.');
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got "${protocol}//".`);
  }
  return raw;
}

function readNumber(env: Env, name: string, fallback: number, min: number, max: number, integer = true): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new ConfigError(`${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got "${raw}".`);
  }
  return value;
}

function readLimits(env: Env): Limits {
  const d = DEFAULT_LIMITS;
  const limits: Limits = {
    maxBodyBytes: readNumber(env, 'MAX_BODY_BYTES', d.maxBodyBytes, 1024, 1024 * 1024 * 1024),
    statementTimeoutMs: readNumber(env, 'STATEMENT_TIMEOUT_MS', d.statementTimeoutMs, 1, 3_600_000),
    requestDeadlineMs: readNumber(env, 'REQUEST_DEADLINE_MS', d.requestDeadlineMs, 1, 3_600_000),
    headersTimeoutMs: readNumber(env, 'HEADERS_TIMEOUT_MS', d.headersTimeoutMs, 1_000, 3_600_000),
    httpRequestTimeoutMs: readNumber(env, 'HTTP_REQUEST_TIMEOUT_MS', d.httpRequestTimeoutMs, 1_000, 3_600_000),
    shedEventLoopLagMs: readNumber(env, 'SHED_EVENT_LOOP_LAG_MS', d.shedEventLoopLagMs, 10, 600_000),
    shedHeapRatio: readNumber(env, 'SHED_HEAP_RATIO', d.shedHeapRatio, 0.1, 1, false),
    maxActiveRequests: env.MAX_ACTIVE_REQUESTS?.trim() ? readNumber(env, 'MAX_ACTIVE_REQUESTS', 0, 1, 100_000) : undefined,
    maxQueuedRequests: readNumber(env, 'MAX_QUEUED_REQUESTS', d.maxQueuedRequests, 0, 1_000_000),
  };
  // Node refuses a requestTimeout shorter than headersTimeout.
  if (limits.httpRequestTimeoutMs < limits.headersTimeoutMs) {
    throw new ConfigError('HTTP_REQUEST_TIMEOUT_MS must be at least HEADERS_TIMEOUT_MS.');
  }
  return limits;
}

function readLiveLimits(env: Env): LiveLimits {
  const d = DEFAULT_LIVE_LIMITS;
  return {
    maxSubscriptions: readNumber(env, 'MAX_SUBSCRIPTIONS', d.maxSubscriptions, 0, 1_000_000),
    maxSubscriptionsPerKey: readNumber(env, 'MAX_SUBSCRIPTIONS_PER_KEY', d.maxSubscriptionsPerKey, 0, 1_000_000),
    subscriberBuffer: readNumber(env, 'SUBSCRIBER_BUFFER', d.subscriberBuffer, 1, 1_000_000),
    heartbeatMs: readNumber(env, 'SSE_HEARTBEAT_MS', d.heartbeatMs, 100, 3_600_000),
  };
}

function readReadAccess(env: Env): ReadAccess {
  const raw = env.READ_ACCESS?.trim().toLowerCase();
  if (raw === undefined || raw === '') return 'public';
  if ((READ_ACCESS as readonly string[]).includes(raw)) return raw as ReadAccess;
  throw new ConfigError(`READ_ACCESS must be public or key, got "${env.READ_ACCESS}".`);
}

function readLogLevel(env: Env): LogLevel {
  const raw = env.LOG_LEVEL?.trim().toLowerCase();
  if (raw === undefined || raw === '') return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}".`);
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}".`);
}

export function loadConfig(env: Env = process.env): Config {
  const host = env.HOST?.trim() || 'localhost';
  const dataDir = env.DATA_DIR?.trim() || './.data';
  const corsOrigins = (env.CORS_ORIGINS ?? '*')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`CORS_ORIGINS must be "*" or a comma-separated list of origins like https://example.org, got "${origin}".`);
    }
  }
  return {
    databaseUrl: readDatabaseUrl(env),
    dataDir,
    port: readPort(env),
    host,
    corsOrigins: corsOrigins.length ? corsOrigins : ['*'],
    errorDetails: env.NODE_ENV === 'development',
    seedOnStart: readBoolean(env, 'SEED_ON_START', true),
    graphiql: readBoolean(env, 'GRAPHIQL', true),
    introspection: readBoolean(env, 'INTROSPECTION', true),
    compiledReads: readBoolean(env, 'COMPILED_READS', true),
    readAccess: readReadAccess(env),
    limits: readLimits(env),
    logLevel: readLogLevel(env),
    responseCacheTtlMs: readNumber(env, 'RESPONSE_CACHE_TTL_MS', 300_000, 0, 86_400_000),
    persistedOnly: readBoolean(env, 'PERSISTED_ONLY', false),
    persistedOperationsFile: env.PERSISTED_OPERATIONS_FILE?.trim() || undefined,
    live: readLiveLimits(env),
  };
}
