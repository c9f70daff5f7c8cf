import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Clock } from '../common/clock.provider';
import type { Principal } from '../auth/principal.types';
import { ApiRole } from '../auth/api-role.enum';
import { BadInputException } from '../common/domain.exception';
import { instantParam } from '../database/columns.helper';
import { DutyAccessService } from './duty-access.service';
import { DutyCalendarService } from './duty-calendar.service';
import { DutyChangeService } from './duty-change.service';
import { MAX_DUTY_RANGE_DAYS, DutyRosterService } from './duty-roster.service';
import { DutySettingsService } from './duty-settings.service';
import { DutySheetService } from './duty-sheet.service';
import { toDutyChangeModel, toDutyShiftModel } from './duty.mapper';
import { DutyChangeEntity } from './entities/duty-change.entity';
import {
  DutyCalendarLinkModel,
  DutyChangeModel,
  DutyChangeResultModel,
  DutyImportResultModel,
  DutyOfficeModel,
  DutyRosterFileModel,
} from './models/duty-change.model';
import { DutyShiftModel } from './models/duty-shift.model';
import {
  DutySheetFormat,
  ImportDutyRosterInput,
  RecordDutyAbsenceInput,
  SwapDutyShiftsInput,
} from './models/duty.input';

const DAY_MS = 86_400_000;

@Resolver()
export class DutyResolver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roster: DutyRosterService,
    private readonly settings: DutySettingsService,
    private readonly changes: DutyChangeService,
    private readonly sheets: DutySheetService,
    private readonly calendars: DutyCalendarService,
    private readonly access: DutyAccessService,
    private readonly clock: Clock,
  ) {}

  @Query(() => DutyShiftModel, {
    description: 'Who is on duty at an instant (now when omitted): the shift, its 值班员 and 带班领导.',
  })
  async onDuty(
    @Args('at', { type: () => Date, nullable: true }) at?: Date | null,
    @Args('office', { type: () => String, nullable: true, description: 'HQ (default) or a post code.' })
    office?: string | null,
    @Args('knownAt', {
      type: () => Date,
      nullable: true,
      description: 'As the roster was recorded at this instant; as known now when omitted.',
    })
    knownAt?: Date | null,
  ): Promise<DutyShiftModel> {
    const view = await this.roster.view(knownAt ?? null);
    const def = this.settings.office(office, view);
    return toDutyShiftModel(def, await this.roster.onDuty(def, at ?? this.clock.now(), knownAt ?? null), view);
  }

  @Query(() => [DutyShiftModel], {
    description: 'Every shift of an office overlapping [from, to), empty ones included (at most 62 days).',
  })
  async dutyShifts(
    @Args('from', { type: () => Date }) from: Date,
    @Args('to', { type: () => Date }) to: Date,
    @Args('office', { type: () => String, nullable: true }) office?: string | null,
    @Args('knownAt', {
      type: () => Date,
      nullable: true,
      description: 'As the roster was recorded at this instant; as known now when omitted.',
    })
    knownAt?: Date | null,
  ): Promise<DutyShiftModel[]> {
    if (to.getTime() <= from.getTime())
      throw new BadInputException('to', to.toISOString(), `must be after from (${from.toISOString()})`);
    if (to.getTime() - from.getTime() > MAX_DUTY_RANGE_DAYS * DAY_MS) {
      throw new BadInputException('to', to.toISOString(), `must be at most ${MAX_DUTY_RANGE_DAYS} days after from`);
    }
    const view = await this.roster.view(knownAt ?? null);
    const def = this.settings.office(office, view);
    return (await this.roster.shifts(def, from, to, knownAt ?? null)).map((s) => toDutyShiftModel(def, s, view));
  }

  @Query(() => [DutyOfficeModel], {
    description: 'The offices that keep a duty roster and their shifts (config/duty.yaml).',
  })
  async dutyOffices(@CurrentPrincipal() principal: Principal | null): Promise<DutyOfficeModel[]> {
    const offices = this.settings.config.offices;
    const may = await Promise.all(offices.map((o) => this.access.mayChange(principal, o.code)));
    return offices.map((o, i) => ({
      ...o,
      shifts: o.shifts.map((s) => ({ ...s, aliases: [...s.aliases] })),
      mayChange: may[i],
    }));
  }

  @Query(() => [DutyChangeModel], {
    description: 'The recorded changes of a duty roster in [from, to) of recording time, newest first.',
  })
  async dutyChanges(
    @Args('office', { type: () => String, nullable: true }) office?: string | null,
    @Args('from', { type: () => Date, nullable: true }) from?: Date | null,
    @Args('to', { type: () => Date, nullable: true }) to?: Date | null,
  ): Promise<DutyChangeModel[]> {
    const def = this.settings.office(office, await this.roster.view());
    const qb = this.dataSource
      .getRepository(DutyChangeEntity)
      .createQueryBuilder('c')
      .where('c.office = :office', { office: def.code });
    if (from) qb.andWhere('c.recorded_at >= :from', { from: instantParam(from) });
    if (to) qb.andWhere('c.recorded_at < :to', { to: instantParam(to) });
    const rows = await qb.orderBy('c.recorded_at', 'DESC').addOrderBy('c.id', 'DESC').take(500).getMany();
    return rows.map(toDutyChangeModel);
  }

  @Query(() => DutyRosterFileModel, {
    description:
      'A month of a duty roster as a spreadsheet in the import layout; phones only for roster_editor and duty_officer keys.',
  })
  async exportDutyRoster(
    @Args('month', { description: 'YYYY-MM' }) month: string,
    @Args('format', { type: () => DutySheetFormat, nullable: true, description: 'XLSX when omitted.' })
    format: DutySheetFormat | null,
    @Args('office', { type: () => String, nullable: true }) office: string | null,
    @Args('knownAt', { type: () => Date, nullable: true }) knownAt: Date | null,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<DutyRosterFileModel> {
    return this.sheets.export({ office, month, format: format ?? DutySheetFormat.XLSX, knownAt }, principal);
  }

  @Roles(ApiRole.roster_editor, ApiRole.duty_officer)
  @Mutation(() => DutyImportResultModel, {
    description:
      "Imports a month of an office's duty roster from a spreadsheet (日期, 班次, 值班员, 带班领导, 联系电话); replaces that month, or writes nothing and names each bad row and column.",
  })
  async importDutyRoster(
    @Args('input') input: ImportDutyRosterInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<DutyImportResultModel> {
    const result = await this.sheets.import(input, principal);
    const view = await this.roster.view();
    return {
      office: result.office.code,
      month: result.month,
      dryRun: result.dryRun,
      changeId: result.changeId,
      shiftsRead: result.shifts,
      assignments: result.assignments,
      replaced: result.replaced,
      contactMethodsAdded: result.contactMethodsAdded,
      gaps: result.states
        .filter((s) => s.slot.date.startsWith(result.month) && (s.officers.length === 0 || !s.leader))
        .map((s) => toDutyShiftModel(result.office, s, view)),
    };
  }

  @Roles(ApiRole.roster_editor, ApiRole.duty_officer)
  @Mutation(() => DutyChangeResultModel, {
    description: '换班: two people exchange their shifts; a roster_editor, or a duty_officer of that office.',
  })
  async swapDutyShifts(
    @Args('input') input: SwapDutyShiftsInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<DutyChangeResultModel> {
    const { change, office, dates } = await this.changes.swap(input, principal);
    const view = await this.roster.view();
    const shifts = await this.roster.shifts(
      office,
      new Date(`${[...dates].sort()[0]}T00:00:00+08:00`),
      new Date(new Date(`${[...dates].sort()[1]}T00:00:00+08:00`).getTime() + 2 * DAY_MS),
      null,
    );
    const touched = shifts.filter((s) =>
      [...s.officers, ...(s.leader ? [s.leader] : [])].some((r) => r.changeId === change.id),
    );
    return { change: toDutyChangeModel(change), shifts: touched.map((s) => toDutyShiftModel(office, s, view)) };
  }

  @Roles(ApiRole.roster_editor, ApiRole.duty_officer)
  @Mutation(() => DutyChangeResultModel, {
    description:
      '请假 / 出差: a substitute takes the person’s place on their shifts in [from, to); a roster_editor, or a duty_officer of that office.',
  })
  async recordDutyAbsence(
    @Args('input') input: RecordDutyAbsenceInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<DutyChangeResultModel> {
    const { change, office } = await this.changes.absence(input, principal);
    const view = await this.roster.view();
    const shifts = await this.roster.shifts(
      office,
      new Date(input.from.getTime() - DAY_MS),
      new Date(input.to.getTime() + DAY_MS),
      null,
    );
    const touched = shifts.filter((s) =>
      [...s.officers, ...(s.leader ? [s.leader] : [])].some((r) => r.changeId === change.id),
    );
    return { change: toDutyChangeModel(change), shifts: touched.map((s) => toDutyShiftModel(office, s, view)) };
  }

  @Roles(ApiRole.roster_editor, ApiRole.duty_officer)
  @Mutation(() => DutyCalendarLinkModel, {
    description: 'A new calendar-feed link for a person (the previous one stops working). Shown once.',
  })
  async issueDutyCalendarLink(@Args('personId', { type: () => ID }) personId: string): Promise<DutyCalendarLinkModel> {
    const link = await this.calendars.issue(personId);
    return { url: link.url, person: { id: link.personId, name: link.personName, aliases: [], asOf: new Date() } };
  }

  @Roles(ApiRole.roster_editor, ApiRole.duty_officer)
  @Mutation(() => Boolean, { description: "Revokes a person's calendar-feed link; true when there was one." })
  async revokeDutyCalendarLink(@Args('personId', { type: () => ID }) personId: string): Promise<boolean> {
    return (await this.calendars.revoke(personId)) > 0;
  }

  @Roles(ApiRole.admin)
  @Mutation(() => [String], {
    description:
      'Lets a duty_officer key change the duty roster of an office (its own); answers the offices the key is bound to.',
  })
  async bindDutyOfficeKey(
    @Args('keyId', { type: () => ID }) keyId: string,
    @Args('office') office: string,
  ): Promise<string[]> {
    const def = this.settings.office(office, await this.roster.view());
    return this.access.bind(keyId, def.code);
  }

  @Roles(ApiRole.admin)
  @Mutation(() => [String], { description: 'Undoes bindDutyOfficeKey; answers the offices the key is still bound to.' })
  async unbindDutyOfficeKey(
    @Args('keyId', { type: () => ID }) keyId: string,
    @Args('office') office: string,
  ): Promise<string[]> {
    return this.access.unbind(keyId, office.trim());
  }
}
