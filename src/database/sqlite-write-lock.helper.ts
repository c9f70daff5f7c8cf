import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';

/**
 * How long SQLite may wait for its write lock. `busyTimeoutMs` is the wait inside one attempt, which
 * blocks the event loop (better-sqlite3 is synchronous), so it is short. Two budgets bound the rest:
 * `lockWaitMs` is how long another process's lock may keep a queued write from beginning (retrying
 * with asynchronous backoff) before it is refused with UNAVAILABLE; `queueWaitMs` is how long a write
 * may wait in this process's queue behind earlier writes of its own that are making progress (a burst).
 */
export interface SqliteLockSettings {
  busyTimeoutMs: number;
  lockWaitMs: number;
  queueWaitMs: number;
}

export const DEFAULT_SQLITE_LOCK_SETTINGS: SqliteLockSettings = {
  busyTimeoutMs: 1,
  lockWaitMs: 500,
  queueWaitMs: 5000,
};

/**
 * Pauses between attempts to take the write lock (ms); the last one repeats. Jittered ±25 %. Another
 * process's transactions are short (a group commit takes a few ms), so a waiter looks again at that
 * scale: with pauses growing to 200 ms a worker process beside the API missed most of the moments the
 * lock was free and fell seconds behind (bench: report→delivered with a worker process).
 */
export const LOCK_BACKOFF_MS = [2, 4, 8, 12, 16, 20];

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
 * The write-lock state of one SQLite DataSource. Units of work run one at a time in a process
 * (TransactionService), so one `queuedAt` field is enough; `blockedSince` and `waiting` tell the units
 * queued behind whether another process's lock is what holds them up.
 */
export class SqliteWriteLock {
  /** When the unit of work beginning now was queued (set by TransactionService before it begins). */
  queuedAt: number | null = null;
  /** Since when attempts have met another process's lock (null once an attempt took the lock). */
  blockedSince: number | null = null;
  /** True while a unit of work retries BEGIN IMMEDIATE against another process's lock. */
  waiting = false;

  constructor(readonly settings: SqliteLockSettings) {}

  /**
   * When a write queued at `queuedAt` is refused because another process holds the lock: once the lock
   * has been held elsewhere for `lockWaitMs` of the time it waited.
   */
  lockDeadline(queuedAt: number): number {
    return Math.max(queuedAt, this.blockedSince ?? queuedAt) + this.settings.lockWaitMs;
  }

  /**
   * Runs `begin` (BEGIN IMMEDIATE) until it takes the lock; while SQLITE_BUSY, waits asynchronously
   * (the event loop keeps serving reads) and retries until lockDeadline(), then throws UNAVAILABLE.
   */
  async acquire<T>(begin: () => Promise<T>): Promise<T> {
    const queuedAt = this.queuedAt ?? Date.now();
    try {
      for (let attempt = 0; ; attempt++) {
        const tried = Date.now();
        try {
          const begun = await begin();
          this.blockedSince = null;
          return begun;
        } catch (error) {
          if (!isDatabaseBusy(error)) throw error;
          this.blockedSince ??= tried;
          this.waiting = true;
          const left = this.lockDeadline(queuedAt) - Date.now();
          if (left <= 0)
            throw new DatabaseUnavailableException('the write lock is held by another process', Date.now() - queuedAt);
          const pause = LOCK_BACKOFF_MS[Math.min(attempt, LOCK_BACKOFF_MS.length - 1)] * (0.75 + Math.random() / 2);
          await sleep(Math.min(pause, left));
        }
      }
    } finally {
      this.waiting = false;
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
