// Environment -> typed configuration. Defaults make `npm start` work on a fresh
// machine; a bad value stops the start with a message naming the variable.
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
}

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
  };
}
