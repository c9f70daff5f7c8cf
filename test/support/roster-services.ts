import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ManualClock } from '../../src/common/clock.provider';
import { Env, loadEnv } from '../../src/config/env.schema';
import { openDataSource } from '../../src/database/data-source.config';
import { TransactionService } from '../../src/database/transaction.service';
import { RosterChangeEntity } from '../../src/roster/entities/roster-change.entity';
import { RosterRevisionEntity } from '../../src/roster/entities/roster-revision.entity';
import { RosterViewService } from '../../src/roster/roster-view.service';
import { readRosterFile } from '../../src/roster-io/roster-file.schema';
import { RosterImportService } from '../../src/roster-io/roster-import.service';
import { PersonChangeService } from '../../src/roster-maintenance/person-change.service';
import { RosterTransactionService } from '../../src/roster-maintenance/roster-transaction.service';
import { SeatChangeService } from '../../src/roster-maintenance/seat-change.service';
import { TenureChangeService } from '../../src/roster-maintenance/tenure-change.service';
import { dropTestDatabase, testDatabaseEnv } from './test-database';

export const JINCHENG_ROSTER = join(__dirname, '..', '..', 'config', 'roster', 'jincheng-2019.yaml');
/** When openRosterServices loads the Jincheng roster (the day after the document took effect). */
export const JINCHENG_LOADED = new Date('2019-09-12T00:00:00Z');

/** The roster change services on a database of their own, built without Nest. */
export interface RosterServices {
  env: Env;
  ds: DataSource;
  views: RosterViewService;
  transactions: RosterTransactionService;
  tenures: TenureChangeService;
  seats: SeatChangeService;
  persons: PersonChangeService;
  /** The roster revision as committed. */
  revision(): Promise<number>;
  /** How many roster journal rows are committed. */
  journalRows(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A fresh database (SQLite file, or a Postgres schema with DB_TYPE=postgres) migrated as the
 * service migrates it, with the Jincheng roster imported at JINCHENG_LOADED; every change takes its
 * "now" from `clock` (left at JINCHENG_LOADED).
 */
export async function openRosterServices(clock: ManualClock): Promise<RosterServices> {
  const env = loadEnv({ NODE_ENV: 'test', ...testDatabaseEnv() });
  const ds = await openDataSource(env);
  const views = new RosterViewService(ds);
  const transactions = new RosterTransactionService(new TransactionService(ds), views, clock);
  const tenures = new TenureChangeService(transactions);
  const seats = new SeatChangeService(transactions);
  const persons = new PersonChangeService(transactions);
  clock.set(JINCHENG_LOADED);
  await new RosterImportService(views, transactions, tenures, seats).importRoster(
    readRosterFile(JINCHENG_ROSTER),
    JINCHENG_LOADED,
  );
  return {
    env,
    ds,
    views,
    transactions,
    tenures,
    seats,
    persons,
    revision: async () => (await ds.getRepository(RosterRevisionEntity).findOneByOrFail({ id: 1 })).revision,
    journalRows: () => ds.getRepository(RosterChangeEntity).count(),
    close: async () => {
      await ds.destroy();
      await dropTestDatabase(env);
    },
  };
}

/**
 * For a suite of change tests: the services on a database of the suite's own (opened before all,
 * dropped after all; the object is filled in before the first test), the clock at `start` and
 * `step` later before each test, so that every test's changes are the latest.
 */
export function rosterServicesForSuite(start: Date, step: number): RosterServices & { clock: ManualClock } {
  const clock = new ManualClock(start);
  const suite = { clock } as RosterServices & { clock: ManualClock };
  beforeAll(async () => {
    Object.assign(suite, await openRosterServices(clock));
    clock.set(start);
  });
  afterAll(async () => {
    await suite.close?.();
  });
  beforeEach(() => clock.advance(step));
  return suite;
}

/** Runs `change`, which must fail with `message`, and checks that it wrote nothing. */
export async function expectRefused(r: RosterServices, change: () => Promise<unknown>, message: RegExp): Promise<void> {
  const [revision, rows] = [await r.revision(), await r.journalRows()];
  await expect(change()).rejects.toThrow(message);
  expect([await r.revision(), await r.journalRows()]).toEqual([revision, rows]);
}
