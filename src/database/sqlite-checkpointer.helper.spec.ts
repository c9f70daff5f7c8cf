import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SqliteCheckpointer } from './sqlite-checkpointer.helper';

const sqlite = process.env.DB_TYPE === 'postgres' ? describe.skip : describe;

sqlite('SqliteCheckpointer', () => {
  let dir: string;
  let db: Database.Database;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
    file = join(dir, 'x.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (v text)');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const write = (rows: number) => {
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < rows; i++) insert.run('x'.repeat(3000)); // about a page a row
  };
  /**
   * For 1.5 s, a transaction of `perTurn` pages a turn with `pause` between turns, giving the checkpointer
   * each quiet moment it asks for (as TransactionService does); stops it; returns the pages written.
   */
  const writeSteadily = async (checkpointer: SqliteCheckpointer, perTurn: number, pause: () => Promise<unknown>) => {
    db.pragma('synchronous = NORMAL');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const turn = db.transaction(() => {
      for (let i = 0; i < perTurn; i++) insert.run('x'.repeat(3000));
    });
    let pages = 0;
    try {
      for (const end = Date.now() + 1500; Date.now() < end; pages += perTurn) {
        if (checkpointer.needsQuiet) await checkpointer.quiet();
        turn();
        checkpointer.written();
        await pause();
      }
    } finally {
      await checkpointer.stop();
    }
    return pages;
  };
  const until = async (done: () => boolean) => {
    for (let waited = 0; !done(); waited += 10) {
      if (waited > 5000) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('takes the checkpoints off the connection and copies every written frame back from its thread', async () => {
    const failures: string[] = [];
    const checkpointer = new SqliteCheckpointer(db, file, (reason) => failures.push(reason), { intervalMs: 20 });
    await checkpointer.start();
    try {
      expect(autocheckpoint()).toBe(0);
      write(1500); // past the 1,000 pages at which the connection would have checkpointed in a COMMIT
      checkpointer.written();
      await until(() => checkpointer.counts.runs > 0);
      expect(checkpointer.last!.log).toBeGreaterThan(1000);
      expect(checkpointer.last!.checkpointed).toBe(checkpointer.last!.log);
      // Everything copied back: the next write starts the WAL over instead of growing it.
      const size = statSync(`${file}-wal`).size;
      write(10);
      expect(statSync(`${file}-wal`).size).toBe(size);
      expect(failures).toEqual([]);
    } finally {
      await checkpointer.stop();
    }
    expect(autocheckpoint()).toBe(1000);
  });

  it('keeps the WAL short under a steady stream of writes: a quiet moment once it passes restartPages, and it starts over', async () => {
    // A writer that never pauses: each PASSIVE checkpoint ends with frames written while it ran, so without
    // a quiet moment the WAL never starts over (it held every page written in this loop: 100,000).
    const restartPages = 300;
    const checkpointer = new SqliteCheckpointer(db, file, () => undefined, {
      intervalMs: 5,
      restartPages,
      quietEveryMs: 0,
      quietMaxMs: 1000,
    });
    await checkpointer.start();
    const pages = await writeSteadily(checkpointer, 10, () => new Promise(setImmediate));
    expect(pages).toBeGreaterThan(10 * restartPages);
    expect(checkpointer.counts.quiets).toBeGreaterThan(1);
    // The file is as long as the WAL ever was (frames of a 4,096-byte page and a 24-byte header): here a few
    // percent of what was written (how fast the loop writes while an answer is on its way decides how many).
    expect(statSync(`${file}-wal`).size / 4120).toBeLessThan(pages / 10);
  });

  it('starts the WAL over with a RESTART checkpoint past hardPages while another thread keeps reading it', async () => {
    // As a worker process on the same file does: its read transactions keep snapshots in the WAL, so a
    // PASSIVE checkpoint can never let it start over (without the RESTART it held every page written here).
    const hardPages = 600;
    const checkpointer = new SqliteCheckpointer(db, file, () => undefined, { intervalMs: 5, hardPages });
    await checkpointer.start();
    const reader = new Worker(READER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file, ms: 1500 },
    });
    const readerDone = new Promise((resolve) => reader.once('exit', resolve));
    const pages = await writeSteadily(checkpointer, 40, () => new Promise((resolve) => setTimeout(resolve, 1)));
    await readerDone;
    expect(pages).toBeGreaterThan(4 * hardPages);
    expect(checkpointer.counts.restarts).toBeGreaterThan(0);
    expect(statSync(`${file}-wal`).size / 4120).toBeLessThan(pages / 2);
  });

  it('asks for no quiet moment while the WAL is short, nor twice on one answer', async () => {
    const checkpointer = new SqliteCheckpointer(db, file, () => undefined, {
      intervalMs: 10,
      restartPages: 200,
      quietEveryMs: 0,
    });
    await checkpointer.start();
    try {
      write(20);
      checkpointer.written();
      await until(() => checkpointer.counts.runs > 0);
      expect(checkpointer.needsQuiet).toBe(false);
      write(300);
      checkpointer.written();
      await until(() => checkpointer.counts.runs > 1);
      expect(checkpointer.needsQuiet).toBe(true);
      await checkpointer.quiet();
      // The quiet moment's own answer still counts the frames it copied: only a later answer may ask again.
      expect(checkpointer.needsQuiet).toBe(false);
      write(1); // the WAL starts over
      checkpointer.written();
      await until(() => checkpointer.counts.runs > 3);
      expect(checkpointer.last!.log).toBeLessThan(10);
      expect(checkpointer.needsQuiet).toBe(false);
    } finally {
      await checkpointer.stop();
    }
  });

  it('does nothing while nothing was written', async () => {
    const checkpointer = new SqliteCheckpointer(db, file, () => undefined, { intervalMs: 10 });
    await checkpointer.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(checkpointer.counts.runs).toBe(0);
    await checkpointer.stop();
  });

  it('leaves the checkpoints to the connection when its thread cannot open the file', async () => {
    const failures: string[] = [];
    const checkpointer = new SqliteCheckpointer(db, join(dir, 'missing.sqlite'), (reason) => failures.push(reason));
    await checkpointer.start();
    expect(failures).toEqual([expect.stringContaining('the checkpoint thread did not start')]);
    expect(failures[0]).toContain('checkpoints run on the event loop again');
    expect(autocheckpoint()).toBe(1000);
    await checkpointer.stop();
  });

  it('hands the checkpoints back to the connection when its thread dies', async () => {
    const failures: string[] = [];
    const checkpointer = new SqliteCheckpointer(db, file, (reason) => failures.push(reason), { intervalMs: 20 });
    await checkpointer.start();
    expect(autocheckpoint()).toBe(0);
    await (checkpointer as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await until(() => failures.length > 0);
    expect(failures[0]).toContain('the checkpoint thread exited');
    expect(autocheckpoint()).toBe(1000);
  });
});

/** A thread that holds a read snapshot almost all the time for `ms`: a transaction of 2 ms after another. */
const READER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, timeout: 5000 });
const count = db.prepare('SELECT count(*) AS c FROM t');
const pause = new Int32Array(new SharedArrayBuffer(4));
for (const end = Date.now() + workerData.ms; Date.now() < end; ) {
  db.exec('BEGIN');
  count.get();
  Atomics.wait(pause, 0, 0, 2);
  db.exec('COMMIT');
}
db.close();
`;
