import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { CommandBodyEntity } from './entities/command-body.entity';
import { PersonAliasEntity } from './entities/person-alias.entity';
import { PersonEntity } from './entities/person.entity';
import { PositionEntity } from './entities/position.entity';
import { RosterRevisionEntity } from './entities/roster-revision.entity';
import { SeatAssignmentEntity } from './entities/seat-assignment.entity';
import { SeatEntity } from './entities/seat.entity';
import { TenureEntity } from './entities/tenure.entity';
import { RosterView } from './core/roster-view';
import type { RosterRows } from './core/roster-records';

/** How long a view is trusted before the revision row is read again (other processes' writes). */
export const ROSTER_REVISION_CHECK_MS = 1000;

/**
 * Holds the current RosterView. Writes in this process invalidate it at once; writes by other
 * processes are noticed through the roster revision row, read at most once a second.
 */
@Injectable()
export class RosterViewService {
  private view: RosterView | null = null;
  private checkedAt = 0;
  private loading: Promise<RosterView> | null = null;
  private checking: Promise<RosterView> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  invalidate(): void {
    this.view = null;
    this.checkedAt = 0;
  }

  async current(): Promise<RosterView> {
    const view = this.view;
    if (view && Date.now() - this.checkedAt < ROSTER_REVISION_CHECK_MS) return view;
    // One revision read for every request arriving while it runs, not one each.
    if (view) return (this.checking ??= this.check(view).finally(() => (this.checking = null)));
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  /**
   * The roster as recorded by `knownAt` (as known now when null). Asked before anything was recorded, it
   * is NOT_FOUND naming knownAt and the first recording instant, whatever the question was about.
   */
  async asKnown(knownAt: Date | null | undefined): Promise<RosterView> {
    const current = await this.current();
    const view = current.knownAt(knownAt ?? null);
    if (knownAt && view.isEmpty && current.recordedSince) {
      const since = current.recordedSince.toISOString();
      throw new DomainException(
        'NOT_FOUND',
        `knownAt: nothing was recorded yet at ${knownAt.toISOString()}; this roster was first recorded at ${since}, ask with knownAt ${since} or later`,
        {
          field: 'knownAt',
          value: knownAt.toISOString(),
          problemZh: `该时点尚无任何记录，本系统的名册首次记录于 ${since}，请使用此后的时点`,
        },
      );
    }
    return view;
  }

  private async check(view: RosterView): Promise<RosterView> {
    const revision = await this.revision();
    if (this.view !== view) return this.current(); // invalidated or reloaded meanwhile
    this.checkedAt = Date.now();
    if (revision === view.revision) return view;
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  /** The roster revision as the database has it now (the view's may be up to a second old). */
  async revision(): Promise<number> {
    const row = await this.dataSource.getRepository(RosterRevisionEntity).findOne({ where: { id: 1 } });
    return row?.revision ?? 0;
  }

  private async load(): Promise<RosterView> {
    const view = new RosterView(await loadRosterRows(this.dataSource.manager));
    this.view = view;
    this.checkedAt = Date.now();
    return view;
  }
}

/**
 * Reads every roster row; inside a transaction, pass its manager to see its own writes.
 * Outside one the tables are read on separate pooled connections, so the revision is read FIRST:
 * a change committed while the rows are read then leaves the view with an older revision than
 * the database, and the next revision check reloads it (never a new revision over old rows).
 */
export async function loadRosterRows(m: EntityManager): Promise<RosterRows> {
  const revision = await m.findOne(RosterRevisionEntity, { where: { id: 1 } }).then((row) => row?.revision ?? 0);
  // A transaction holds one connection, and pg refuses a query given to a client still executing
  // another (a DeprecationWarning today): inside one, the tables are read one after another.
  const oneByOne = m.queryRunner?.isTransactionActive === true;
  const [bodies, seats, assignments, persons, aliases, positions, tenures] = await runAll(oneByOne, [
    () => m.find(CommandBodyEntity),
    () => m.find(SeatEntity),
    () => m.find(SeatAssignmentEntity),
    () => m.find(PersonEntity),
    () => m.find(PersonAliasEntity),
    () => m.find(PositionEntity),
    () => m.find(TenureEntity),
  ] as const);
  return { revision, bodies, seats, assignments, persons, aliases, positions, tenures };
}

type Results<T extends readonly (() => Promise<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

/** Runs the reads together, or one after another when they share one connection. */
async function runAll<T extends readonly (() => Promise<unknown>)[]>(oneByOne: boolean, reads: T): Promise<Results<T>> {
  if (!oneByOne) return (await Promise.all(reads.map((read) => read()))) as Results<T>;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as Results<T>;
}
