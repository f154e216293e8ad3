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

export function classifyDatabaseError(error: unknown): DatabaseFailure | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const failure = classifyOne(current);
    if (failure) return failure;
    const next = current as { originalError?: unknown; cause?: unknown };
    current = next.originalError ?? next.cause;
  }
  return null;
}

export type ConstraintViolation = { kind: 'unique' | 'foreign_key' | 'check'; constraint: string | null };

/** A write that broke a constraint (unique, foreign key, check), on either driver; null for anything else. */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, constraint, constraint_name } = current as { code?: unknown; constraint?: unknown; constraint_name?: unknown };
    const kind = code === '23505' ? 'unique' : code === '23503' ? 'foreign_key' : code === '23514' ? 'check' : null;
    if (kind) return { kind, constraint: String(constraint_name ?? constraint ?? '') || null };
    const next = current as { originalError?: unknown; cause?: unknown };
    current = next.originalError ?? next.cause;
  }
  return null;
}
