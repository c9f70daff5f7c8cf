import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkPageQuery } from '../common/page-query.helper';
import { BadInputException, NotFoundException } from '../common/domain.exception';
import { instantParam } from '../database/columns.helper';
import { roleLabel } from './core/command-role';
import { DirectoryService } from './directory.service';
import { RosterChangeEntity } from './entities/roster-change.entity';
import { PersonHistoryModel, PositionHistoryModel } from './models/history.model';
import { PositionModel, TenureModel } from './models/position.model';
import { RosterChangeKindValue, RosterChangeModel, TimeAxis } from './models/roster-change.model';
import { RosterView } from './core/roster-view';
import type { PositionRecord, TenureRecord } from './core/roster-records';
import { closest } from './core/text-match';

export interface RosterChangeQuery {
  from?: Date | null;
  to?: Date | null;
  axis: TimeAxis;
  kind?: RosterChangeKindValue | null;
  knownAt?: Date | null;
  limit: number;
  offset: number;
}

export const ROSTER_CHANGES_PAGE_MAX = 1000;

/** Who held what, when, and who recorded each change: read from the roster view and the journal. */
@Injectable()
export class RosterHistoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: DirectoryService,
  ) {}

  async position(title: string, asOf: Date, knownAt?: Date | null): Promise<PositionModel> {
    const view = await this.directory.view(knownAt);
    return this.positionModel(view, this.findPosition(view, title), asOf);
  }

  /** The position with the given id, as it stands at `asOf` (the answer of appoint and friends). */
  async positionById(id: string, asOf: Date): Promise<PositionModel> {
    const view = await this.directory.view();
    const position = view.position(id);
    if (!position) throw new NotFoundException('position', 'id', id);
    return this.positionModel(view, position, asOf);
  }

  async positionHistory(title: string, knownAt?: Date | null): Promise<PositionHistoryModel> {
    const view = await this.directory.view(knownAt);
    const position = this.findPosition(view, title);
    const asOf = knownAt ?? new Date();
    return {
      position: this.positionModel(view, position, asOf),
      tenures: view.tenureHistory(position.id).map((t) => this.tenureModel(view, t, asOf)),
      changes: await this.changesMentioning(position.id, knownAt),
    };
  }

  async personHistory(id: string, knownAt?: Date | null): Promise<PersonHistoryModel> {
    const view = await this.directory.view(knownAt);
    const person = view.person(id);
    if (!person) throw new NotFoundException('person', 'id', id);
    const asOf = knownAt ?? new Date();
    return {
      person: this.directory.personModel(person, asOf, view.knownAtInstant),
      tenures: view.tenuresOfPerson(id).map((t) => this.tenureModel(view, t, asOf)),
      seats: view.assignmentsOfPerson(id).map((a) => ({
        seatId: a.seatId,
        body: a.body.code,
        bodyName: a.body.name,
        role: a.role,
        roleName: roleLabel(a.role, a.body.kind === 'HEADQUARTERS'),
        title: a.title,
        effectiveFrom: a.effectiveFrom,
        effectiveTo: a.effectiveTo,
        recordedAt: a.recordedAt,
        endRecordedAt: a.endRecordedAt,
        acting: a.acting,
      })),
      changes: await this.changesMentioning(id, knownAt),
    };
  }

  async rosterChanges(query: RosterChangeQuery): Promise<RosterChangeModel[]> {
    checkPageQuery(query, ROSTER_CHANGES_PAGE_MAX);
    const column = query.axis === TimeAxis.EFFECTIVE ? 'c.effective_from' : 'c.recorded_at';
    const qb = this.dataSource.getRepository(RosterChangeEntity).createQueryBuilder('c');
    if (query.from) qb.andWhere(`${column} >= :from`, { from: instantParam(query.from) });
    if (query.to) qb.andWhere(`${column} < :to`, { to: instantParam(query.to) });
    if (query.kind) qb.andWhere('c.kind = :kind', { kind: query.kind });
    if (query.knownAt) qb.andWhere('c.recorded_at <= :knownAt', { knownAt: instantParam(query.knownAt) });
    const rows = await qb
      .orderBy(column, 'ASC')
      .addOrderBy('c.recorded_at', 'ASC')
      .addOrderBy('c.sequence', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .skip(query.offset)
      .take(query.limit)
      .getMany();
    return rows.map(changeModel);
  }

  async change(id: string): Promise<RosterChangeModel> {
    const row = await this.dataSource.getRepository(RosterChangeEntity).findOne({ where: { id } });
    if (!row) throw new NotFoundException('roster change', 'id', id);
    return changeModel(row);
  }

  /** Journal rows whose details mention an id (a position or a person), in recording order. */
  async changesMentioning(id: string, knownAt?: Date | null): Promise<RosterChangeModel[]> {
    const qb = this.dataSource
      .getRepository(RosterChangeEntity)
      .createQueryBuilder('c')
      .where('c.data LIKE :pattern', { pattern: `%"${id.replace(/[%_"\\]/g, '')}"%` });
    if (knownAt) qb.andWhere('c.recorded_at <= :knownAt', { knownAt: instantParam(knownAt) });
    const rows = await qb
      .orderBy('c.recorded_at', 'ASC')
      .addOrderBy('c.sequence', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
    return rows.map(changeModel);
  }

  private findPosition(view: RosterView, title: string): PositionRecord {
    const position = view.positionByTitle(title);
    if (position) return position;
    const close = closest(
      title.trim(),
      view.positionList().flatMap((p) => [p.title, ...p.aliases]),
    );
    throw new BadInputException(
      'title',
      title,
      `no position has this title${close.length ? `; close titles: ${close.join('、')}` : ''}`,
    );
  }

  positionModel(view: RosterView, position: PositionRecord, asOf: Date): PositionModel {
    const tenures = view.holdersAt(position.id, asOf);
    const holders = new Map(
      tenures.map((t) => [t.person.id, this.directory.personModel(t.person, asOf, view.knownAtInstant)]),
    );
    return {
      id: position.id,
      title: position.title,
      multiHolder: position.multiHolder,
      aliases: position.aliases,
      holders: [...holders.values()],
      tenures: tenures.map((t) => this.tenureModel(view, t, asOf)),
      asOf,
    };
  }

  private tenureModel(view: RosterView, tenure: TenureRecord, asOf: Date): TenureModel {
    return {
      id: tenure.id,
      positionTitle: view.position(tenure.positionId)?.title ?? '',
      person: this.directory.personModel(tenure.person, asOf, view.knownAtInstant),
      effectiveFrom: tenure.effectiveFrom,
      effectiveTo: tenure.effectiveTo,
      recordedAt: tenure.recordedAt,
      endRecordedAt: tenure.endRecordedAt,
      acting: tenure.acting,
      documentRef: tenure.documentRef,
    };
  }
}

export function changeModel(row: RosterChangeEntity): RosterChangeModel {
  return {
    id: row.id,
    kind: row.kind as RosterChangeKindValue,
    summary: row.summary,
    effectiveFrom: row.effectiveFrom,
    recordedAt: row.recordedAt,
    documentRef: row.documentRef,
    reason: row.reason,
    actorKeyId: row.actorKeyId,
    actorName: row.actorName,
    details: row.data,
  };
}
