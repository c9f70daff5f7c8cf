import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The one way the application writes. On Postgres each unit of work is a transaction on a pooled
 * connection. On SQLite TypeORM shares a single connection, so units of work are queued in this
 * process and each takes the write lock up front (BEGIN IMMEDIATE, see useImmediateTransactions),
 * which keeps other processes on the same file from deadlocking on a lock upgrade.
 */
@Injectable()
export class TransactionService {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'better-sqlite3') {
      return this.dataSource.transaction(work);
    }
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await this.dataSource.transaction(work);
    } finally {
      release();
    }
  }
}

/** Makes TypeORM's SQLite transactions start with BEGIN IMMEDIATE instead of a deferred BEGIN. */
export function useImmediateTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  // The better-sqlite3 driver hands out one shared query runner; patch its BEGIN.
  const runner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (
    sql: unknown,
    ...rest: unknown[]
  ) => query(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql, ...rest);
}
