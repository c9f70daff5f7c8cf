import type { EntityManager } from 'typeorm';
import type { DataSource } from 'typeorm';
import { loadRosterRows, ROSTER_REVISION_CHECK_MS, RosterViewService } from './roster-view.service';

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

describe('RosterViewService.current', () => {
  afterEach(() => jest.useRealTimers());

  it('reads the revision row once for all the requests arriving while it is read, once a second', async () => {
    let revisionReads = 0;
    let loads = 0;
    const manager = {
      queryRunner: undefined,
      find: async () => {
        loads++;
        return [];
      },
      findOne: async () => ({ revision: 7 }),
    };
    const repository = {
      findOne: async () => {
        revisionReads++;
        await new Promise((resolve) => setImmediate(resolve));
        return { revision: 7 };
      },
    };
    const service = new RosterViewService({ manager, getRepository: () => repository } as unknown as DataSource);
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    const view = await service.current();
    const loaded = loads;
    expect(await Promise.all([service.current(), service.current()])).toEqual([view, view]);
    expect(revisionReads).toBe(0);

    jest.advanceTimersByTime(ROSTER_REVISION_CHECK_MS);
    const answers = await Promise.all(Array.from({ length: 20 }, () => service.current()));
    expect(answers.every((v) => v === view)).toBe(true);
    expect({ revisionReads, loads: loads - loaded }).toEqual({ revisionReads: 1, loads: 0 });
  });
});
