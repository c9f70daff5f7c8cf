import type { ApiRole } from './api-role.enum';

/** Who is calling: the API key, or the signed-in user, a request was authenticated with. */
export interface Principal {
  /** The api_key id, or BOOTSTRAP_KEY_ID for ADMIN_API_KEY. */
  keyId: string;
  keyName: string;
  roles: ApiRole[];
  bootstrap: boolean;
  /** Set when a person signed in to the console (a session cookie): keyId is then the user id. */
  userId?: string;
  username?: string;
  displayName?: string;
  sessionId?: string;
}

/** The key id recorded for requests made with ADMIN_API_KEY (it has no row in api_key). */
export const BOOTSTRAP_KEY_ID = 'ADMIN_API_KEY';

/** Who made a change, as recorded in the roster journal and the audit log. */
export interface Actor {
  keyId: string | null;
  name: string;
}

export const SYSTEM_ACTOR: Actor = { keyId: null, name: 'system' };

/**
 * Who acts in a request, as recorded in the roster journal, on incident events and in the audit
 * log: the API key (or signed-in user) the request was authenticated with, its name cut to the
 * 128 characters those records keep; `fallback` (system) without one. Takes the principal or the
 * GraphQL context it sits on. The one place that decides it.
 */
export function actorOf(
  source: Principal | { req?: { principal?: unknown } } | null | undefined,
  fallback: Actor = SYSTEM_ACTOR,
): Actor {
  const principal = source && 'keyId' in source ? source : principalOf(source);
  return principal ? { keyId: principal.keyId, name: principal.keyName.slice(0, 128) } : fallback;
}

/** The principal the auth guard put on a request (GraphQL context or HTTP request), if any. */
export function principalOf(
  source: { req?: { principal?: unknown } } | { principal?: unknown } | null | undefined,
): Principal | null {
  if (!source) return null;
  const holder = 'req' in source && source.req ? source.req : (source as { principal?: unknown });
  const principal = holder.principal as Principal | undefined;
  return principal && typeof principal === 'object' && 'keyId' in principal ? principal : null;
}
