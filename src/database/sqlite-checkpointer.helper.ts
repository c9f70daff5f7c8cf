import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * SQLite's WAL checkpoints, on a thread of their own.
 *
 * By default the connection that commits the transaction that takes the WAL past 1,000 pages copies
 * the WAL back into the database file inside that COMMIT, and syncs both files: 5–20 ms during which
 * better-sqlite3 holds the event loop (a third of all COMMIT time under intake load on the disks
 * measured). Here the application's connection does not checkpoint (`wal_autocheckpoint = 0`); a
 * worker thread with a connection of its own runs `PRAGMA wal_checkpoint(PASSIVE)` every
 * `intervalMs` (200 ms) after writes, which never blocks a writer or a reader. Once a checkpoint has
 * copied every frame, the next write starts the WAL over from its beginning, so it stays small.
 *
 * Under a steady stream of writes that moment never comes by itself: each checkpoint ends with frames
 * written while it ran, and the WAL grew by some 5 MB a second under intake load (disk, recovery time at
 * the next start, the last close's checkpoint). So once the thread's answer shows the WAL past
 * `restartPages` without having started over, the writer gives it a quiet moment (`needsQuiet`, `quiet`;
 * TransactionService between two group commits, asynchronously: the event loop goes on serving): the
 * thread copies what is left and the next write starts the WAL over. A quiet moment lasts at most
 * `quietMaxMs` and comes at most once every `quietEveryMs`, so a reader in another process that holds
 * an old snapshot (the WAL cannot start over under it) costs no more than that.
 *
 * Quiet moments hold this process's writers only. Where other processes use the same file (worker
 * processes: their reads hold snapshots in the WAL, their writes add frames) the WAL grew to 45,000 pages
 * in the bench's worker windows all the same. So once it is past `hardPages`, the thread's next checkpoint
 * is a RESTART: it waits (at most RESTART_BUSY_MS at a time, on its own thread) for the writer of the
 * moment to finish, holds new writers in every process while it copies what is left, and waits for the
 * readers to leave the WAL, so that the next write starts it over.
 *
 * Should the thread fail to start or stop for any reason, the connection checkpoints by itself again
 * (`wal_autocheckpoint = 1000`, SQLite's default): checkpoints back on the event loop, never none.
 */
export class SqliteCheckpointer {
  private worker: Worker | null = null;
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  /** Checkpoints asked of the thread (it answers them in order; `counts.runs` counts the answers). */
  private posted = 0;
  /** Callers waiting for the answer to checkpoint `seq`. */
  private readonly waiting: Array<{ seq: number; done: () => void }> = [];
  /** The last quiet moment's checkpoint, and when it ended. */
  private quietSeq = 0;
  private quietEnded = -Infinity;
  /** The last RESTART checkpoint asked for. */
  private restartSeq = 0;
  private readonly settings: CheckpointSettings;
  private handedOver = false;
  private listeners: Listeners = { message: () => undefined, error: () => undefined, exit: () => undefined };
  /** Checkpoints run, and the last one's answer (for the tests and the benchmark). */
  readonly counts = { runs: 0, failures: 0, quiets: 0, quietMs: 0, restarts: 0 };
  last: { log: number; checkpointed: number } | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly onFailure: (reason: string) => void,
    settings: Partial<CheckpointSettings> = {},
  ) {
    this.settings = { ...CHECKPOINT_SETTINGS, ...settings };
  }

  /** Starts the thread; resolves once it holds its connection and checkpoints are its job. */
  async start(): Promise<void> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file: this.file },
      // It keeps a connection and answers a pragma: a small heap of its own (RSS stays the service's).
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    this.worker = worker;
    worker.unref();
    // (Only listeners of its own are removed: the Worker's own ones start and stop its message port.)
    const listeners: Listeners = { message: () => undefined, error: () => undefined, exit: () => undefined };
    try {
      await new Promise<void>((resolve, reject) => {
        listeners.message = (m: Answer) => (m.ok ? resolve() : reject(new Error(m.error)));
        listeners.error = reject;
        listeners.exit = (code: number) => reject(new Error(`exited with code ${code}`));
        listen(worker, listeners);
      });
    } catch (error) {
      this.fail(`the checkpoint thread did not start: ${(error as Error).message}`);
      return;
    } finally {
      unlisten(worker, listeners);
    }
    this.listeners = {
      message: (m: Answer) => this.answered(m),
      error: (error: Error) => this.fail(`the checkpoint thread failed: ${error.message}`),
      exit: (code: number) => this.fail(`the checkpoint thread exited with code ${code}`),
    };
    listen(worker, this.listeners);
    this.db.pragma('wal_autocheckpoint = 0');
    this.handedOver = true;
    this.timer = setInterval(() => this.tick(), this.settings.intervalMs).unref();
  }

  /** A transaction committed: the WAL has frames to copy back. */
  written(): void {
    this.dirty = true;
  }

  /**
   * True when the thread's last answer, given after the last quiet moment, found the WAL past
   * `restartPages` frames: writers should give it a quiet moment (at most once every `quietEveryMs`).
   */
  get needsQuiet(): boolean {
    return (
      this.worker !== null &&
      this.last !== null &&
      this.last.log >= this.settings.restartPages &&
      this.counts.runs > this.quietSeq &&
      Date.now() - this.quietEnded >= this.settings.quietEveryMs
    );
  }

  /**
   * A checkpoint now, while the caller writes nothing: it copies every frame left, so the next write
   * starts the WAL over. Resolves when the thread answered, or after `quietMaxMs` whatever it does.
   */
  quiet(): Promise<void> {
    if (!this.worker) return Promise.resolve();
    this.dirty = false;
    const seq = this.post('checkpoint');
    this.quietSeq = seq;
    this.counts.quiets++;
    const started = Date.now();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.quietEnded = Date.now();
        this.counts.quietMs += this.quietEnded - started;
        resolve();
      };
      const timer = setTimeout(done, this.settings.quietMaxMs);
      this.waiting.push({ seq, done });
    });
  }

  /** Stops the thread (closing its connection); the application's connection checkpoints by itself again. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.release();
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 1000)))]);
    clearTimeout(timer);
    await worker.terminate();
  }

  private tick(): void {
    if (!this.dirty || this.posted > this.counts.runs || !this.worker) return;
    this.dirty = false;
    // (The answer to a RESTART still counts the frames it copied: only a later answer may ask for another.)
    const restart =
      this.last !== null && this.last.log >= this.settings.hardPages && this.counts.runs > this.restartSeq;
    if (!restart) return void this.post('checkpoint');
    this.counts.restarts++;
    this.restartSeq = this.post('restart');
  }

  private post(mode: 'checkpoint' | 'restart'): number {
    this.worker!.postMessage(mode);
    return ++this.posted;
  }

  private answered(m: Answer): void {
    this.counts.runs++;
    if (m.ok) this.last = { log: m.log ?? 0, checkpointed: m.checkpointed ?? 0 };
    else {
      // SQLITE_BUSY (another checkpoint, another process's exclusive lock): the next tick tries again.
      this.counts.failures++;
      this.dirty = true;
    }
    while (this.waiting.length && this.waiting[0].seq <= this.counts.runs) this.waiting.shift()!.done();
  }

  private fail(reason: string): void {
    const worker = this.worker;
    this.release();
    if (!worker) return;
    void worker.terminate();
    this.onFailure(`${reason}; checkpoints run on the event loop again`);
  }

  private release(): void {
    if (this.worker) unlisten(this.worker, this.listeners);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.worker = null;
    for (const waiter of this.waiting.splice(0)) waiter.done();
    if (this.handedOver && this.db.open) this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
    this.handedOver = false;
  }
}

export interface CheckpointSettings {
  /** How often the thread looks for written frames to copy back (ms). */
  intervalMs: number;
  /** WAL frames (pages) past which writers give the thread a quiet moment so the WAL starts over. */
  restartPages: number;
  /** The longest a quiet moment holds the writers (ms). */
  quietMaxMs: number;
  /** The shortest time from the end of a quiet moment to the next (ms). */
  quietEveryMs: number;
  /** WAL frames past which the thread's checkpoint is a RESTART, which holds the writers of every process. */
  hardPages: number;
}

/**
 * 4,000 pages: a WAL of about 16 MB, four times what SQLite lets it grow to by itself (1,000 pages), so
 * that a quiet moment (the last frames copied and the database file synced: a few ms on the disks
 * measured) comes every few seconds under intake load, not several times a second.
 */
export const CHECKPOINT_SETTINGS: CheckpointSettings = {
  intervalMs: 200,
  restartPages: 4000,
  quietMaxMs: 200,
  quietEveryMs: 1000,
  hardPages: 12000,
};

/** The longest the thread's connection waits for a lock (ms): it blocks that thread only. */
const THREAD_BUSY_MS = 1000;

/** The longest a RESTART checkpoint waits for a writer to finish or a reader to leave the WAL (ms). */
const RESTART_BUSY_MS = 100;

/** SQLite's own default: a checkpoint when a COMMIT takes the WAL past this many pages. */
const DEFAULT_AUTOCHECKPOINT = 1000;

interface Listeners {
  message: (m: Answer) => void;
  error: (error: Error) => void;
  exit: (code: number) => void;
}

function listen(worker: Worker, l: Listeners): void {
  worker.on('message', l.message).on('error', l.error).on('exit', l.exit);
}

function unlisten(worker: Worker, l: Listeners): void {
  worker.off('message', l.message).off('error', l.error).off('exit', l.exit);
}

interface Answer {
  ok: boolean;
  error?: string;
  log?: number;
  checkpointed?: number;
}

/**
 * The thread: one connection (its waits for a lock block this thread only), a PASSIVE checkpoint per
 * 'checkpoint' message, a RESTART one per 'restart', closed on 'close'.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true, timeout: ${THREAD_BUSY_MS} });
  parentPort.postMessage({ ok: true });
} catch (error) {
  parentPort.postMessage({ ok: false, error: String(error && error.message) });
  process.exit(1);
}
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    process.exit(0);
  }
  const restart = message === 'restart';
  try {
    if (restart) db.pragma('busy_timeout = ${RESTART_BUSY_MS}');
    const [row] = db.pragma(restart ? 'wal_checkpoint(RESTART)' : 'wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: row.busy === 0, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.code) });
  } finally {
    if (restart) db.pragma('busy_timeout = ${THREAD_BUSY_MS}');
  }
});
`;
