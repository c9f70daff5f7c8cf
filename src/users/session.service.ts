import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.types';
import { parseRoles } from '../auth/api-role.enum';
import type { SessionAuthenticator } from '../auth/session-authenticator.types';
import { DomainException } from '../common/domain.exception';
import { AppConfig } from '../config/app.config';
import { newId } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import { UserEntity } from './entities/user.entity';
import { UserSessionEntity } from './entities/user-session.entity';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const unauthenticated = (message: string) => new DomainException('UNAUTHENTICATED', message);

/** Console sessions: a random 256-bit token in the cookie, its SHA-256 in the database, a fixed expiry. */
@Injectable()
export class SessionService implements SessionAuthenticator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  get ttlMs(): number {
    return Math.round(this.config.env.SESSION_TTL_HOURS * 3_600_000);
  }

  async open(user: UserEntity): Promise<{ token: string; session: UserSessionEntity }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const session = Object.assign(new UserSessionEntity(), {
      id: newId(),
      userId: user.id,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
      revokedAt: null,
    });
    await this.transactions.run((m) => m.insert(UserSessionEntity, session));
    return { token, session };
  }

  async authenticate(token: string): Promise<Principal> {
    const found = await this.find(token);
    if (!found)
      throw unauthenticated('Session: not signed in, or the session has ended; sign in again (POST /auth/login)');
    const { session, user } = found;
    return {
      keyId: user.id,
      keyName: `user:${user.username}`,
      roles: parseRoles(user.roles),
      bootstrap: false,
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      sessionId: session.id,
    };
  }

  /** The live session of a token and its user, or null (unknown, ended, expired, user disabled). */
  async find(token: string): Promise<{ session: UserSessionEntity; user: UserEntity } | null> {
    const session = await this.dataSource
      .getRepository(UserSessionEntity)
      .findOne({ where: { tokenHash: hashToken(token) } });
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id: session.userId } });
    if (!user || user.disabledAt) return null;
    return { session, user };
  }

  async close(token: string): Promise<{ session: UserSessionEntity; user: UserEntity } | null> {
    const found = await this.find(token);
    if (!found) return null;
    await this.transactions.run((m) =>
      m.update(UserSessionEntity, { id: found.session.id }, { revokedAt: new Date() }),
    );
    return found;
  }
}
