import {
  afterFailure,
  isLocked,
  LOCKOUT_THRESHOLD,
  normalizeUsername,
  passwordProblem,
  usernameProblem,
} from './account-policy';

describe('account policy', () => {
  it('accepts plain login names and refuses others', () => {
    expect(usernameProblem('zhangsan')).toBeNull();
    expect(usernameProblem('duty.officer-1')).toBeNull();
    expect(usernameProblem(normalizeUsername('  ZhangSan '))).toBeNull();
    for (const bad of ['', 'a', '张三', 'has space', '-dash', 'x'.repeat(65)])
      expect(usernameProblem(bad)).not.toBeNull();
  });

  it('wants passwords long, varied and without the username', () => {
    expect(passwordProblem('correct horse battery')).toBeNull();
    expect(passwordProblem('short')).toContain('at least 10');
    expect(passwordProblem('aaaaaaaaaaaa')).toContain('4 different');
    expect(passwordProblem('zhangsan-2024!', 'zhangsan')).toContain('username');
  });

  it('locks after the threshold of consecutive failures, and forgets an expired lock', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    let state = { failedAttempts: 0, lockedUntil: null as Date | null };
    for (let i = 1; i < LOCKOUT_THRESHOLD; i++) {
      state = afterFailure(state, now);
      expect(isLocked(state, now)).toBe(false);
    }
    state = afterFailure(state, now);
    expect(isLocked(state, now)).toBe(true);
    const later = new Date(now.getTime() + 16 * 60_000);
    expect(isLocked(state, later)).toBe(false);
    expect(afterFailure(state, later)).toEqual({ failedAttempts: 1, lockedUntil: null });
  });
});
