import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Env, loadEnv } from '../config/env.schema';
import { openDataSource } from './data-source.config';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Test helper (the tests in test/ and the unit specs next to the code): a database of its own for one
 * test suite: a fresh SQLite file, or (DB_TYPE=postgres) a fresh schema in the test database. Never a mock.
 */
export function testDatabaseEnv(): Record<string, string> {
  if (process.env.DB_TYPE === 'postgres') {
    return {
      DB_TYPE: 'postgres',
      DATABASE_URL: process.env.DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL,
      DB_SCHEMA: `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'emergency-test-'));
  return { DB_TYPE: 'sqlite', DB_PATH: join(dir, 'test.sqlite') };
}

export async function dropTestDatabase(env: Env): Promise<void> {
  if (env.DB_TYPE === 'postgres' && env.DB_SCHEMA) {
    const ds = new DataSource({ type: 'postgres', url: env.DATABASE_URL });
    await ds.initialize();
    try {
      await ds.query(`DROP SCHEMA IF EXISTS "${env.DB_SCHEMA}" CASCADE`);
    } finally {
      await ds.destroy();
    }
  } else if (env.DB_TYPE === 'sqlite') {
    rmSync(join(env.DB_PATH, '..'), { recursive: true, force: true });
  }
}

/** A test database with the migrations run, for a spec that needs rows but not the application. */
export interface TestDatabase {
  env: Env;
  dataSource: DataSource;
  /** Closes the connection and drops the database. */
  close(): Promise<void>;
}

export async function openTestDatabase(overrides: Record<string, string> = {}): Promise<TestDatabase> {
  const env = loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'warn', ...testDatabaseEnv(), ...overrides });
  const dataSource = await openDataSource(env);
  return {
    env,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await dropTestDatabase(env);
    },
  };
}
