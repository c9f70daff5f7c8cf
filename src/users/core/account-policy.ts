/**
 * Rules for console accounts, free of Nest and TypeORM: what a username and a password must look
 * like, and when repeated failures lock an account.
 */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** Consecutive wrong passwords that lock an account. */
export const LOCKOUT_THRESHOLD = 5;
/** How long a locked account stays locked. */
export const LOCKOUT_MINUTES = 15;

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** The problem with a username, or null when it is acceptable. */
export function usernameProblem(username: string): string | null {
  return USERNAME_PATTERN.test(username)
    ? null
    : 'must be 2 to 64 characters: lower-case letters, digits, "." "_" "-", starting with a letter or digit';
}

/** The problem with a new password, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  if (new Set(password).size < 4) return 'must use at least 4 different characters';
  return null;
}

/** passwordProblem's reason in Chinese. */
export function passwordProblemZh(problem: string): string {
  if (problem.startsWith('must be at least')) return `新密码至少 ${PASSWORD_MIN_LENGTH} 个字符`;
  if (problem.startsWith('must be at most')) return `新密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`;
  if (problem.startsWith('must not contain the username')) return '新密码不能包含用户名';
  return '新密码至少要用 4 个不同的字符';
}

export interface LockState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The state after one more wrong password: locked for LOCKOUT_MINUTES at the threshold. */
export function afterFailure(state: LockState, now: Date): LockState {
  const expired = state.lockedUntil !== null && state.lockedUntil.getTime() <= now.getTime();
  const failedAttempts = (expired ? 0 : state.failedAttempts) + 1;
  const lockedUntil = failedAttempts >= LOCKOUT_THRESHOLD ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
  return { failedAttempts, lockedUntil };
}
