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
  | 'FORBIDDEN';

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

export class BadInputException extends DomainException {
  constructor(field: string, value: unknown, problem: string) {
    super('BAD_USER_INPUT', `${field}: ${problem} (got ${JSON.stringify(value)})`, { field, value });
  }
}

export class NotFoundException extends DomainException {
  constructor(what: string, field: string, value: unknown, hint = '') {
    super('NOT_FOUND', `${field}: no ${what} ${JSON.stringify(value)}${hint ? `; ${hint}` : ''}`, { field, value });
  }
}
