import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { openDataSource } from '../src/database/data-source.config';
import { TransactionService } from '../src/database/transaction.service';
import { dropTestDatabase, testEnv } from './support/test-app';

const sqlite = process.env.DB_TYPE === 'postgres' ? describe.skip : describe;

sqlite('SQLite durability and locking', () => {
  const env = testEnv();
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openDataSource(env);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropTestDatabase(env);
  });

  it('runs in WAL mode with synchronous=FULL and a busy timeout', async () => {
    expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await dataSource.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    // Short: a wait for the lock blocks the event loop; longer waits are asynchronous retries (SQLITE_LOCK_WAIT_MS).
    expect(await dataSource.query('PRAGMA busy_timeout')).toEqual([{ timeout: env.SQLITE_BUSY_TIMEOUT_MS }]);
    expect(env.SQLITE_BUSY_TIMEOUT_MS).toBe(1);
  });

  it('takes the write lock when a unit of work begins, before its first write', async () => {
    const other = new Database(env.DB_PATH, { timeout: 0 });
    try {
      const transactions = new TransactionService(dataSource);
      let probe = '';
      await transactions.run(async (manager) => {
        await manager.query('SELECT 1');
        try {
          other.exec('BEGIN IMMEDIATE');
          other.exec('ROLLBACK');
          probe = 'other process got the write lock';
        } catch (error) {
          probe = (error as { code?: string }).code ?? String(error);
        }
      });
      expect(probe).toBe('SQLITE_BUSY');
      other.exec('BEGIN IMMEDIATE');
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
  });

  it('queues concurrent units of work on the shared connection instead of failing', async () => {
    const transactions = new TransactionService(dataSource);
    await dataSource.query('CREATE TABLE IF NOT EXISTS probe (n integer)');
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        transactions.run(async (manager) => {
          await manager.query('INSERT INTO probe (n) VALUES (?)', [n]);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }),
      ),
    );
    expect(await dataSource.query('SELECT count(*) AS c FROM probe')).toEqual([{ c: 20 }]);
  });
});
