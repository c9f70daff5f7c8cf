import { EntityManager, ObjectLiteral, UpdateQueryBuilder } from 'typeorm';

/**
 * Runs an UPDATE and answers the ids of the rows it changed, in one statement (UPDATE … RETURNING
 * id, which SQLite 3.35+ and Postgres both take; TypeORM only offers `returning()` on Postgres).
 * The manager must be a transaction's (or a query runner's) or the data source's.
 */
export async function updateReturningIds<T extends ObjectLiteral>(
  manager: EntityManager,
  update: UpdateQueryBuilder<T>,
): Promise<Set<string>> {
  const [sql, parameters] = update.getQueryAndParameters();
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(`${sql} RETURNING id`, parameters, true);
    return new Set((result.records as Array<{ id: string }>).map((r) => r.id));
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}
