import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { Env } from '../config/env.schema';
import { ENTITIES } from './entities.registry';
import { MIGRATIONS } from './migrations';
import { useImmediateTransactions } from './transaction.service';

/**
 * SQLite runs in WAL mode with synchronous=FULL (an acknowledged intake survives a power cut),
 * a busy timeout, and write transactions that take the write lock up front (BEGIN IMMEDIATE, see
 * transaction.service.ts). Postgres gets an optional schema, which the tests use to isolate suites.
 */
export function dataSourceOptions(env: Env): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  if (env.DB_TYPE === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: env.DATABASE_URL,
      ...(env.DB_SCHEMA ? { schema: env.DB_SCHEMA, extra: { options: `-c search_path=${env.DB_SCHEMA}` } } : {}),
    };
  }
  const file = resolve(env.DB_PATH);
  mkdirSync(dirname(file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    prepareDatabase: (db: Database.Database) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    },
  };
}

export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Opens the database and brings its schema up to date. */
export async function openDataSource(env: Env): Promise<DataSource> {
  if (env.DB_TYPE === 'postgres' && env.DB_SCHEMA) {
    const bootstrap = new DataSource({ type: 'postgres', url: env.DATABASE_URL });
    await bootstrap.initialize();
    try {
      await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${env.DB_SCHEMA}"`);
    } finally {
      await bootstrap.destroy();
    }
  }
  const dataSource = new DataSource(dataSourceOptions(env));
  await dataSource.initialize();
  useImmediateTransactions(dataSource);
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
