// Which database failures are not the request's fault: the database cannot be
// reached (an outage, answered 503 SERVICE_UNAVAILABLE) or a statement ran past
// its timeout (TIMEOUT). Errors arrive wrapped (GraphQL, drizzle), so the
// whole cause chain is read.
export type DatabaseFailure = 'unavailable' | 'timeout';

/** Network-level codes of postgres.js and Node's sockets. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

function classifyOne(error: unknown): DatabaseFailure | null {
  if (!error || typeof error !== 'object') return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === '57014') return 'timeout'; // query_canceled: statement_timeout
    if (CONNECTION_CODES.has(code)) return 'unavailable';
    // connection_exception, admin/crash shutdown, cannot connect now, too many connections
    if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code)) return 'unavailable';
  }
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && /PGlite is closed/i.test(message)) return 'unavailable';
  return null;
}

/** The error and everything it wraps (GraphQL's originalError, drizzle's cause), outermost first. */
function* causes(error: unknown): Generator<object> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    yield current;
    const next = current as { originalError?: unknown; cause?: unknown };
    current = next.originalError ?? next.cause;
  }
}

export function classifyDatabaseError(error: unknown): DatabaseFailure | null {
  for (const cause of causes(error)) {
    const failure = classifyOne(cause);
    if (failure) return failure;
  }
  return null;
}

export type ConstraintViolation = { kind: 'unique' | 'foreign_key' | 'check'; constraint: string | null };

const CONSTRAINT_KINDS: Record<string, ConstraintViolation['kind']> = { '23505': 'unique', '23503': 'foreign_key', '23514': 'check' };

/** A write that broke a constraint (unique, foreign key, check), on either driver; null for anything else. */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  for (const cause of causes(error)) {
    const { code, constraint, constraint_name } = cause as { code?: unknown; constraint?: unknown; constraint_name?: unknown };
    const kind = typeof code === 'string' ? CONSTRAINT_KINDS[code] : undefined;
    if (kind) return { kind, constraint: String(constraint_name ?? constraint ?? '') || null };
  }
  return null;
}
