// What a client sees of an error it did not cause. Input the schema's own
// validation refuses is the client's error (BAD_USER_INPUT); a database that
// cannot be reached is an outage (503 SERVICE_UNAVAILABLE); a statement that
// ran out of time is TIMEOUT; anything else is masked as "Unexpected error."
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as defaultMaskError } from 'graphql-yoga';
import { classifyDatabaseError } from '../db/errors.js';
import type { Logger } from './logger.js';

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

/** An error as log fields: its name, message, code and stack (the log is the operator's, not the client's). */
function errorFields(error: unknown): Record<string, unknown> {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  if (!(original instanceof Error)) return { error: String(original) };
  return {
    error: { name: original.name, message: original.message, code: (error as GraphQLError).extensions?.code, stack: original.stack },
  };
}

/** A client's mistake: input the schema refused, or any error carrying a code other than an internal one. */
function isClientError(arg: unknown): boolean {
  if (arg instanceof PothosValidationError) return true;
  if (!(arg instanceof GraphQLError)) return false;
  if (arg.originalError instanceof PothosValidationError) return true;
  const code = arg.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
}

/**
 * Yoga's logger, written as structured lines. Yoga logs every error it masks;
 * a client's mistake (input the schema refused, an error with a client code)
 * is left out, so the error log shows only what needs a look, with its stack.
 */
export function serverLoggerFor(logger: Logger) {
  const line = (args: unknown[]) => {
    const errors = args.filter((a) => a instanceof Error);
    const message = args.filter((a) => typeof a === 'string').join(' ') || (errors[0] as Error | undefined)?.message || 'yoga';
    return { message, fields: errors.length ? errorFields(errors[0]) : {} };
  };
  return {
    debug: (...args: unknown[]) => {
      const { message, fields } = line(args);
      logger.debug(message, fields);
    },
    info: (...args: unknown[]) => {
      const { message, fields } = line(args);
      logger.info(message, fields);
    },
    warn: (...args: unknown[]) => {
      const { message, fields } = line(args);
      logger.warn(message, fields);
    },
    error: (...args: unknown[]) => {
      if (args.some(isClientError)) return;
      const { message, fields } = line(args);
      logger.error(message, fields);
    },
  };
}
