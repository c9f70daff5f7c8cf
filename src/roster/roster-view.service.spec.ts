import type { EntityManager } from 'typeorm';
import { loadRosterRows } from './roster-view.service';

/** A manager whose reads take a tick, counting how many run at once. */
function countingManager(inTransaction: boolean): { manager: EntityManager; most: () => number } {
  let running = 0;
  let most = 0;
  const read = async (): Promise<unknown[]> => {
    running++;
    most = Math.max(most, running);
    await new Promise((resolve) => setImmediate(resolve));
    running--;
    return [];
  };
  const manager = {
    queryRunner: inTransaction ? { isTransactionActive: true } : undefined,
    find: read,
    findOne: async () => ({ revision: 7 }),
  } as unknown as EntityManager;
  return { manager, most: () => most };
}

describe('loadRosterRows', () => {
  it('reads one table at a time inside a transaction (one connection: pg refuses overlapping queries)', async () => {
    const { manager, most } = countingManager(true);
    const rows = await loadRosterRows(manager);
    expect(rows.revision).toBe(7);
    expect(most()).toBe(1);
  });

  it('reads the tables together outside a transaction (separate pooled connections)', async () => {
    const { manager, most } = countingManager(false);
    await loadRosterRows(manager);
    expect(most()).toBe(7);
  });
});
