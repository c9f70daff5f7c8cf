import { createContext, useContext } from 'react';

export type Role = 'admin' | 'roster_editor' | 'duty_officer' | 'reader';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
}

/** Mirrors src/auth/roles.ts: admin implies every role, every role implies reader. */
export function can(user: SessionUser | null, role: Role): boolean {
  if (!user) return false;
  return user.roles.some((held) => held === 'admin' || held === role || role === 'reader');
}

export interface Session {
  user: SessionUser;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

const HINT = 'ec.signedIn';

/** Whether this browser was signed in last time (a hint only, to start loading early; the cookie decides). */
export function wasSignedIn(): boolean {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return false;
  }
}

function remember(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    /* storage disabled: no hint */
  }
}

/** The signed-in user of this browser, or null (no session, or it has ended). */
export async function fetchMe(): Promise<SessionUser | null> {
  const user = await fetchMeOnce();
  remember(user !== null);
  return user;
}

async function fetchMeOnce(): Promise<SessionUser | null> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: JSON_HEADERS,
    credentials: 'same-origin',
    body: JSON.stringify({ query: '{ me { kind user { id username displayName roles } } }' }),
  });
  if (res.status === 401) return null;
  const body = (await res.json()) as { data?: { me?: { user: SessionUser | null } } };
  return body.data?.me?.user ?? null;
}

export async function signIn(username: string, password: string): Promise<SessionUser> {
  const res = await fetch('/auth/login', {
    method: 'POST',
    headers: JSON_HEADERS,
    credentials: 'same-origin',
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json().catch(() => ({}))) as { user?: SessionUser; message?: string | string[] };
  if (!res.ok || !body.user) {
    const message = Array.isArray(body.message) ? body.message.join('；') : body.message;
    throw new Error(message || `登录失败（HTTP ${res.status}）`);
  }
  remember(true);
  return body.user;
}

export async function signOutRequest(): Promise<void> {
  remember(false);
  await fetch('/auth/logout', { method: 'POST', headers: JSON_HEADERS, credentials: 'same-origin', body: '{}' });
}
