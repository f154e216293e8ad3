// Reads config, opens and migrates the database, seeds it when empty, listens,
// and shuts down gracefully. Nothing else lives here. Started by main.ts.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import { isDatabaseEmpty, SeedError, seedDatabase } from './seed/index.js';
import { admit, Admission } from './http/admission.js';
import { watchLoad } from './http/load-shedding.js';
import { createLogger } from './http/logger.js';
import { readStore } from './persisted/store.js';
import { createServer } from './server.js';

function fail(message: string): never {
  console.error(`claimline: ${message}`);
  process.exit(1);
}

/** Fails at once when the port is taken, before seconds of migrating and seeding would be wasted. */
async function checkPort(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const probe = createNetServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'it is in use by another process' : error.message;
      fail(`cannot listen on ${host}:${port}: ${why}. Stop that process or set PORT to another port.`);
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

async function prepareDatabase(handle: DatabaseHandle): Promise<void> {
  try {
    await handle.ping();
  } catch (error) {
    fail(`cannot reach the database (${(error as Error).message}). Check DATABASE_URL, or unset it to use the embedded database.`);
  }
  console.log('claimline: applying database migrations...');
  try {
    await migrateDatabase(handle);
  } catch (error) {
    fail(`cannot migrate the database: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  await checkPort(config.host, config.port);
  const where = config.databaseUrl ? 'the Postgres server' : `the embedded database in ${config.dataDir}`;
  console.log(`claimline: opening ${where}...`);
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({
      url: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : config.dataDir,
      holder: 'the server',
      statementTimeoutMs: config.limits.statementTimeoutMs,
    });
  } catch (error) {
    fail(`cannot open the database: ${(error as Error).message}`);
  }
  await prepareDatabase(handle);
  if (config.seedOnStart && (await isDatabaseEmpty(handle.db))) {
    console.log('claimline: the database is empty; loading the curated dataset from seeds/ (a few seconds)...');
    try {
      const report = await seedDatabase(handle.db);
      console.log(`claimline: seeded an empty database (${report.summary}).`);
    } catch (error) {
      if (error instanceof SeedError) fail(`cannot seed the database; nothing was written.\n${error.message}`);
      fail(`cannot seed the database: ${(error as Error).message}`);
    }
  }

  let persistedOperations;
  try {
    persistedOperations = readStore(config.persistedOperationsFile);
  } catch (error) {
    fail(`cannot read the persisted operations: ${(error as Error).message}`);
  }
  const loadMonitor = watchLoad({ maxEventLoopLagMs: config.limits.shedEventLoopLagMs, maxHeapRatio: config.limits.shedHeapRatio });
  const yoga = createServer({
    database: handle,
    corsOrigins: config.corsOrigins,
    errorDetails: config.errorDetails,
    graphiql: config.graphiql,
    introspection: config.introspection,
    compiledReads: config.compiledReads,
    readAccess: config.readAccess,
    limits: config.limits,
    live: config.live,
    loadMonitor,
    logger: createLogger(config.logLevel),
    responseCache: config.responseCacheTtlMs > 0 ? { ttlMs: config.responseCacheTtlMs } : false,
    persistedOperations,
    persistedOnly: config.persistedOnly,
  });
  const admission = new Admission({
    maxActive: config.limits.maxActiveRequests ?? (config.databaseUrl ? 64 : 8),
    maxQueued: config.limits.maxQueuedRequests,
    // A request that cannot start before its deadline would have run would only time out.
    maxWaitMs: config.limits.requestDeadlineMs,
  });
  const server = createHttpServer(
    { headersTimeout: config.limits.headersTimeoutMs, requestTimeout: config.limits.httpRequestTimeoutMs },
    admit(admission, yoga),
  );
  // Open event streams, hung up on at shutdown (without `complete`, so clients reconnect with Last-Event-ID, to another replica).
  const eventStreams = new Set<ServerResponse>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) return;
    eventStreams.add(res);
    res.once('close', () => eventStreams.delete(res));
  });
  server.on('error', (error) => fail(`cannot listen on ${config.host}:${config.port}: ${error.message}`));
  server.listen(config.port, config.host, () => {
    const where = config.databaseUrl ? 'Postgres server' : `embedded database in ${config.dataDir}`;
    console.log(`claimline: GraphQL API and GraphiQL at http://${config.host}:${config.port}/graphql (${where})`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`claimline: ${signal} received, shutting down.`);
    server.close(async () => {
      loadMonitor.stop();
      await handle.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    for (const res of eventStreams) res.destroy();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
