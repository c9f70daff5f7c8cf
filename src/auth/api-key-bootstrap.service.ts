import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { ApiKeyService } from './api-key.service';
import { ApiKeyEntity } from './entities/api-key.entity';
import { API_ROLES } from './api-role.enum';

export const FIRST_START_KEY_NAME = 'first-start admin';

/** The documented command that gives a new admin key when the first-start one is lost. */
export const RECOVER_KEY_COMMAND = 'npm run admin-key';

/**
 * Every GraphQL operation needs a key. When ADMIN_API_KEY is unset and no key exists yet (the
 * quick start), the server's first start creates one admin key once it is listening, and writes its
 * secret to a file only its user can read (ADMIN_KEY_FILE): a log line names the file, never the secret,
 * since logs are shipped to collectors that many people read. Only the server does this (never roster:import, the worker or other scripts), and
 * only once it is ready, so the key is never printed by a start that then fails. If the secret is
 * lost, `npm run admin-key` revokes the first-start key and prints a new one.
 */
@Injectable()
export class ApiKeyBootstrapService {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyService,
  ) {}

  /** Called by main.ts once the server listens: creates the first-start key when needed and writes its secret. */
  async serverReady(): Promise<string | null> {
    const secret = await this.ensureFirstKey();
    if (!secret) return null;
    const file = this.keyFile();
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${secret}\n`, { mode: 0o600 });
      chmodSync(file, 0o600); // an older file keeps its mode on overwrite
      this.logger.warn(
        `No API key existed and ADMIN_API_KEY is unset: created the admin key "${FIRST_START_KEY_NAME}"; ` +
          `its secret is in ${file} (readable by this user only; send "Authorization: Bearer <secret>", ` +
          `create narrower keys with createApiKey, then revoke this one and delete the file; lost it? ${RECOVER_KEY_COMMAND} prints a new one)`,
      );
    } catch (error) {
      this.logger.error(
        `Created the admin key "${FIRST_START_KEY_NAME}" but could not write its secret to ADMIN_KEY_FILE=${file} ` +
          `(${(error as NodeJS.ErrnoException).code ?? 'error'}): run ${RECOVER_KEY_COMMAND} for a new one`,
      );
    }
    return secret;
  }

  /** ADMIN_KEY_FILE, or first-start-admin-key beside the SQLite file (the data directory). */
  keyFile(): string {
    const env = this.config.env;
    return resolve(env.ADMIN_KEY_FILE ?? join(dirname(env.DB_PATH), 'first-start-admin-key'));
  }

  /** Creates the first-start admin key when it is needed; returns its secret, or null. */
  async ensureFirstKey(): Promise<string | null> {
    if (this.config.env.ADMIN_API_KEY) return null;
    if ((await this.dataSource.getRepository(ApiKeyEntity).count()) > 0) return null;
    const { secret } = await this.keys.create({ name: FIRST_START_KEY_NAME, roles: [...API_ROLES] });
    return secret;
  }

  /**
   * A new admin key for whoever can reach the database (npm run admin-key): revokes the
   * first-start keys still active and creates a new one. Returns its secret and what was revoked.
   */
  async recover(): Promise<{ secret: string; revoked: number; file: string | null }> {
    const repository = this.dataSource.getRepository(ApiKeyEntity);
    const active = await repository.find({ where: { name: FIRST_START_KEY_NAME, revokedAt: IsNull() } });
    for (const key of active) await this.keys.revoke(key.id);
    const { secret } = await this.keys.create({ name: FIRST_START_KEY_NAME, roles: [...API_ROLES] });
    // The first start's key file would hold the revoked secret: it gets the new one (the README reads it there).
    const file = this.keyFile();
    if (!existsSync(file)) return { secret, revoked: active.length, file: null };
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return { secret, revoked: active.length, file };
  }
}
