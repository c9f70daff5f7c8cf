import { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, In, ObjectLiteral } from 'typeorm';

/**
 * Reads one row inside a transaction and holds it for update until the transaction ends, so that
 * writers of that row take turns: on Postgres SELECT … FOR NO KEY UPDATE; on SQLite a plain read,
 * since SQLite write transactions are serialised already (one at a time, BEGIN IMMEDIATE, see
 * transaction.service.ts). The one "lock the row on Postgres" in the application.
 *
 * NO KEY UPDATE, not UPDATE: no caller changes a key, and the weaker lock lets other transactions
 * insert rows that reference the locked one (a foreign-key check takes FOR KEY SHARE). With FOR
 * UPDATE, an acknowledgement holding its incident and waiting for a notification row deadlocked
 * with the outbox relay holding that notification and inserting the incident's escalation clock.
 */
export function findOneForUpdate<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
): Promise<T | null> {
  const postgres = manager.connection.options.type === 'postgres';
  return manager.findOne(entity, { where, ...(postgres ? { lock: { mode: 'for_no_key_update' as const } } : {}) });
}

/**
 * Reads the rows with these ids inside a transaction and holds them for update as findOneForUpdate
 * does, in id order, so that two transactions locking overlapping sets take the rows in one order
 * (no deadlock between them).
 */
export function findByIdsForUpdate<T extends ObjectLiteral & { id: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  ids: readonly string[],
): Promise<T[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const postgres = manager.connection.options.type === 'postgres';
  return manager.find(entity, {
    where: { id: In([...ids]) } as FindOptionsWhere<T>,
    order: { id: 'ASC' } as FindOptionsOrder<T>,
    ...(postgres ? { lock: { mode: 'for_no_key_update' as const } } : {}),
  });
}
