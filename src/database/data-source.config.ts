import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import type { Env } from '../config/env.schema';
import { ENTITIES } from './entities.registry';
import { MIGRATIONS } from './migrations';
import { BootError } from '../boot/boot.error';
import { installSqliteWriteLock, isDatabaseCorrupt } from './sqlite-write-lock.helper';
import { installWalSync } from './sqlite-wal-sync.helper';

/**
 * SQLite runs in WAL mode with synchronous=FULL (an acknowledged intake survives a power cut; group
 * commits get the same guarantee from a sync on the thread pool, sqlite-wal-sync.helper.ts),
 * a short busy timeout (SQLITE_BUSY_TIMEOUT_MS: the wait blocks the event loop), and write transactions
 * that take the write lock up front, retried asynchronously (BEGIN IMMEDIATE, see sqlite-write-lock.ts). Postgres gets an optional schema, which the tests use to isolate suites.
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
      ...(env.DB_SCHEMA ? { schema: env.DB_SCHEMA } : {}),
      extra: {
        // A statement waits for another session's row or table lock at most this long, then fails with
        // lock_not_available (55P03), which answers UNAVAILABLE (TransactionService, graphql-errors.formatter).
        lock_timeout: env.PG_LOCK_TIMEOUT_MS,
        // Read by insertRows (node-postgres ignores it): INSERTs as named prepared statements.
        preparedInserts: env.PG_PREPARED_STATEMENTS === 'on',
        ...(env.DB_SCHEMA ? { options: `-c search_path=${env.DB_SCHEMA}` } : {}),
      },
    };
  }
  const file = resolve(env.DB_PATH);
  mkdirSync(dirname(file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    timeout: env.SQLITE_BUSY_TIMEOUT_MS,
    prepareDatabase: (db: Database.Database) => {
      db.pragma(`busy_timeout = ${env.SQLITE_BUSY_TIMEOUT_MS}`);
      // Switching to WAL needs the lock once, on a file that is not WAL yet: allow it the total wait.
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') {
        db.pragma(`busy_timeout = ${Math.max(env.SQLITE_BUSY_TIMEOUT_MS, env.SQLITE_LOCK_WAIT_MS)}`);
        db.pragma('journal_mode = WAL');
        db.pragma(`busy_timeout = ${env.SQLITE_BUSY_TIMEOUT_MS}`);
      }
      db.pragma('synchronous = FULL');
    },
  };
}

/** What the boot integrity check found (readiness reports it). */
export interface BootIntegrity {
  /** `PRAGMA quick_check` on SQLite, `SELECT 1` on Postgres. */
  check: 'quick_check' | 'select';
  ok: boolean;
  result: string;
  checkedAt: string;
  durationMs: number;
}

const integrity = new WeakMap<DataSource, BootIntegrity>();

export function bootIntegrityOf(dataSource: DataSource): BootIntegrity | undefined {
  return integrity.get(dataSource);
}

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
  if (env.DB_TYPE === 'postgres') {
    await dataSource.initialize();
    await checkIntegrity(dataSource, 'select', async () => {
      await dataSource.query('SELECT 1');
      return 'ok';
    });
  } else {
    try {
      await dataSource.initialize();
      await checkIntegrity(dataSource, 'quick_check', async () => {
        const rows = (await dataSource.query('PRAGMA quick_check(5)')) as Array<{ quick_check: string }>;
        return rows.map((row) => row.quick_check).join('; ');
      });
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      throw sqliteBootError(env.DB_PATH, error);
    }
    await installWalSync(dataSource);
    installSqliteWriteLock(dataSource, {
      busyTimeoutMs: env.SQLITE_BUSY_TIMEOUT_MS,
      lockWaitMs: env.SQLITE_LOCK_WAIT_MS,
      queueWaitMs: env.SQLITE_QUEUE_WAIT_MS,
    });
    // Start-up may wait for another process migrating the same file: nothing is served yet, so block.
    await dataSource.query(
      `PRAGMA busy_timeout = ${Math.max(env.SQLITE_BUSY_TIMEOUT_MS, env.SQLITE_LOCK_WAIT_MS, 5000)}`,
    );
  }
  if (env.DB_TYPE === 'postgres') {
    await runPostgresMigrations(dataSource);
    return dataSource;
  }
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    if (dataSource.isInitialized) await dataSource.query(`PRAGMA busy_timeout = ${env.SQLITE_BUSY_TIMEOUT_MS}`);
  }
  return dataSource;
}

/**
 * Migrations on one connection without lock_timeout: start-up may wait for another instance migrating
 * the same database (nothing is served yet), where a request may not.
 */
async function runPostgresMigrations(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SET lock_timeout = 0');
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    await executor.executePendingMigrations();
  } finally {
    await runner.query('RESET lock_timeout').catch(() => undefined);
    await runner.release();
  }
}

/** The boot integrity check: a damaged database stops the start (BootError), its result is kept for readiness. */
async function checkIntegrity(
  dataSource: DataSource,
  check: BootIntegrity['check'],
  run: () => Promise<string>,
): Promise<void> {
  const started = Date.now();
  const result = await run();
  integrity.set(dataSource, {
    check,
    ok: result === 'ok',
    result: result.slice(0, 500),
    checkedAt: new Date().toISOString(),
    durationMs: Date.now() - started,
  });
  if (result !== 'ok') throw new IntegrityCheckError(result);
}

class IntegrityCheckError extends Error {
  constructor(readonly result: string) {
    super(`integrity check failed`);
  }
}

/** One line naming DB_PATH for what keeps a SQLite file from opening. */
export function sqliteBootError(path: string, error: unknown): Error {
  if (error instanceof BootError) return error;
  const move = 'restore it from a backup, or move it away to start with an empty database';
  if (error instanceof IntegrityCheckError) {
    const first =
      error.result
        .split(/\n|; /)
        .map((line) => line.trim())
        .find((line) => line && !line.startsWith('***'))
        ?.slice(0, 200) ?? 'failed';
    return new BootError(`DB_PATH=${path}: the database is damaged (PRAGMA quick_check: ${first}); ${move}`);
  }
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.driverError?.code ?? e?.code ?? '';
  if (code.startsWith('SQLITE_NOTADB'))
    return new BootError(`DB_PATH=${path}: not a SQLite database (wrong file, or damaged); ${move}`);
  if (isDatabaseCorrupt(error)) return new BootError(`DB_PATH=${path}: the database is damaged (${code}); ${move}`);
  if (code.startsWith('SQLITE_CANTOPEN')) return new BootError(`DB_PATH=${path}: cannot be opened (permissions?)`);
  if (/^SQLITE_(BUSY|LOCKED)/.test(code))
    return new BootError(`DB_PATH=${path}: locked by another process for longer than SQLITE_LOCK_WAIT_MS`);
  if (code.startsWith('SQLITE_')) return new BootError(`DB_PATH=${path}: ${code} ${e.message ?? ''}`.trim());
  return error as Error;
}
