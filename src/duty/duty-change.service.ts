import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { actorOf, Principal } from '../auth/principal.types';
import { Clock } from '../common/clock.provider';
import { BadInputException, DomainException } from '../common/domain.exception';
import { TransactionService } from '../database/transaction.service';
import { planAbsence, planSwap, ShiftRef } from './core/duty-changes';
import type { OfficeDef } from './core/duty-config';
import { findShift, isDate, chinaDateTime } from './core/shift-calendar';
import { DutyAccessService } from './duty-access.service';
import { personNamed } from './duty-people.helper';
import { DutyRosterService } from './duty-roster.service';
import { DutySettingsService } from './duty-settings.service';
import { ConcurrentDutyChange, planIds, writeDutyChange } from './duty-writes.helper';
import type { DutyChangeEntity } from './entities/duty-change.entity';

export interface ShiftRefInput {
  date: string;
  shift: string;
  person: string;
}

export type AbsenceKind = 'LEAVE' | 'BUSINESS_TRIP' | 'OTHER';
export const ABSENCE_NAMES: Record<AbsenceKind, string> = { LEAVE: '请假', BUSINESS_TRIP: '出差', OTHER: '其他' };

const DAY_MS = 24 * 3600_000;

/** 换班 and 请假 / 出差 on shifts already on the roster, each with a reason, journalled and audited. */
@Injectable()
export class DutyChangeService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly roster: DutyRosterService,
    private readonly settings: DutySettingsService,
    private readonly access: DutyAccessService,
    private readonly clock: Clock,
  ) {}

  async swap(
    input: { office?: string | null; first: ShiftRefInput; second: ShiftRefInput; reason: string },
    principal: Principal | null,
  ): Promise<{ change: DutyChangeEntity; office: OfficeDef; dates: string[] }> {
    const view = await this.roster.view();
    const office = this.settings.office(input.office, view);
    await this.access.assertMayChange(principal, office.code);
    const reason = requireReason(input.reason);
    const ref = (r: ShiftRefInput, field: string): ShiftRef => {
      const date = r.date.trim();
      if (!isDate(date)) throw new BadInputException(`${field}.date`, r.date, 'must be a date YYYY-MM-DD (China time)');
      const shift = findShift(office, r.shift);
      if (!shift)
        throw new BadInputException(
          `${field}.shift`,
          r.shift,
          `is not a shift of ${office.name}; expected one of ${office.shifts.map((s) => s.name).join(', ')}`,
        );
      const person = personNamed(view, r.person, `${field}.person`);
      return { date, shift: shift.code, personId: person.id, personName: person.name };
    };
    const first = ref(input.first, 'first');
    const second = ref(input.second, 'second');
    const change = await this.write(async (m) => {
      const [from, to] = windowAround([first.date, second.date]);
      const current = await this.roster.rows(office.code, from, to, null, null, m);
      const plan = planSwap(current, office.code, first, second, `换班: ${reason}`);
      const summary = `${office.name} 换班: ${first.personName}(${first.date} ${shiftName(office, first.shift)}) 与 ${second.personName}(${second.date} ${shiftName(office, second.shift)}) 互换`;
      return writeDutyChange(
        m,
        { kind: 'SWAP', office: office.code, summary, reason, data: { first, second } },
        planIds(plan),
        actorOf(principal),
        this.clock.now(),
      );
    });
    return { change, office, dates: [first.date, second.date] };
  }

  async absence(
    input: {
      office?: string | null;
      person: string;
      substitute: string;
      from: Date;
      to: Date;
      kind: AbsenceKind;
      reason: string;
    },
    principal: Principal | null,
  ): Promise<{ change: DutyChangeEntity; office: OfficeDef }> {
    const view = await this.roster.view();
    const office = this.settings.office(input.office, view);
    await this.access.assertMayChange(principal, office.code);
    const reason = requireReason(input.reason);
    if (input.to.getTime() - input.from.getTime() > 62 * DAY_MS) {
      throw new BadInputException(
        'to',
        input.to.toISOString(),
        'an absence may span at most 62 days; record a longer one in parts',
      );
    }
    const person = personNamed(view, input.person, 'person');
    const substitute = personNamed(view, input.substitute, 'substitute');
    const kindName = ABSENCE_NAMES[input.kind];
    const change = await this.write(async (m) => {
      const current = await this.roster.rows(office.code, input.from, input.to, null, null, m);
      const plan = planAbsence(
        current,
        office.code,
        person,
        substitute,
        input.from,
        input.to,
        `${kindName}: ${reason}`,
      );
      const shifts = plan.supersede.map((r) => `${r.shiftDate} ${r.shiftName}`);
      const summary = `${office.name} ${person.name}${kindName}(${chinaDateTime(input.from)}至${chinaDateTime(input.to)}), 由 ${substitute.name} 代班: ${shifts.join('、')}`;
      return writeDutyChange(
        m,
        {
          kind: 'ABSENCE',
          office: office.code,
          summary,
          reason,
          data: { person, substitute, kind: input.kind, from: input.from, to: input.to, shifts },
        },
        planIds(plan),
        actorOf(principal),
        this.clock.now(),
      );
    });
    return { change, office };
  }

  private async write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.transactions.run(work);
    } catch (error) {
      if (error instanceof ConcurrentDutyChange) throw new DomainException('CONFLICT', error.message);
      throw error;
    }
  }
}

function requireReason(reason: string): string {
  const text = reason.trim();
  if (!text) throw new BadInputException('reason', reason, 'must say why (e.g. 家中有事 / 赴省厅参加会议)');
  if (text.length > 500)
    throw new BadInputException('reason', `${text.slice(0, 20)}…`, 'must be at most 500 characters');
  return text;
}

function shiftName(office: OfficeDef, code: string): string {
  return office.shifts.find((s) => s.code === code)?.name ?? code;
}

/** From the day before the first date to two days after the last: every shift starting on those dates. */
function windowAround(dates: string[]): [Date, Date] {
  const sorted = [...dates].sort();
  const from = new Date(`${sorted[0]}T00:00:00+08:00`);
  const to = new Date(`${sorted[sorted.length - 1]}T00:00:00+08:00`);
  return [new Date(from.getTime() - DAY_MS), new Date(to.getTime() + 2 * DAY_MS)];
}
