import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { BadInputException, DomainException } from './domain.exception';
import { problemInChinese } from './core/problem-zh';
import { quotedValue } from './core/quoted-value';
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
  const argument = badArgument(formatted, error, original);
  if (argument) return argument;
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

/** graphql-js's words for a variable it could not take (coerceVariableValues). */
const BAD_VARIABLE = /^Variable "\$([^"]+)" got invalid value ([\s\S]*?)(?: at "([^"]+)")?; ([\s\S]*)$/;

/**
 * A value graphql-js refused before anything ran: a variable (enum, unknown input field, a scalar such
 * as DateTime throwing), or a literal argument a scalar threw on. The error names the argument or the
 * path inside a variable (`input.severity`, `asOf`), not the type, and carries no schema hint ("Did you
 * mean"), whatever NODE_ENV.
 */
function badArgument(
  formatted: GraphQLFormattedError,
  error: unknown,
  original: unknown,
): GraphQLFormattedError | null {
  const variable = BAD_VARIABLE.exec(formatted.message);
  const thrown = original instanceof BadInputException ? original : null;
  let field: string;
  let value: unknown;
  let problem: string;
  if (variable) {
    field = variable[3] ?? variable[1];
    value = thrown ? thrown.details.value : printedValue(variable[2]);
    problem = thrown ? thrown.problem : variable[4];
  } else if (thrown && thrown.details.field === 'DateTime') {
    const name = literalArgumentName(error);
    if (!name) return null;
    [field, value, problem] = [name, thrown.details.value, thrown.problem];
  } else {
    return null;
  }
  problem = problem.replace(/\s*Did you mean [\s\S]*$/, '').replace(/\.$/, '');
  const problemZh = (thrown?.details.problemZh as string | undefined) ?? problemInChinese(problem);
  return {
    message: `${field}: ${problem} (got ${quotedValue(value)})`,
    locations: formatted.locations,
    extensions: { code: 'BAD_USER_INPUT', field, value, ...(problemZh ? { problemZh } : {}) },
  };
}

/** A value as graphql-js printed it: JSON where it is JSON ("III ", 5), else the text. */
function printedValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The name of the argument or input field a literal value was written for (`asOf: "x"` → asOf). */
function literalArgumentName(error: unknown): string | null {
  if (!(error instanceof GraphQLError)) return null;
  const node = error.nodes?.[0];
  const body = node?.loc?.source.body;
  if (!node?.loc || !body) return null;
  return /(\w+)\s*:\s*$/.exec(body.slice(Math.max(0, node.loc.start - 200), node.loc.start))?.[1] ?? null;
}
