import { open } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { SqliteCheckpointer } from './sqlite-checkpointer.helper';

/**
 * A group commit's fsync, off the event loop (SQLite in WAL mode).
 *
 * better-sqlite3 is synchronous: with synchronous=FULL every COMMIT waits for the WAL's fsync on the
 * event loop, which then serves nothing (0.5–2 ms a commit on the disks measured, a fifth of a
 * report's time). A group commit instead commits with synchronous=NORMAL (the WAL is written, not
 * synced) and this class syncs the WAL file (fdatasync) on libuv's thread pool; the group's units of
 * work settle only after that, so no caller is told of a write that is not on disk — the guarantee
 * of synchronous=FULL, which every other write on the connection keeps. Groups that commit while a
 * sync runs share the next one. fdatasync flushes the file's data whichever descriptor wrote it; the
 * file is opened for each sync, so a WAL that SQLite recreated is still the one synced.
 *
 * In WAL mode synchronous=NORMAL differs from FULL only in that sync at commit: SQLite still syncs
 * the WAL before each checkpoint and the WAL header when it starts reusing the file, so a crash at
 * any moment leaves a consistent database, holding at least every commit that was confirmed.
 */
export class SqliteWalSync {
  private committed = 0;
  /** The last commit a finished sync answered for (confirmed, or failed and told so). */
  private answered = 0;
  private syncing = false;
  private readonly waiters: Array<{ seq: number; resolve: () => void; reject: (error: unknown) => void }> = [];
  /** fdatasync calls made, and commits they confirmed (for the tests and the benchmark). */
  readonly counts = { syncs: 0, commits: 0 };
  private readonly normal: Database.Statement;
  private readonly full: Database.Statement;

  constructor(
    db: Database.Database,
    readonly walPath: string,
    private readonly checkpointer: Pick<SqliteCheckpointer, 'written' | 'needsQuiet' | 'quiet'> | null = null,
    private readonly sync: (path: string) => Promise<void> = fdatasync,
  ) {
    // Prepared once: both run around every group commit.
    this.normal = db.prepare('PRAGMA synchronous = NORMAL');
    this.full = db.prepare('PRAGMA synchronous = FULL');
  }

  /**
   * Before a group is taken from the queue: a quiet moment for the checkpoint thread when the WAL has
   * grown too long to start over by itself (sqlite-checkpointer.helper.ts), else null.
   */
  quietMoment(): Promise<void> | null {
    return this.checkpointer?.needsQuiet ? this.checkpointer.quiet() : null;
  }

  /** Before a group's BEGIN: its COMMIT writes the WAL without waiting for the disk. */
  deferSync(): void {
    this.normal.run();
  }

  /** After its COMMIT or ROLLBACK: any other write commits with fsync again. */
  restore(): void {
    // (Not on a connection closed meanwhile, by a shutdown while the group waited for the lock.)
    if (this.full.database.open) this.full.run();
  }

  /** Resolves once everything committed so far is on disk; rejects when the disk refused the sync. */
  flushed(): Promise<void> {
    const seq = ++this.committed;
    this.checkpointer?.written();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ seq, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.syncing || this.answered >= this.committed) return;
    this.syncing = true;
    const target = this.committed;
    this.sync(this.walPath).then(
      () => this.settle(target, null),
      (error: unknown) => this.settle(target, new WalSyncException(error)),
    );
  }

  private settle(target: number, error: WalSyncException | null): void {
    this.syncing = false;
    this.counts.syncs++;
    this.answered = target;
    let i = 0;
    while (i < this.waiters.length && this.waiters[i].seq <= target) i++;
    const done = this.waiters.splice(0, i);
    this.counts.commits += done.length;
    for (const waiter of done) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
    this.next();
  }
}

/** The disk did not confirm a commit: it is in the WAL but may not survive a power cut. */
export class WalSyncException extends DomainException {
  constructor(cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    super(
      'UNAVAILABLE',
      `the change was written but the disk did not confirm it (fdatasync: ${typeof code === 'string' ? code : 'failed'}); ` +
        'retry: a report with the same idempotencyKey returns the incident',
      { retryAfterSeconds: 1 },
    );
  }
}

async function fdatasync(path: string): Promise<void> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    // No WAL: the last connection closed, and SQLite checkpointed it into the synced database file.
    if ((error as { code?: unknown }).code === 'ENOENT') return;
    throw error;
  }
  try {
    await file.datasync();
  } finally {
    await file.close();
  }
}

const installed = new WeakMap<DataSource, { sync: SqliteWalSync; checkpointer: SqliteCheckpointer }>();

export function walSyncOf(dataSource: DataSource): SqliteWalSync | undefined {
  return installed.get(dataSource)?.sync;
}

/** The checkpoint thread of a SQLite DataSource in WAL mode (its counts, for the benchmark). */
export function checkpointerOf(dataSource: DataSource): SqliteCheckpointer | undefined {
  return installed.get(dataSource)?.checkpointer;
}

/**
 * On a SQLite DataSource in WAL mode: group commits confirm on the thread pool (TransactionService),
 * and checkpoints run on a thread of their own (sqlite-checkpointer.helper.ts), stopped when the
 * DataSource is destroyed.
 */
export async function installWalSync(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const file = dataSource.options.database;
  const db = (dataSource.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return;
  const checkpointer = new SqliteCheckpointer(db, file, (reason) => new Logger('Database').warn(reason));
  installed.set(dataSource, { sync: new SqliteWalSync(db, `${file}-wal`, checkpointer), checkpointer });
  await checkpointer.start();
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await checkpointer.stop();
    return destroy();
  };
}
