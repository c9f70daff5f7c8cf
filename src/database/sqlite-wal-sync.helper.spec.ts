import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { probeDatabaseForSuite } from './probe-table.fixture';
import { SqliteWalSync, walSyncOf } from './sqlite-wal-sync.helper';
import { TransactionService } from './transaction.service';

/** A sync the test finishes by hand: each call waits until `finish(i)` (or `fail(i)`). */
function gatedSync() {
  const calls: Array<{ path: string; finish: () => void; fail: (error: unknown) => void }> = [];
  const sync = (path: string) =>
    new Promise<void>((finish, fail) => {
      calls.push({ path, finish, fail });
    });
  return { calls, sync };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Waits for `done`; throws after 5 s, so that a broken variant fails instead of spinning. */
async function until(done: () => boolean): Promise<void> {
  for (const started = Date.now(); !done(); await tick())
    if (Date.now() - started > 5000) throw new Error('timed out waiting for the sync to begin');
}

describe('SqliteWalSync', () => {
  const noPragmas = {
    prepare: () => ({ run: () => undefined, database: { open: true } }),
  } as unknown as Database.Database;

  it('confirms the commits made while a sync ran with one more sync, in commit order', async () => {
    const { calls, sync } = gatedSync();
    const wal = new SqliteWalSync(noPragmas, '/data/x.sqlite-wal', null, sync);
    const confirmed: number[] = [];
    const first = wal.flushed().then(() => confirmed.push(1));
    expect(calls).toHaveLength(1);
    const rest = [2, 3, 4].map((n) => wal.flushed().then(() => confirmed.push(n)));
    expect(calls).toHaveLength(1); // the three wait for the sync that started after them
    calls[0].finish();
    await first;
    expect(confirmed).toEqual([1]);
    expect(calls).toHaveLength(2);
    calls[1].finish();
    await Promise.all(rest);
    expect(confirmed).toEqual([1, 2, 3, 4]);
    expect(calls.map((c) => c.path)).toEqual(['/data/x.sqlite-wal', '/data/x.sqlite-wal']);
    expect(wal.counts).toEqual({ syncs: 2, commits: 4 });
  });

  it('fails the commits a refused sync was to confirm with UNAVAILABLE, and syncs again for later ones', async () => {
    const { calls, sync } = gatedSync();
    const wal = new SqliteWalSync(noPragmas, '/data/x.sqlite-wal', null, sync);
    const refused = wal.flushed();
    calls[0].fail(Object.assign(new Error('I/O error'), { code: 'EIO' }));
    await expect(refused).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('fdatasync: EIO') as unknown,
    });
    const later = wal.flushed();
    expect(calls).toHaveLength(2);
    calls[1].finish();
    await expect(later).resolves.toBeUndefined();
  });

  it('tells the checkpointer of every commit', () => {
    const written = jest.fn();
    const checkpointer = { written, needsQuiet: false, quiet: () => Promise.resolve() };
    const wal = new SqliteWalSync(noPragmas, '/data/x.sqlite-wal', checkpointer, () => Promise.resolve());
    void wal.flushed();
    void wal.flushed();
    expect(written).toHaveBeenCalledTimes(2);
  });

  it('asks for a quiet moment before a group only when the checkpointer needs one', async () => {
    const quiet = jest.fn(() => Promise.resolve());
    const checkpointer = { written: () => undefined, needsQuiet: false, quiet };
    const wal = new SqliteWalSync(noPragmas, '/data/x.sqlite-wal', checkpointer, () => Promise.resolve());
    expect(wal.quietMoment()).toBeNull();
    checkpointer.needsQuiet = true;
    await expect(wal.quietMoment()).resolves.toBeUndefined();
    expect(quiet).toHaveBeenCalledTimes(1);
    expect(new SqliteWalSync(noPragmas, '/data/x.sqlite-wal').quietMoment()).toBeNull();
  });
});

// The WAL and its sync are SQLite's; on Postgres the server makes commits durable itself.
const sqlite = process.env.DB_TYPE === 'postgres' ? describe.skip : describe;

sqlite('group commits and the WAL sync (SQLite file)', () => {
  const probe = probeDatabaseForSuite();
  const db = () => probe().db;

  const synchronous = () => db().dataSource.query('PRAGMA synchronous') as Promise<Array<{ synchronous: number }>>;
  const insert = (tag: string) =>
    new TransactionService(db().dataSource).run((m) => m.query('INSERT INTO probe (tag) VALUES (?)', [tag]));

  /** Runs `body` with the database's WAL synced by a gated sync; a failed expectation leaves no sync pending. */
  async function withGatedSync(body: (calls: ReturnType<typeof gatedSync>['calls']) => Promise<void>) {
    const wal = walSyncOf(db().dataSource)! as unknown as { sync: (path: string) => Promise<void> };
    const real = wal.sync;
    const { calls, sync } = gatedSync();
    wal.sync = sync;
    try {
      await body(calls);
    } finally {
      for (const call of calls) call.finish();
      wal.sync = real;
    }
  }

  it("syncs the database's own WAL file with fdatasync", async () => {
    const wal = walSyncOf(db().dataSource)!;
    expect(wal.walPath).toBe(`${db().env.DB_PATH}-wal`);
    const before = wal.counts.syncs;
    await insert('real');
    expect(existsSync(wal.walPath)).toBe(true);
    expect(wal.counts.syncs).toBeGreaterThan(before);
    expect(probe().committed('real')).toBe(1);
  });

  it('answers a unit of work only once the disk confirmed its commit, and keeps FULL for other writes', () =>
    withGatedSync(async (calls) => {
      let answered = false;
      const unit = insert('gated').then(() => (answered = true));
      await until(() => calls.length > 0);
      // Committed (another connection sees it), written without fsync, not yet confirmed to the caller.
      expect(probe().committed('gated')).toBe(1);
      await tick();
      expect(answered).toBe(false);
      expect(await synchronous()).toEqual([{ synchronous: 2 }]); // FULL again right after the COMMIT
      calls[0].finish();
      await unit;
      expect(answered).toBe(true);
    }));

  it('fails the committed units of a group whose sync the disk refused; a rolled-back unit keeps its own error', () =>
    withGatedSync(async (calls) => {
      const transactions = new TransactionService(db().dataSource);
      const own = new Error('unit 2 refuses');
      const eio = () => Object.assign(new Error('I/O error'), { code: 'EIO' });
      // Unit 0 begins alone; units 1 and 2 queue behind it and share the next transaction.
      const units = [0, 1, 2].map((n) =>
        transactions.run(async (m) => {
          await m.query('INSERT INTO probe (tag, n) VALUES (?, ?)', ['eio', n]);
          if (n === 2) throw own;
          return n;
        }),
      );
      const all = Promise.allSettled(units);
      await until(() => calls.length > 0);
      calls[0].fail(eio());
      await until(() => calls.length > 1);
      calls[1].fail(eio());
      const settled = await all;
      const reasons = settled.map((s) => (s as PromiseRejectedResult).reason as { code?: string });
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(reasons.map((r) => r.code)).toEqual(['UNAVAILABLE', 'UNAVAILABLE', undefined]);
      expect(reasons[2]).toBe(own);
      expect(transactions.groups).toEqual({ transactions: 2, units: 3 });
    }));
});
