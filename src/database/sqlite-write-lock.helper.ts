import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';

/**
 * How long SQLite may wait for its write lock. `busyTimeoutMs` is the wait inside one attempt, which
 * blocks the event loop (better-sqlite3 is synchronous), so it is short; `lockWaitMs` is the total a
 * unit of work may wait, queued in this process and retrying with asynchronous backoff, before it is
 * refused with UNAVAILABLE.
 */
export interface SqliteLockSettings {
  busyTimeoutMs: number;
  lockWaitMs: number;
}

export const DEFAULT_SQLITE_LOCK_SETTINGS: SqliteLockSettings = { busyTimeoutMs: 50, lockWaitMs: 3000 };

/** Pauses between attempts to take the write lock (ms); the last one repeats. Jittered ±25 %. */
export const LOCK_BACKOFF_MS = [5, 10, 20, 40, 80, 120, 160, 200];

/** The write could not be done in time: the database is locked (by another process) or refuses; nothing was written. */
export class DatabaseUnavailableException extends DomainException {
  constructor(reason: string, waitedMs: number) {
    super(
      'UNAVAILABLE',
      `the database could not take the change within ${waitedMs} ms (${reason}); nothing was written, retry shortly`,
      {
        retryAfterSeconds: 1,
      },
    );
  }
}

/** SQLITE_BUSY / SQLITE_LOCKED (and their extended codes), from better-sqlite3 directly or wrapped by TypeORM. */
export function isDatabaseBusy(error: unknown): boolean {
  const code = driverCode(error);
  return /^SQLITE_(BUSY|LOCKED)/.test(code) || code === '55P03'; // Postgres lock_not_available
}

/** SQLITE_CORRUPT / SQLITE_NOTADB: the file is damaged. */
export function isDatabaseCorrupt(error: unknown): boolean {
  return /^SQLITE_(CORRUPT|NOTADB)/.test(driverCode(error));
}

/** The driver's error code (SQLITE_… or a Postgres SQLSTATE), or "". */
export function driverCode(error: unknown): string {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * The write-lock state of one SQLite DataSource: the deadline of the unit of work running now (set by
 * TransactionService before it begins) and the settings. Units of work run one at a time in a process,
 * so one deadline field is enough.
 */
export class SqliteWriteLock {
  deadline: number | null = null;

  constructor(readonly settings: SqliteLockSettings) {}

  /**
   * Runs `begin` (BEGIN IMMEDIATE) until it takes the lock; while SQLITE_BUSY, waits asynchronously
   * (the event loop keeps serving reads) and retries until the deadline, then throws UNAVAILABLE.
   */
  async acquire<T>(begin: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const deadline = this.deadline ?? started + this.settings.lockWaitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await begin();
      } catch (error) {
        if (!isDatabaseBusy(error)) throw error;
        const pause = LOCK_BACKOFF_MS[Math.min(attempt, LOCK_BACKOFF_MS.length - 1)] * (0.75 + Math.random() / 2);
        const left = deadline - Date.now();
        if (left <= 0) throw new DatabaseUnavailableException('the write lock is held elsewhere', Date.now() - started);
        await sleep(Math.min(pause, left));
      }
    }
  }
}

const locks = new WeakMap<DataSource, SqliteWriteLock>();

export function writeLockOf(dataSource: DataSource): SqliteWriteLock | undefined {
  return locks.get(dataSource);
}

/**
 * Makes TypeORM's SQLite transactions begin with BEGIN IMMEDIATE (the write lock up front, so other
 * processes on the same file never deadlock on a lock upgrade), retried asynchronously while busy.
 */
export function installSqliteWriteLock(dataSource: DataSource, settings: SqliteLockSettings): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const lock = new SqliteWriteLock(settings);
  locks.set(dataSource, lock);
  // The better-sqlite3 driver hands out one shared query runner; patch its BEGIN.
  const runner = dataSource.driver.createQueryRunner('master') as unknown as {
    query: (...args: unknown[]) => Promise<unknown>;
    isTransactionActive: boolean;
  };
  const query = runner.query.bind(runner);
  runner.query = async (sql: unknown, ...rest: unknown[]) => {
    if (sql !== 'BEGIN TRANSACTION') return query(sql, ...rest);
    try {
      return await lock.acquire(() => query('BEGIN IMMEDIATE TRANSACTION', ...rest));
    } catch (error) {
      // No transaction began: keep TypeORM's runner from believing one did (its ROLLBACK would fail).
      runner.isTransactionActive = false;
      throw error;
    }
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
