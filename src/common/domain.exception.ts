import { problemInChinese } from './core/problem-zh';
import { quotedValue } from './core/quoted-value';

/**
 * A domain error: a stable machine-readable code plus a Chinese-or-English message that names the
 * offending field and value. Mapped once to a GraphQL error (graphql-errors.ts).
 */
export type DomainErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'NOT_ESTABLISHED'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  /** The database could not take the write in time (SQLite lock held elsewhere, database down); retry shortly. */
  | 'UNAVAILABLE'
  /** Too many requests from this key or address; retry after extensions.retryAfterSeconds. */
  | 'RATE_LIMITED'
  /** The operation exceeds a bound (tokens, depth, aliases, root fields, cost); nothing was executed. */
  | 'QUERY_TOO_COMPLEX';

export class DomainException extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainException';
  }
}

/**
 * Bad input: names the field and the value. `problemZh` explains it to people in Chinese
 * (extensions.messageZh); without it the reason is put into Chinese when it is one of the common kinds
 * (core/problem-zh.ts), else they read the code's Chinese sentence with the field and value.
 */
export class BadInputException extends DomainException {
  constructor(
    field: string,
    value: unknown,
    /** The reason alone, without field and value (the message has all three). */
    readonly problem: string,
    problemZh = problemInChinese(problem),
  ) {
    super(
      'BAD_USER_INPUT',
      `${field}: ${problem} (got ${quotedValue(value)})`,
      problemZh ? { field, value, problemZh } : { field, value },
    );
  }
}

export class NotFoundException extends DomainException {
  constructor(what: string, field: string, value: unknown, hint = '') {
    super('NOT_FOUND', `${field}: no ${what} ${quotedValue(value)}${hint ? `; ${hint}` : ''}`, { field, value });
  }
}
