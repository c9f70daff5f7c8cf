import { GROUP_MAX, TransactionService } from './transaction.service';
import Database from 'better-sqlite3';
import { openProbeDatabase, probeDatabaseForSuite } from './probe-table.fixture';
import { openTestDatabase, TestDatabase } from './test-database.fixture';
import { walSyncOf } from './sqlite-wal-sync.helper';
import { writeLockOf } from './sqlite-write-lock.helper';

// Group commit is SQLite's (one shared connection); Postgres runs each unit on a pooled connection.
const sqlite = process.env.DB_TYPE === 'postgres' ? describe.skip : describe;

sqlite('TransactionService group commit (SQLite)', () => {
  const probe = probeDatabaseForSuite();
  const db = () => probe().db;

  const committed = (tag: string): number => probe().committed(tag);
  const insert = (tag: string, n: number) => async (m: { query: (sql: string, p: unknown[]) => Promise<unknown> }) => {
    await m.query('INSERT INTO probe (tag, n) VALUES (?, ?)', [tag, n]);
    return n;
  };

  it('lets the units queued behind a running transaction share the next one, in queue order', async () => {
    const transactions = new TransactionService(db().dataSource);
    const order: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        transactions.run(async (m) => {
          order.push(n);
          return insert('shared', n)(m);
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 30 }, (_, n) => n));
    expect(order).toEqual(results);
    expect(committed('shared')).toBe(30);
    // The first began alone at once; the 29 queued meanwhile went in one more transaction.
    expect(transactions.groups).toEqual({ transactions: 2, units: 30 });
  });

  it('never puts more than GROUP_MAX units in one transaction', async () => {
    const transactions = new TransactionService(db().dataSource);
    await Promise.all(Array.from({ length: GROUP_MAX * 2 + 1 }, (_, n) => transactions.run(insert('max', n))));
    expect(committed('max')).toBe(GROUP_MAX * 2 + 1);
    expect(transactions.groups.transactions).toBe(1 + Math.ceil((GROUP_MAX * 2) / GROUP_MAX));
  });

  it('rolls back only the unit that failed; the others of its group commit', async () => {
    const transactions = new TransactionService(db().dataSource);
    const failing = new Error('unit 2 refuses');
    const settled = await Promise.allSettled(
      [0, 1, 2, 3].map((n) =>
        transactions.run(async (m) => {
          await insert('partial', n)(m);
          if (n === 2) throw failing;
          return n;
        }),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason).toBe(failing);
    const rows = probe().other.prepare("SELECT n FROM probe WHERE tag = 'partial' ORDER BY n").all() as Array<{
      n: number;
    }>;
    expect(rows.map((r) => r.n)).toEqual([0, 1, 3]);
    expect(transactions.groups).toEqual({ transactions: 2, units: 4 });
  });

  it('settles a unit only once its group has committed', async () => {
    const transactions = new TransactionService(db().dataSource);
    const seenAtSettle: number[] = [];
    await Promise.all(
      [0, 1, 2].map((n) => transactions.run(insert('durable', n)).then(() => seenAtSettle.push(committed('durable')))),
    );
    // Units 1 and 2 share a group: each is told after both are on disk, never before its own row is.
    // Unit 0 may be told after the next group committed too: its WAL sync runs while that group begins.
    expect(seenAtSettle[0]).toBeGreaterThanOrEqual(1);
    expect(seenAtSettle.slice(1)).toEqual([3, 3]);
  });

  it('begins no group while the checkpoint thread has its quiet moment; the units queued meanwhile share one', async () => {
    const transactions = new TransactionService(db().dataSource);
    const wal = walSyncOf(db().dataSource)!;
    let endQuiet!: () => void;
    const quiet = jest
      .spyOn(wal, 'quietMoment')
      .mockReturnValueOnce(new Promise<void>((resolve) => (endQuiet = resolve)));
    try {
      const units = [0, 1, 2].map((n) => transactions.run(insert('quiet', n)));
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(committed('quiet')).toBe(0);
      endQuiet();
      await expect(Promise.all(units)).resolves.toEqual([0, 1, 2]);
      expect(transactions.groups).toEqual({ transactions: 1, units: 3 });
    } finally {
      quiet.mockRestore();
    }
  });

  it('goes on after every queued unit timed out during a quiet moment', async () => {
    const transactions = new TransactionService(db().dataSource);
    const wal = walSyncOf(db().dataSource)!;
    const lock = writeLockOf(db().dataSource)!;
    const settings = lock.settings as { queueWaitMs: number };
    const queueWaitMs = settings.queueWaitMs;
    const quiet = jest
      .spyOn(wal, 'quietMoment')
      .mockReturnValueOnce(null)
      .mockReturnValueOnce(new Promise((resolve) => setTimeout(resolve, 100)));
    settings.queueWaitMs = 30;
    try {
      const first = transactions.run(async (m) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return insert('timed-out', 0)(m);
      });
      // Queued behind the first: it times out while the queue waits for the quiet moment.
      const second = transactions.run(insert('timed-out', 1));
      await expect(first).resolves.toBe(0);
      await expect(second).rejects.toThrow(/still waiting/);
      await new Promise((resolve) => setTimeout(resolve, 120));
    } finally {
      settings.queueWaitMs = queueWaitMs;
      quiet.mockRestore();
    }
    await expect(transactions.run(insert('timed-out', 2))).resolves.toBe(2);
    expect(committed('timed-out')).toBe(2);
  });

  it('fails the units of a group with an unexpected error of its own handling, and goes on', async () => {
    const transactions = new TransactionService(db().dataSource);
    const broken = new Error('unexpected');
    const commitGroup = jest
      .spyOn(transactions as unknown as { commitGroup: () => Promise<void> }, 'commitGroup')
      .mockRejectedValueOnce(broken);
    try {
      await expect(transactions.run(insert('unexpected', 0))).rejects.toBe(broken);
    } finally {
      commitGroup.mockRestore();
    }
    await expect(transactions.run(insert('unexpected', 1))).resolves.toBe(1);
    expect(committed('unexpected')).toBe(1);
  });

  it('fails a unit still waiting for a lock held elsewhere when the connection closes, and nothing else', async () => {
    const own = await openProbeDatabase();
    const holder = new Database(own.db.env.DB_PATH, { timeout: 0 });
    holder.exec('BEGIN IMMEDIATE');
    try {
      const transactions = new TransactionService(own.db.dataSource);
      const waiting = transactions.run(insert('closed', 0));
      await new Promise((resolve) => setTimeout(resolve, 30));
      await own.db.dataSource.destroy(); // a shutdown while the unit waits for the lock
      // Its rejection is the only outcome: no error escapes the queue (it would fail this test as unhandled).
      await expect(waiting).rejects.toThrow();
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      await own.close().catch(() => undefined);
    }
  });

  it('fails every unit of a group, and writes none of it, when the transaction itself is lost', async () => {
    const transactions = new TransactionService(db().dataSource);
    const first = transactions.run(insert('lost-first', 0));
    const group = [1, 2, 3].map((n) =>
      transactions.run(async (m) => {
        await insert('lost', n)(m);
        // As SQLite does on an I/O error or a full disk: the whole transaction is rolled back.
        if (n === 2) await m.query('ROLLBACK', []);
        return n;
      }),
    );
    await expect(first).resolves.toBe(0);
    const settled = await Promise.allSettled(group);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(committed('lost')).toBe(0);
    // The connection is usable again afterwards.
    await expect(transactions.run(insert('lost-after', 9))).resolves.toBe(9);
    expect(committed('lost-after')).toBe(1);
  });
});

describe('TransactionService.runStatement (both engines)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
    await db.dataSource.query('CREATE TABLE probe_statement (tag varchar(20) PRIMARY KEY)');
  });
  afterAll(async () => {
    await db.close();
  });

  it('runs a one-statement unit without a transaction of its own on Postgres, queued and grouped on SQLite', async () => {
    const transactions = new TransactionService(db.dataSource);
    const postgres = db.dataSource.options.type === 'postgres';
    const inTransaction = await Promise.all(
      [0, 1, 2].map((n) =>
        transactions.runStatement(async (m) => {
          await m.query(`INSERT INTO probe_statement (tag) VALUES (${postgres ? '$1' : '?'})`, [`s${n}`]);
          return m.queryRunner?.isTransactionActive ?? false;
        }),
      ),
    );
    expect(inTransaction).toEqual(postgres ? [false, false, false] : [true, true, true]);
    expect(transactions.groups.units).toBe(postgres ? 0 : 3);
    const rows = (await db.dataSource.query('SELECT tag FROM probe_statement ORDER BY tag')) as Array<{ tag: string }>;
    expect(rows.map((r) => r.tag)).toEqual(['s0', 's1', 's2']);
  });

  it('fails with the statement’s own error, and writes nothing', async () => {
    const transactions = new TransactionService(db.dataSource);
    const postgres = db.dataSource.options.type === 'postgres';
    await expect(
      transactions.runStatement((m) =>
        m.query(`INSERT INTO probe_statement (tag) VALUES (${postgres ? '$1' : '?'})`, ['s0']),
      ),
    ).rejects.toThrow(/unique|UNIQUE/);
    const rows = (await db.dataSource.query('SELECT count(*) AS c FROM probe_statement')) as Array<{ c: string }>;
    expect(Number(rows[0].c)).toBe(3);
  });
});
