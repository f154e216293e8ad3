// What a client sees of an error it did not cause. Input the schema's own
// validation refuses is the client's error (BAD_USER_INPUT); a database that
// cannot be reached is an outage (503 SERVICE_UNAVAILABLE); a statement that
// ran out of time is TIMEOUT; anything else is masked as "Unexpected error."
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as defaultMaskError } from 'graphql-yoga';
import { classifyDatabaseError } from '../db/errors.js';

const RETRY_AFTER_SECONDS = '5';

export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const located = error instanceof GraphQLError ? error : undefined;
  const original = located ? located.originalError : error;
  const at = { nodes: located?.nodes, path: located?.path };
  if (original instanceof PothosValidationError) {
    return new GraphQLError(original.message, { ...at, extensions: { code: 'BAD_USER_INPUT' } });
  }
  const failure = classifyDatabaseError(error);
  if (failure === 'unavailable') {
    return new GraphQLError('The database cannot be reached; the service is unavailable. Retry shortly.', {
      ...at,
      extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'Retry-After': RETRY_AFTER_SECONDS } } },
    });
  }
  if (failure === 'timeout') {
    return new GraphQLError('A database statement ran out of time. Ask for less, or retry later.', {
      ...at,
      extensions: { code: 'TIMEOUT', http: { status: 503, headers: { 'Retry-After': RETRY_AFTER_SECONDS } } },
    });
  }
  return defaultMaskError(error, message, isDev);
}

/**
 * Yoga logs every error it masks; input the schema refused is the client's
 * mistake and is left out of the log, so the log shows what needs a look.
 */
export const serverLogger = {
  debug: () => {},
  info: (...args: unknown[]) => console.info(...args),
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => {
    const clientError = args.some(
      (arg) => arg instanceof PothosValidationError || (arg instanceof GraphQLError && arg.originalError instanceof PothosValidationError),
    );
    if (!clientError) console.error(...args);
  },
};
