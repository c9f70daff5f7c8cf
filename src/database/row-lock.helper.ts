import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/**
 * Reads one row inside a transaction and holds it for update until the transaction ends, so that
 * writers of that row take turns: on Postgres SELECT … FOR UPDATE; on SQLite a plain read, since
 * SQLite write transactions are serialised already (one at a time, BEGIN IMMEDIATE, see
 * transaction.service.ts). The one "lock the row on Postgres" in the application.
 */
export function findOneForUpdate<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
): Promise<T | null> {
  const postgres = manager.connection.options.type === 'postgres';
  return manager.findOne(entity, { where, ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}
