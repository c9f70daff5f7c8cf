import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DatabaseUnavailableException, isDatabaseBusy, writeLockOf } from './sqlite-write-lock.helper';

/**
 * The one way the application writes. On Postgres each unit of work is a transaction on a pooled
 * connection. On SQLite TypeORM shares a single connection, so units of work are queued in this
 * process and each takes the write lock up front (BEGIN IMMEDIATE, see sqlite-write-lock.ts). While
 * another process holds the lock, attempts wait at most SQLITE_BUSY_TIMEOUT_MS each (that wait blocks
 * the event loop) and back off asynchronously in between; a unit of work that has not begun within
 * SQLITE_LOCK_WAIT_MS of being queued fails with UNAVAILABLE and writes nothing.
 *
 * On Postgres a unit of work that Postgres aborted as a deadlock victim or a serialization failure
 * (SQLSTATE 40P01, 40001) rolled back whole; it runs again, at most PG_RETRIES more times after a
 * short random pause, as the Postgres manual advises. So a unit of work must only write through its
 * manager and keep its side effects (queues, events) until after it returns.
 */
@Injectable()
export class TransactionService {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const lock = writeLockOf(this.dataSource);
    if (this.dataSource.options.type !== 'better-sqlite3' || !lock) {
      for (let retry = 0; ; retry++) {
        try {
          return await this.dataSource.transaction(work);
        } catch (error) {
          if (retry >= PG_RETRIES || !isRetryableAbort(error)) return unavailableIfBusy(0)(error);
          await new Promise((done) => setTimeout(done, 5 + Math.random() * 20 * (retry + 1)));
        }
      }
    }
    const queuedAt = Date.now();
    const deadline = queuedAt + lock.settings.lockWaitMs;
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    try {
      await beforeDeadline(previous, deadline, queuedAt);
    } catch (error) {
      // Keep the order: the next in line waits for the one before us, not for us.
      void previous.then(release);
      throw error;
    }
    try {
      lock.deadline = deadline;
      return await this.dataSource.transaction(work).catch(unavailableIfBusy(queuedAt));
    } finally {
      lock.deadline = null;
      release();
    }
  }
}

/** How many times a unit of work the database aborted (deadlock, serialization) runs again. */
export const PG_RETRIES = 3;

/** Postgres aborted the transaction to break a deadlock or keep serializability: nothing was written. */
export function isRetryableAbort(error: unknown): boolean {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ??
    (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** Waits for `turn`, or fails with UNAVAILABLE when the deadline comes first. */
function beforeDeadline(turn: Promise<void>, deadline: number, queuedAt: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new DatabaseUnavailableException(
            'earlier changes are still waiting for the write lock',
            Date.now() - queuedAt,
          ),
        ),
      Math.max(0, deadline - Date.now()),
    );
    void turn.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A statement inside the unit of work that still met a lock (a read during another process's checkpoint). */
function unavailableIfBusy(queuedAt: number) {
  return (error: unknown): never => {
    if (isDatabaseBusy(error))
      throw new DatabaseUnavailableException('the database is locked', queuedAt ? Date.now() - queuedAt : 0);
    throw error;
  };
}
