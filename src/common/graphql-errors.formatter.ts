import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainException } from './domain.exception';
import { DatabaseUnavailableException, isDatabaseBusy } from '../database/sqlite-write-lock.helper';
import { chineseMessage } from './error-messages.catalog';

/**
 * The single mapping of thrown errors to GraphQL errors, for queries, mutations and subscriptions
 * alike. Unknown errors never leak internals. Every error gets `extensions.code` and a Chinese
 * message for people, `extensions.messageZh` (the codes are listed in error-messages.catalog.ts and the README).
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const mapped = mapError(formatted, error);
  const extensions: Record<string, unknown> = { code: 'INTERNAL_SERVER_ERROR', ...mapped.extensions };
  const { problemZh, ...rest } = extensions;
  const code = typeof rest.code === 'string' ? rest.code : undefined;
  return {
    ...mapped,
    extensions: { ...rest, messageZh: chineseMessage(code, { field: rest.field, value: rest.value, problemZh }) },
  };
}

function mapError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = findOriginal(error);
  if (original instanceof DomainException) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: original.code, ...original.details },
    };
  }
  if (isDatabaseBusy(original)) {
    const unavailable = new DatabaseUnavailableException('the database is locked', 0);
    return {
      message: 'the database is busy (locked by another process or session); nothing was written, retry shortly',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: unavailable.code, ...unavailable.details },
    };
  }
  if (original instanceof GraphQLError && original.extensions?.code === 'QUERY_TOO_COMPLEX') {
    const { http: _http, ...extensions } = original.extensions as Record<string, unknown>;
    return { message: original.message, extensions };
  }
  const code = formatted.extensions?.code;
  if (code === 'GRAPHQL_PARSE_FAILED' && /Document contains more tha[nt] \d+ tokens/.test(formatted.message)) {
    const limit = Number(/more tha[nt] (\d+) tokens/.exec(formatted.message)?.[1]);
    return {
      message: `query too long: at most ${limit} tokens allowed`,
      extensions: { code: 'QUERY_TOO_COMPLEX', limit },
    };
  }
  if (code === 'INTERNAL_SERVER_ERROR') {
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }
  return formatted;
}

function findOriginal(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5 && current && typeof current === 'object' && 'originalError' in current; i++) {
    const next = (current as { originalError?: unknown }).originalError;
    if (!next) break;
    current = next;
  }
  return current;
}
