// Errors users see. Every expected failure carries a machine-readable code in
// `extensions.code`; anything else is masked by the server (no stack, no SQL).
import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'INVALID_ID'
  | 'INVALID_CURSOR'
  | 'INVALID_PAGINATION'
  | 'INVALID_DATE'
  | 'INVALID_SEARCH'
  | 'NOT_FOUND'
  | 'INPUT_TOO_LARGE'
  | 'TIMEOUT'
  | 'SERVICE_UNAVAILABLE'
  | 'OVERLOADED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'INVALID_LAST_EVENT_ID'
  | 'SUBSCRIBER_TOO_SLOW';

export function userError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

