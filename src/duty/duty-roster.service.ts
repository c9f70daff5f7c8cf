import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { instantParam } from '../database/columns.helper';
import { DirectoryService } from '../roster/directory.service';
import type { RosterView } from '../roster/core/roster-view';
import type { OfficeDef } from './core/duty-config';
import { DutyRowData, shiftAt, ShiftState, shiftsBetween } from './core/duty-roster';
import { DutyAssignmentEntity } from './entities/duty-assignment.entity';
import { DutySettingsService } from './duty-settings.service';

/** The longest range one dutyShifts query may span. */
export const MAX_DUTY_RANGE_DAYS = 62;

/**
 * How long a "keeps no roster here" answer (as known now) is trusted. This process's own imports end
 * it at once; a first roster imported through another API process is seen within this time.
 */
export const NOT_KEEPING_TRUST_MS = 1000;

/**
 * The read side of the duty roster: which rows were known at an instant, read with one indexed
 * query per question, and grouped into shifts by the pure core.
 */
@Injectable()
export class DutyRosterService {
  /** Offices known to keep their roster here (as known now; it stays true). */
  private readonly keeping = new Set<string>();
  /** Offices that kept no roster when last asked (as known now), with the instant (Date.now()) of the answer. */
  private readonly notKeeping = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: DutySettingsService,
    private readonly directory: DirectoryService,
  ) {}

  view(knownAt: Date | null = null): Promise<RosterView> {
    return this.directory.view(knownAt);
  }

  /**
   * The rows of an office (every office when null) whose window overlaps [from, to), as known at
   * `knownAt` (as known now when null): recorded by then and not superseded by then.
   */
  async rows(
    office: string | null,
    from: Date,
    to: Date,
    knownAt: Date | null,
    personId: string | null = null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DutyRowData[]> {
    const qb = manager
      .createQueryBuilder(DutyAssignmentEntity, 'd')
      .where('d.starts_at < :to AND d.ends_at > :from', { from: instantParam(from), to: instantParam(to) });
    if (office) qb.andWhere('d.office = :office', { office });
    if (personId) qb.andWhere('d.person_id = :personId', { personId });
    if (knownAt) {
      const k = instantParam(knownAt);
      qb.andWhere('d.recorded_at <= :k AND (d.superseded_at IS NULL OR d.superseded_at > :k)', { k });
    } else {
      qb.andWhere('d.superseded_at IS NULL');
    }
    return qb.orderBy('d.starts_at', 'ASC').addOrderBy('d.ordinal', 'ASC').getMany();
  }

  /**
   * True once the office has recorded any duty roster (as known at knownAt): it keeps its roster here.
   * As known now, a true answer is kept: rows are never deleted, so it cannot turn false again; a
   * false one is trusted for NOT_KEEPING_TRUST_MS (intake asks this for every report).
   */
  async keepsRoster(office: string, knownAt: Date | null): Promise<boolean> {
    if (!knownAt) {
      if (this.keeping.has(office)) return true;
      const answeredAt = this.notKeeping.get(office);
      if (answeredAt !== undefined && Date.now() - answeredAt < NOT_KEEPING_TRUST_MS) return false;
    }
    const askedAt = Date.now();
    const qb = this.dataSource
      .getRepository(DutyAssignmentEntity)
      .createQueryBuilder('d')
      .select('d.id')
      .where('d.office = :office', { office });
    if (knownAt) qb.andWhere('d.recorded_at <= :k', { k: instantParam(knownAt) });
    const keeps = (await qb.limit(1).getRawMany()).length > 0;
    if (!knownAt && keeps) this.recorded(office);
    // An import committed while the query ran has said recorded(): its yes stands.
    else if (!knownAt && !this.keeping.has(office)) this.notKeeping.set(office, askedAt);
    return keeps;
  }

  /** The office's roster rows were written (committed) by this process: it keeps its roster here from now on. */
  recorded(office: string): void {
    this.keeping.add(office);
    this.notKeeping.delete(office);
  }

  async onDuty(office: OfficeDef, at: Date, knownAt: Date | null): Promise<ShiftState> {
    // A window recorded under an older configuration may be up to a day long: look a day around `at`.
    const rows = await this.rows(
      office.code,
      new Date(at.getTime() - 36 * 3600_000),
      new Date(at.getTime() + 1),
      knownAt,
    );
    return shiftAt(office, rows, at);
  }

  async shifts(office: OfficeDef, from: Date, to: Date, knownAt: Date | null): Promise<ShiftState[]> {
    const rows = await this.rows(office.code, from, to, knownAt);
    return shiftsBetween(office, rows, from, to);
  }
}
