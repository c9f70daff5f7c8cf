import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ApiKeyService } from './api-key.service';
import { ApiKeyEntity } from './entities/api-key.entity';
import { API_ROLES } from './roles';

export const FIRST_START_KEY_NAME = 'first-start admin';

/**
 * Every GraphQL operation needs a key. When ADMIN_API_KEY is unset and no key exists yet (the
 * quick start), one admin key is created at first start and its secret is printed once, so the
 * service can be used at once; it is stored hashed like any key and can be revoked.
 */
@Injectable()
export class ApiKeyBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureFirstKey();
  }

  /** Creates the first-start admin key when it is needed; returns its secret, or null. */
  async ensureFirstKey(): Promise<string | null> {
    if (this.config.env.ADMIN_API_KEY) return null;
    if ((await this.dataSource.getRepository(ApiKeyEntity).count()) > 0) return null;
    const { secret } = await this.keys.create({ name: FIRST_START_KEY_NAME, roles: [...API_ROLES] });
    this.logger.warn(
      `No API key existed and ADMIN_API_KEY is unset: created the admin key "${FIRST_START_KEY_NAME}". ` +
        `Its secret is shown only now: ${secret}  (send "Authorization: Bearer <secret>"; create narrower keys with createApiKey and revoke this one)`,
    );
    return secret;
  }
}
