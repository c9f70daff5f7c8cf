import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { runUnitOfWork } from './pg-unit-of-work.helper';
import {
  DatabaseUnavailableException,
  driverCode,
  isDatabaseBusy,
  SqliteWriteLock,
  writeLockOf,
} from './sqlite-write-lock.helper';
import { SqliteWalSync, walSyncOf } from './sqlite-wal-sync.helper';

/**
 * The one way the application writes. On Postgres each unit of work is a transaction on a pooled
 * connection. On SQLite TypeORM shares a single connection, so units of work are queued in this
 * process and take the write lock up front (BEGIN IMMEDIATE, see sqlite-write-lock.helper.ts).
 *
 * SQLite group commit: the units that queued while a transaction was running share the next one
 * (at most GROUP_MAX), and so one BEGIN, one COMMIT and one fsync. Each runs in a SAVEPOINT of its own
 * and is still atomic: one that throws is rolled back to its savepoint and fails alone, the others
 * commit. Their promises settle after the COMMIT, so a caller never acts on a write that could still
 * roll back; when the COMMIT (or the BEGIN) fails, every unit of the group fails and nothing of it
 * was written. A unit that finds the queue empty begins at once, alone, so a quiet service pays no
 * wait and no savepoint. The COMMIT's fsync runs on the thread pool (sqlite-wal-sync.helper.ts): the
 * next group begins meanwhile, and this group's promises settle once the disk confirmed it. When the WAL
 * has grown too long for the checkpoint thread to catch up, the queue waits a moment between two groups
 * (at most 200 ms, at most once a second) so that it can, and the WAL starts over.
 *
 * While another process holds the lock, attempts wait at most SQLITE_BUSY_TIMEOUT_MS each (that wait
 * blocks the event loop) and back off asynchronously in between. Two budgets, so that a burst of this
 * process's own writes is served while a lock held elsewhere is answered quickly: a unit of work that
 * another process's lock has kept from beginning for SQLITE_LOCK_WAIT_MS of its wait fails with
 * UNAVAILABLE (queued units too, without waiting for their turn), and one still queued behind this
 * process's earlier writes after SQLITE_QUEUE_WAIT_MS fails the same way. Either writes nothing.
 *
 * On Postgres a unit of work sends BEGIN only once it reads or changes something; one that only inserts
 * is sent as one statement (pg-unit-of-work.helper.ts). A unit of work that Postgres aborted as a
 * deadlock victim or a serialization failure (SQLSTATE 40P01, 40001) rolled back whole; it runs again,
 * at most PG_RETRIES more times after a short random pause, as the Postgres manual advises. So a unit
 * of work must only write through its manager and keep its side effects (queues, events) until after it
 * returns. A statement that waited
 * PG_LOCK_TIMEOUT_MS for a lock another session holds (lock_not_available, 55P03) is not retried: the
 * unit of work fails with UNAVAILABLE and writes nothing.
 */
@Injectable()
export class TransactionService {
  private readonly queue: QueuedUnit[] = [];
  private draining = false;
  /** Transactions committed and units of work they carried, since start (SQLite; for the benchmark and tests). */
  readonly groups = { transactions: 0, units: 0 };

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const lock = writeLockOf(this.dataSource);
    if (this.dataSource.options.type !== 'better-sqlite3' || !lock) {
      const started = Date.now();
      for (let retry = 0; ; retry++) {
        try {
          return this.dataSource.options.type === 'postgres'
            ? await runUnitOfWork(this.dataSource, work)
            : await this.dataSource.transaction(work);
        } catch (error) {
          if (retry >= PG_RETRIES || !isRetryableAbort(error)) return unavailableIfBusy(started)(error);
          await new Promise((done) => setTimeout(done, 5 + Math.random() * 20 * (retry + 1)));
        }
      }
    }
    return new Promise<T>((resolve, reject) => {
      const unit: QueuedUnit = {
        work,
        resolve: resolve as (value: unknown) => void,
        reject,
        queuedAt: Date.now(),
        timer: undefined,
      };
      this.queue.push(unit);
      if (this.draining) watchDeadlines(unit, lock, () => this.drop(unit));
      else void this.drain(lock);
    });
  }

  /**
   * A unit of work that is one statement (an append): on SQLite it is queued and grouped like any
   * other; on Postgres it runs on a pooled connection without BEGIN and COMMIT, one round trip instead
   * of three (a single statement is atomic by itself, and a deadlock victim is not retried).
   */
  async runStatement<T>(statement: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type === 'better-sqlite3') return this.run(statement);
    const started = Date.now();
    try {
      return await statement(this.dataSource.manager);
    } catch (error) {
      return unavailableIfBusy(started)(error);
    }
  }

  /** Runs the queue, group after group, until it is empty. */
  private async drain(lock: SqliteWriteLock): Promise<void> {
    this.draining = true;
    const wal = walSyncOf(this.dataSource);
    try {
      while (this.queue.length) {
        // Units that queue meanwhile join the next group; the event loop goes on serving.
        const quiet = wal?.quietMoment();
        if (quiet) await quiet;
        const group = this.queue.splice(0, GROUP_MAX);
        // (Every unit queued may have timed out meanwhile.)
        if (group.length === 0) continue;
        for (const unit of group) clearTimeout(unit.timer);
        try {
          await this.commitGroup(group, lock, wal);
        } catch (error) {
          // Nothing the group's own handling missed may escape the queue (an unhandled rejection stops
          // the process): its units fail with it (those already settled keep their outcome), the queue goes on.
          for (const unit of group) unit.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** A unit of work that timed out in the queue leaves it (its promise was rejected). */
  private drop(unit: QueuedUnit): void {
    const at = this.queue.indexOf(unit);
    if (at >= 0) this.queue.splice(at, 1);
  }

  private async commitGroup(group: QueuedUnit[], lock: SqliteWriteLock, wal: SqliteWalSync | undefined): Promise<void> {
    const queuedAt = group[0].queuedAt;
    lock.queuedAt = queuedAt;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      wal?.deferSync();
      await this.dataSource.transaction(async (m) => {
        outcomes.length = 0;
        if (group.length === 1) {
          outcomes.push({ ok: true, value: await group[0].work(m) });
          return;
        }
        for (const unit of group) {
          await m.query('SAVEPOINT unit_of_work');
          try {
            const value = await unit.work(m);
            await m.query('RELEASE unit_of_work');
            outcomes.push({ ok: true, value });
          } catch (error) {
            // Undoes this unit only; when SQLite already rolled the whole transaction back (an I/O
            // error, a full disk) this throws and the group fails.
            await m.query('ROLLBACK TO unit_of_work');
            await m.query('RELEASE unit_of_work');
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const unit of group) unit.reject(mapped(unavailableIfBusy(unit.queuedAt), error));
      return;
    } finally {
      lock.queuedAt = null;
      wal?.restore();
    }
    this.groups.transactions++;
    this.groups.units += group.length;
    // A unit that committed fails with `unsynced` when the disk refused to confirm it; one rolled back to
    // its savepoint fails with its own error either way (nothing of it was written).
    const settle = (unsynced?: unknown) =>
      group.forEach((unit, i) => {
        const outcome = outcomes[i];
        if (!outcome.ok) unit.reject(mapped(unavailableIfBusy(unit.queuedAt), outcome.error));
        else if (unsynced) unit.reject(unsynced);
        else unit.resolve(outcome.value);
      });
    // The next group begins while this one's WAL is synced on the thread pool; its units settle after.
    if (wal) wal.flushed().then(() => settle(), settle);
    else settle();
  }
}

/** The most units of work one SQLite transaction carries (group commit). */
export const GROUP_MAX = 64;

interface QueuedUnit {
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  queuedAt: number;
  timer: NodeJS.Timeout | undefined;
}

/** The error a mapper throws, as a value. */
function mapped(map: (error: unknown) => never, error: unknown): unknown {
  try {
    return map(error);
  } catch (thrown) {
    return thrown;
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
 * While `unit` waits in the queue: fails it with UNAVAILABLE when another process's lock has held the
 * queue up for SQLITE_LOCK_WAIT_MS, or the queue for SQLITE_QUEUE_WAIT_MS, and takes it out (`drop`).
 * The drain clears the timer when the unit's group begins.
 */
function watchDeadlines(unit: QueuedUnit, lock: SqliteWriteLock, drop: () => void): void {
  const check = () => {
    const now = Date.now();
    const queueDeadline = unit.queuedAt + lock.settings.queueWaitMs;
    const lockDeadline = lock.lockDeadline(unit.queuedAt);
    if (lock.waiting && now >= lockDeadline) {
      drop();
      return unit.reject(
        new DatabaseUnavailableException('the write lock is held by another process', now - unit.queuedAt),
      );
    }
    if (now >= queueDeadline) {
      drop();
      return unit.reject(
        new DatabaseUnavailableException('earlier changes are still waiting for the write lock', now - unit.queuedAt),
      );
    }
    const next = lock.waiting && lockDeadline > now ? lockDeadline : Math.max(lockDeadline, now + RECHECK_MS);
    unit.timer = setTimeout(check, Math.min(next, queueDeadline) - now);
  };
  unit.timer = setTimeout(check, Math.min(lock.settings.lockWaitMs, lock.settings.queueWaitMs));
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
