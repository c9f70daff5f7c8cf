import type { Principal } from './principal.types';

/** The cookie that carries a console session (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'ec_session';

/**
 * The port through which the guard checks a session cookie. The users module provides it, so auth
 * does not import users back (users depends on auth for roles and principals).
 */
export interface SessionAuthenticator {
  /** The principal of a valid session token; throws DomainException UNAUTHENTICATED otherwise. */
  authenticate(token: string): Promise<Principal>;
}

export const SESSION_AUTHENTICATOR = Symbol('SESSION_AUTHENTICATOR');
