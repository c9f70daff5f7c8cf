import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { BadInputException, DomainException, NotFoundException } from '../common/domain.exception';
import { AppConfig } from '../config/app.config';
import { quotedValue } from '../common/core/quoted-value';
import { newId } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import { ApiKeyEntity } from './entities/api-key.entity';
import { BOOTSTRAP_KEY_ID, Principal } from './principal.types';
import { API_ROLES, ApiRole, parseRoles } from './api-role.enum';

/** last_used_at is written at most this often per key, so reads do not turn into writes. */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;
/** The longest a request waits for its key's lastUsedAt to be written. */
const TOUCH_WAIT_MS = 200;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export type ApiKeyStatus = 'ACTIVE' | 'EXPIRED' | 'REVOKED';

export function keyStatus(key: Pick<ApiKeyEntity, 'expiresAt' | 'revokedAt'>, now = new Date()): ApiKeyStatus {
  if (key.revokedAt) return 'REVOKED';
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  return 'ACTIVE';
}

const unauthenticated = (message: string) => new DomainException('UNAUTHENTICATED', message);

/**
 * API keys: created with a random secret that is returned once and stored only as its SHA-256
 * hash; they can expire and be revoked. ADMIN_API_KEY, when set, is a key with every role.
 */
@Injectable()
export class ApiKeyService {
  private readonly adminHash: Buffer | null;
  private readonly lastUsedWritten = new Map<string, number>();
  private readonly logger = new Logger(ApiKeyService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    @Inject(AppConfig) config: AppConfig,
  ) {
    const admin = config.env.ADMIN_API_KEY;
    this.adminHash = admin ? Buffer.from(hashSecret(admin), 'hex') : null;
  }

  /** Reads `Authorization: Bearer <key>` and returns who is calling, or throws UNAUTHENTICATED. */
  async authenticate(authorization: string | string[] | undefined): Promise<Principal> {
    const header = Array.isArray(authorization) ? authorization[0] : authorization;
    if (!header || header.trim() === '') {
      throw unauthenticated(
        'Authorization: no API key and no session; send the header "Authorization: Bearer <api key>", or sign in (POST /auth/login)',
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    if (!match) throw unauthenticated('Authorization: expected "Bearer <api key>"');
    const secret = match[1];
    const hash = hashSecret(secret);
    if (this.adminHash && timingSafeEqual(this.adminHash, Buffer.from(hash, 'hex'))) {
      return { keyId: BOOTSTRAP_KEY_ID, keyName: 'ADMIN_API_KEY', roles: [...API_ROLES], bootstrap: true };
    }
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { keyHash: hash } });
    if (!key) throw unauthenticated('Authorization: the API key is not recognised');
    const now = new Date();
    if (key.revokedAt)
      throw unauthenticated(`Authorization: the API key "${key.name}" was revoked at ${key.revokedAt.toISOString()}`);
    if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) {
      throw unauthenticated(`Authorization: the API key "${key.name}" expired at ${key.expiresAt.toISOString()}`);
    }
    const known = this.lastUsedWritten.get(key.id);
    if (known === undefined && key.lastUsedAt) this.lastUsedWritten.set(key.id, key.lastUsedAt.getTime());
    return { keyId: key.id, keyName: key.name, roles: parseRoles(key.roles), bootstrap: false };
  }

  async create(input: {
    name: string;
    roles: ApiRole[];
    expiresAt?: Date | null;
  }): Promise<{ key: ApiKeyEntity; secret: string }> {
    const name = input.name.trim();
    if (name === '' || name.length > 128)
      throw new BadInputException('name', input.name, 'must be 1 to 128 characters');
    const roles = [...new Set(input.roles)];
    if (roles.length === 0)
      throw new BadInputException('roles', input.roles, `must name at least one role of ${API_ROLES.join(', ')}`);
    const now = new Date();
    if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
      throw new BadInputException('expiresAt', input.expiresAt.toISOString(), 'must be in the future');
    }
    const secret = `ek_${randomBytes(32).toString('base64url')}`;
    const key = Object.assign(new ApiKeyEntity(), {
      id: newId(),
      name,
      keyHash: hashSecret(secret),
      roles: JSON.stringify(roles),
      createdAt: now,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
      lastUsedAt: null,
    });
    await this.transactions.run(async (m) => {
      // Audit records and acknowledgements name the key: two keys in use under one name would blur who did what.
      const active = await m.find(ApiKeyEntity, {
        where: { revokedAt: IsNull() },
        select: { name: true, expiresAt: true },
      });
      const taken =
        name.toLowerCase() === BOOTSTRAP_KEY_ID.toLowerCase() ||
        active.some((k) => k.name.toLowerCase() === name.toLowerCase() && (!k.expiresAt || k.expiresAt > now));
      if (taken)
        throw new DomainException(
          'CONFLICT',
          `name: a key in use is already named ${quotedValue(name)}; choose another name or revoke that key first`,
          {
            field: 'name',
            value: input.name,
            problemZh: '已有同名的在用密钥，请换一个名称或先吊销该密钥',
          },
        );
      await m.insert(ApiKeyEntity, key);
    });
    return { key, secret };
  }

  async revoke(id: string): Promise<ApiKeyEntity> {
    return this.transactions.run(async (m) => {
      const key = await m.findOne(ApiKeyEntity, { where: { id } });
      if (!key)
        throw new NotFoundException(
          'API key',
          'id',
          id,
          id === BOOTSTRAP_KEY_ID ? 'ADMIN_API_KEY is configured in the environment; change or unset it there' : '',
        );
      if (key.revokedAt) return key;
      key.revokedAt = new Date();
      await m.update(ApiKeyEntity, { id }, { revokedAt: key.revokedAt });
      return key;
    });
  }

  async list(): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'ASC' } });
  }

  /**
   * Records that a key was used, once it has been allowed to do something (a refused request
   * writes nothing), at most once a minute per key.
   */
  async touch(principal: Principal): Promise<void> {
    if (principal.bootstrap || principal.userId) return;
    const now = Date.now();
    const written = this.lastUsedWritten.get(principal.keyId) ?? 0;
    if (now - written < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastUsedWritten.set(principal.keyId, now);
    // Bookkeeping never holds a request up for long, nor fails it (a locked SQLite file answers UNAVAILABLE later).
    const write = this.transactions
      .run((m) => m.update(ApiKeyEntity, { id: principal.keyId }, { lastUsedAt: new Date(now) }))
      .then(
        () => undefined,
        (error: unknown) => {
          this.lastUsedWritten.delete(principal.keyId);
          this.logger.warn(
            `could not record when API key ${principal.keyId} was last used: ${(error as Error).message}`,
          );
        },
      );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([write, new Promise<void>((resolve) => (timer = setTimeout(resolve, TOUCH_WAIT_MS)))]);
    clearTimeout(timer);
  }
}
