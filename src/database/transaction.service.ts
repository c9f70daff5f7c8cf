import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  DatabaseUnavailableException,
  driverCode,
  isDatabaseBusy,
  SqliteWriteLock,
  writeLockOf,
} from './sqlite-write-lock.helper';

/**
 * The one way the application writes. On Postgres each unit of work is a transaction on a pooled
 * connection. On SQLite TypeORM shares a single connection, so units of work are queued in this
 * process and each takes the write lock up front (BEGIN IMMEDIATE, see sqlite-write-lock.helper.ts). While
 * another process holds the lock, attempts wait at most SQLITE_BUSY_TIMEOUT_MS each (that wait blocks
 * the event loop) and back off asynchronously in between. Two budgets, so that a burst of this
 * process's own writes is served while a lock held elsewhere is answered quickly: a unit of work that
 * another process's lock has kept from beginning for SQLITE_LOCK_WAIT_MS of its wait fails with
 * UNAVAILABLE (queued units too, without waiting for their turn), and one still queued behind this
 * process's earlier writes after SQLITE_QUEUE_WAIT_MS fails the same way. Either writes nothing.
 *
 * On Postgres a unit of work that Postgres aborted as a deadlock victim or a serialization failure
 * (SQLSTATE 40P01, 40001) rolled back whole; it runs again, at most PG_RETRIES more times after a
 * short random pause, as the Postgres manual advises. So a unit of work must only write through its
 * manager and keep its side effects (queues, events) until after it returns. A statement that waited
 * PG_LOCK_TIMEOUT_MS for a lock another session holds (lock_not_available, 55P03) is not retried: the
 * unit of work fails with UNAVAILABLE and writes nothing.
 */
@Injectable()
export class TransactionService {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const lock = writeLockOf(this.dataSource);
    if (this.dataSource.options.type !== 'better-sqlite3' || !lock) {
      const started = Date.now();
      for (let retry = 0; ; retry++) {
        try {
          return await this.dataSource.transaction(work);
        } catch (error) {
          if (retry >= PG_RETRIES || !isRetryableAbort(error)) return unavailableIfBusy(started)(error);
          await new Promise((done) => setTimeout(done, 5 + Math.random() * 20 * (retry + 1)));
        }
      }
    }
    const queuedAt = Date.now();
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    try {
      await awaitTurn(previous, lock, queuedAt);
    } catch (error) {
      // Keep the order: the next in line waits for the one before us, not for us.
      void previous.then(release);
      throw error;
    }
    try {
      lock.queuedAt = queuedAt;
      return await this.dataSource.transaction(work).catch(unavailableIfBusy(queuedAt));
    } finally {
      lock.queuedAt = null;
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

/** How often a queued unit of work looks whether another process's lock is what holds it up (ms). */
const RECHECK_MS = 50;

/**
 * Waits for `turn` (the units of work queued before this one), or fails with UNAVAILABLE when another
 * process's lock has held the queue up for SQLITE_LOCK_WAIT_MS, or the queue for SQLITE_QUEUE_WAIT_MS.
 */
function awaitTurn(turn: Promise<void>, lock: SqliteWriteLock, queuedAt: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      const now = Date.now();
      const queueDeadline = queuedAt + lock.settings.queueWaitMs;
      const lockDeadline = lock.lockDeadline(queuedAt);
      if (lock.waiting && now >= lockDeadline)
        return reject(new DatabaseUnavailableException('the write lock is held by another process', now - queuedAt));
      if (now >= queueDeadline)
        return reject(
          new DatabaseUnavailableException('earlier changes are still waiting for the write lock', now - queuedAt),
        );
      const next = lock.waiting && lockDeadline > now ? lockDeadline : Math.max(lockDeadline, now + RECHECK_MS);
      timer = setTimeout(check, Math.min(next, queueDeadline) - now);
    };
    timer = setTimeout(check, Math.min(lock.settings.lockWaitMs, lock.settings.queueWaitMs));
    void turn.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A statement inside the unit of work that still met a lock: on SQLite a read during another process's
 * checkpoint; on Postgres a row or table lock another session held past PG_LOCK_TIMEOUT_MS (55P03).
 */
function unavailableIfBusy(since: number) {
  return (error: unknown): never => {
    if (isDatabaseBusy(error))
      throw new DatabaseUnavailableException(
        driverCode(error) === '55P03' ? 'another session holds a lock it needs' : 'the database is locked',
        Date.now() - since,
      );
    throw error;
  };
}
