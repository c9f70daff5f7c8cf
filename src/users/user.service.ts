import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { API_ROLES, ApiRole } from '../auth/api-role.enum';
import { BadInputException, DomainException, NotFoundException } from '../common/domain.exception';
import { newId } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import {
  afterFailure,
  isLocked,
  LOCKOUT_MINUTES,
  LOCKOUT_THRESHOLD,
  normalizeUsername,
  passwordProblem,
  passwordProblemZh,
  usernameProblem,
} from './core/account-policy';
import { UserEntity } from './entities/user.entity';
import { SignInException } from './sign-in.exception';
import { UserSessionEntity } from './entities/user-session.entity';
import { RateLimitService } from '../security/rate-limit.service';

const WRONG_CREDENTIALS = `用户名或密码错误（连续 ${LOCKOUT_THRESHOLD} 次错误账户将锁定 ${LOCKOUT_MINUTES} 分钟）`;

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane): ~0.1 s per hash here. */
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface CreateUser {
  username: string;
  displayName: string;
  password: string;
  roles: ApiRole[];
}

/** Console accounts: creation, sign-in with lockout, password change, disabling. */
@Injectable()
export class UserService {
  /** A hash to verify against when the username is unknown, so timing does not reveal which usernames exist. */
  private decoy: Promise<string> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly limits: RateLimitService,
  ) {
    // A name no account has locks like one that has: its LOCKOUT_THRESHOLD-th wrong try answers LOCKED.
    const lockout = LOCKOUT_MINUTES * 60;
    limits.define('signInName', { points: LOCKOUT_THRESHOLD - 1, seconds: lockout, block: lockout });
  }

  async create(input: CreateUser): Promise<UserEntity> {
    const username = normalizeUsername(input.username);
    const usernameIssue = usernameProblem(username);
    if (usernameIssue) throw new BadInputException('username', input.username, usernameIssue);
    const displayName = input.displayName.trim();
    if (displayName === '' || displayName.length > 128)
      throw new BadInputException('displayName', input.displayName, 'must be 1 to 128 characters');
    const passwordIssue = passwordProblem(input.password, username);
    if (passwordIssue) throw new DomainException('BAD_USER_INPUT', `password: ${passwordIssue}`, { field: 'password' });
    const roles = [...new Set(input.roles)];
    if (roles.length === 0)
      throw new BadInputException('roles', input.roles, `must name at least one role of ${API_ROLES.join(', ')}`);
    const passwordHash = await hash(input.password, ARGON2);
    const now = new Date();
    const user = Object.assign(new UserEntity(), {
      id: newId(),
      username,
      displayName,
      passwordHash,
      roles: JSON.stringify(roles),
      failedAttempts: 0,
      lockedUntil: null,
      disabledAt: null,
      createdAt: now,
      passwordChangedAt: now,
      lastSignInAt: null,
    });
    await this.transactions.run(async (m) => {
      if (await m.findOne(UserEntity, { where: { username } })) {
        throw new DomainException('CONFLICT', `username: a user "${username}" already exists`, {
          field: 'username',
          value: username,
        });
      }
      await m.insert(UserEntity, user);
    });
    return user;
  }

  async list(): Promise<UserEntity[]> {
    return this.dataSource.getRepository(UserEntity).find({ order: { createdAt: 'ASC' } });
  }

  async get(id: string): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id } });
    if (!user) throw new NotFoundException('user', 'id', id);
    return user;
  }

  /**
   * Checks a username and password. A wrong password counts toward the lockout; LOCKOUT_THRESHOLD
   * in a row lock the account for LOCKOUT_MINUTES. Nothing in the answer tells whether an account has
   * the name: an unknown name gets the same message, locks after as many tries (counted in Redis), and
   * takes as long (a decoy hash); a disabled account says so only to the right password.
   */
  async verifyCredentials(usernameInput: string, password: string): Promise<UserEntity> {
    const username = normalizeUsername(usernameInput);
    const user = username ? await this.dataSource.getRepository(UserEntity).findOne({ where: { username } }) : null;
    const now = new Date();
    if (!user) {
      await verify(await this.decoyHash(), password).catch(() => false);
      const counted = await this.limits.consume('signInName', username || '-');
      if (!counted.allowed) throw this.locked(new Date(now.getTime() + counted.retryAfterSeconds * 1000));
      throw new SignInException('INVALID_CREDENTIALS', WRONG_CREDENTIALS);
    }
    if (isLocked(user, now)) throw this.locked(user.lockedUntil!);
    const ok = await verify(user.passwordHash, password).catch(() => false);
    if (!ok) {
      const state = afterFailure(user, now);
      await this.transactions.run((m) => m.update(UserEntity, { id: user.id }, state));
      if (state.lockedUntil) throw this.locked(state.lockedUntil);
      throw new SignInException('INVALID_CREDENTIALS', WRONG_CREDENTIALS);
    }
    if (user.disabledAt) throw new SignInException('DISABLED', '该账户已停用，请联系管理员');
    const update = { failedAttempts: 0, lockedUntil: null, lastSignInAt: now };
    await this.transactions.run((m) => m.update(UserEntity, { id: user.id }, update));
    return Object.assign(user, update);
  }

  /** Disables an account and ends its sessions at once. */
  async disable(id: string, disabled = true): Promise<UserEntity> {
    return this.transactions.run(async (m) => {
      const user = await m.findOne(UserEntity, { where: { id } });
      if (!user) throw new NotFoundException('user', 'id', id);
      const now = new Date();
      if (disabled) {
        if (!user.disabledAt) user.disabledAt = now;
        await m.update(UserEntity, { id }, { disabledAt: user.disabledAt });
        await m
          .createQueryBuilder()
          .update(UserSessionEntity)
          .set({ revokedAt: now })
          .where('user_id = :id AND revoked_at IS NULL', { id })
          .execute();
      } else {
        Object.assign(user, { disabledAt: null, failedAttempts: 0, lockedUntil: null });
        await m.update(UserEntity, { id }, { disabledAt: null, failedAttempts: 0, lockedUntil: null });
      }
      return user;
    });
  }

  /**
   * Sets a new password. A user changing their own gives the current one; an administrator resetting
   * someone else's does not. Every other session of the user ends; a reset also clears a lockout.
   */
  async changePassword(
    userId: string,
    newPassword: string,
    currentPassword: string | null,
    keepSessionId: string | null,
  ): Promise<UserEntity> {
    const user = await this.get(userId);
    if (currentPassword !== null) {
      // Guesses through a signed-in session count toward the lockout as sign-in tries do.
      const now = new Date();
      if (isLocked(user, now)) throw lockedInput(this.locked(user.lockedUntil!));
      const ok = await verify(user.passwordHash, currentPassword).catch(() => false);
      if (!ok) {
        const state = afterFailure(user, now);
        await this.transactions.run((m) => m.update(UserEntity, { id: user.id }, state));
        if (state.lockedUntil) throw lockedInput(this.locked(state.lockedUntil));
        throw new DomainException('BAD_USER_INPUT', 'currentPassword: is not the current password', {
          field: 'currentPassword',
          problemZh: `当前密码不正确（连续 ${LOCKOUT_THRESHOLD} 次错误账户将锁定 ${LOCKOUT_MINUTES} 分钟）`,
        });
      }
    }
    const issue = passwordProblem(newPassword, user.username);
    if (issue)
      throw new DomainException('BAD_USER_INPUT', `newPassword: ${issue}`, {
        field: 'newPassword',
        problemZh: passwordProblemZh(issue),
      });
    const passwordHash = await hash(newPassword, ARGON2);
    const now = new Date();
    const update = { passwordHash, passwordChangedAt: now, failedAttempts: 0, lockedUntil: null };
    await this.transactions.run(async (m) => {
      await m.update(UserEntity, { id: userId }, update);
      const qb = m
        .createQueryBuilder()
        .update(UserSessionEntity)
        .set({ revokedAt: now })
        .where('user_id = :userId AND revoked_at IS NULL', { userId });
      if (keepSessionId) qb.andWhere('id <> :keep', { keep: keepSessionId });
      await qb.execute();
    });
    return Object.assign(user, update);
  }

  private locked(until: Date): SignInException {
    const time = until.toLocaleTimeString('zh-CN', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    return new SignInException(
      'LOCKED',
      `连续 ${LOCKOUT_THRESHOLD} 次密码错误，账户已锁定至 ${time}，请稍后再试或联系管理员`,
      until,
    );
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= hash('decoy password that matches nothing', ARGON2);
    return this.decoy;
  }
}

/** A lockout met while changing one's password: refused as bad input of the current password. */
function lockedInput(locked: SignInException): DomainException {
  return new DomainException(
    'BAD_USER_INPUT',
    `currentPassword: the account is locked until ${locked.lockedUntil?.toISOString()}`,
    {
      field: 'currentPassword',
      problemZh: locked.message,
    },
  );
}
