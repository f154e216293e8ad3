// Opens the database: PGlite (embedded, the default) or a Postgres server through
// postgres.js when a URL is given. Both are driven through the same drizzle API.
import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { lockDataDir } from './data-dir-lock.js';
import { checkDeadline } from './deadline.js';
import type { DirectDriver } from './direct-statement.js';
import * as schema from './schema.js';
import { COLUMN_CASING } from './row-columns.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  driver: 'pglite' | 'postgres';
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel` (sent by any
   * process on this database, after its transaction commits), and `onListening`
   * each time the listener (re)connects, when notifications may have been missed.
   * Resolves, once listening, to a function that stops it.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListening?: () => void): Promise<() => Promise<void>>;
  /**
   * Runs `run` where no statement timeout applies: on Postgres, a connection of
   * its own without `statement_timeout`, closed after. Schema migrations use it:
   * one that rewrites a large table may take minutes, and the timeout meant for
   * requests must not stop a server from starting.
   */
  withoutStatementTimeout<T>(run: (db: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; without it the embedded database is used. */
  url?: string | undefined;
  /** PGlite data directory; omitted means in memory (tests). Only one process may hold it (see data-dir-lock.ts). */
  dataDir?: string | undefined;
  /** Who opens the data directory, named in the refusal another process gets: "the server", "npm run seed". */
  holder?: string | undefined;
  /** Called with every SQL statement sent (tests count them). */
  onQuery?: ((query: string, params: unknown[]) => void) | undefined;
  /** Postgres servers cancel any statement running longer than this (statement_timeout). */
  statementTimeoutMs?: number | undefined;
  /** An in-memory PGlite starts from this dumped data directory (tests share one migrated, seeded image). */
  loadDataDir?: Blob | undefined;
  /** Connections the postgres.js pool may open. */
  maxConnections?: number | undefined;
}

const directDrivers = new WeakMap<Database, DirectDriver>();

/**
 * The driver under a database this module opened, for statements built once
 * and run without drizzle (see direct-statement.ts); undefined for any other.
 */
export function directDriverOf(db: Database): DirectDriver | undefined {
  return directDrivers.get(db);
}

/**
 * How drizzle's PGlite driver asks for rows: arrays of values, and the date and
 * time types (and their arrays) as the text PGlite receives, which the
 * columns' decoders read (numeric arrays too).
 */
const PGLITE_ARRAY_ROWS = {
  rowMode: 'array' as const,
  parsers: Object.fromEntries([1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182].map((oid) => [oid, (value: string) => value])),
};

/** How long a health check waits for the database before calling it unreachable. */
const PING_TIMEOUT_MS = 3_000;

async function pingWithin(ping: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * drizzle sends its queries through postgres.js's `unsafe`, which prepares
 * nothing unless told to; this client tells it to. The statements that take
 * parameters (every request's) are then parsed and planned once per connection
 * and reused, keyed by their text; statements built with a varying number of
 * parameters make more texts, so batch queries pass id lists as one array.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'unsafe') return Reflect.get(target, property, receiver);
      return (query: string, params?: unknown[], queryOptions?: postgres.UnsafeQueryOptions) =>
        target.unsafe(query, params as never, { ...queryOptions, prepare: true });
    },
  });
}

/** Prepared on first use on each connection, parameters or none (postgres.js reads `simple`, missing from its types). */
const EXTENDED_PROTOCOL = { prepare: true, simple: false } as postgres.UnsafeQueryOptions;

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  // Every statement passes here before it is sent: a request past its deadline sends no more.
  const logger: Logger = {
    logQuery: (query, params) => {
      checkDeadline();
      options.onQuery?.(query, params);
    },
  };
  const common = { schema, casing: COLUMN_CASING, logger };

  if (options.url) {
    const url = options.url;
    const connect = (max: number, statementTimeoutMs: number, settings: Record<string, string> = {}) =>
      postgres(url, {
        max,
        // Each connection parses a statement text once and then only binds and runs it.
        prepare: true,
        onnotice: () => {},
        connect_timeout: 10,
        connection: {
          statement_timeout: statementTimeoutMs,
          idle_in_transaction_session_timeout: 60_000,
          ...settings,
        },
      });
    // drizzle's driver sets the client's parsers (dates as text, for the columns to read), so the
    // direct driver is made after it and reads rows as drizzle would.
    const open = (client: postgres.Sql, direct = client): Database => {
      const db = drizzlePostgres(preparing(client), common) as unknown as Database;
      if (direct !== client) drizzlePostgres(direct, common);
      directDrivers.set(db, {
        logQuery: logger.logQuery,
        // simple: false, or a statement with no parameter (a first page, its size written into its
        // text) goes as a simple query, parsed and planned again on every run, never prepared.
        values: (query, params) => direct.unsafe(query, params as never, EXTENDED_PROTOCOL).values() as Promise<unknown[][]>,
      });
      return db;
    };
    const max = options.maxConnections ?? 10;
    const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;
    const client = connect(max, statementTimeoutMs);
    // The statements built once (src/loaders/prepared-statements.ts) run on connections of their
    // own where Postgres plans each one once, for any values. Left to choose, it planned some again
    // on every run, where an id list's plan looked cheaper for the list at hand than for any list:
    // a claim's standing spent 0.44 ms planning for 0.1 ms running, every time. Their shapes are
    // fixed by their texts (id lists, keyset pages, a LATERAL page per parent, page sizes written
    // in), so one plan serves all values. Statements built per request (filtered lists, whose best
    // plan may depend on a filter's value) stay on the other connections, planned per run.
    const direct = connect(max, statementTimeoutMs, { plan_cache_mode: 'force_generic_plan' });
    const db = open(client, direct);
    const handle: DatabaseHandle = {
      db,
      driver: 'postgres',
      ping: () => pingWithin(() => client`select 1`),
      // postgres.js listens on a connection of its own and listens again after it reconnects.
      listen: async (channel, onNotify, onListening) => {
        const { unlisten } = await client.listen(channel, onNotify, onListening);
        return unlisten;
      },
      withoutStatementTimeout: async (run) => {
        const own = connect(1, 0);
        try {
          return await run(open(own));
        } finally {
          await own.end({ timeout: 5 });
        }
      },
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), direct.end({ timeout: 5 })]);
      },
    };
    return handle;
  }

  // Loaded only here: PGlite's module alone holds about 45 MB, which a process on a Postgres server never needs.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
  let lock: { release(): void } | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    // Before PGlite touches a file: a directory another process holds is never opened.
    lock = lockDataDir(options.dataDir, options.holder ?? 'another claimline process');
  }
  let client: PGlite;
  try {
    client = options.dataDir ? new PGlite(options.dataDir) : new PGlite(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
    await client.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite(client, common) as unknown as Database;
  const pglite = client;
  directDrivers.set(db, {
    logQuery: logger.logQuery,
    values: async (query, params) => (await pglite.query<unknown[]>(query, params, PGLITE_ARRAY_ROWS)).rows,
  });
  return {
    db,
    driver: 'pglite',
    ping: () => pingWithin(() => client.query('select 1')),
    listen: async (channel, onNotify, onListening) => {
      const stop = await client.listen(channel, onNotify);
      onListening?.();
      return stop;
    },
    // PGlite sets no statement timeout.
    withoutStatementTimeout: (run) => run(db),
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
