/**
 * Changes to shifts already on the roster, planned as rows to supersede and rows to record:
 * 换班 (two people exchange their shifts) and 请假 / 出差 (a substitute stands in for a person on
 * every shift of theirs in a period). Pure; the service writes the plan in one transaction.
 */
import { BadInputException } from '../../common/domain.exception';
import type { DutyRowData } from './duty-roster';
import { chinaDateTime } from './shift-calendar';

export type NewDutyRow = Omit<DutyRowData, 'id' | 'recordedAt' | 'supersededAt' | 'changeId'>;

export interface DutyPlan {
  supersede: DutyRowData[];
  insert: NewDutyRow[];
}

export interface ShiftRef {
  date: string;
  shift: string;
  personId: string;
  personName: string;
}

const slotOf = (r: Pick<DutyRowData, 'office' | 'shiftDate' | 'shiftCode'>) =>
  `${r.office}|${r.shiftDate}|${r.shiftCode}`;

function rowOf(current: readonly DutyRowData[], ref: ShiftRef, field: string, office: string): DutyRowData {
  const row = current.find(
    (r) => r.office === office && r.shiftDate === ref.date && r.shiftCode === ref.shift && r.personId === ref.personId,
  );
  if (!row) {
    throw new BadInputException(
      field,
      `${ref.date} ${ref.shift} ${ref.personName}`,
      `${ref.personName} is not on duty in ${office} on the ${ref.shift} shift of ${ref.date}`,
    );
  }
  return row;
}

function moved(row: DutyRowData, personId: string, note: string): NewDutyRow {
  return {
    office: row.office,
    shiftDate: row.shiftDate,
    shiftCode: row.shiftCode,
    shiftName: row.shiftName,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    personId,
    role: row.role,
    ordinal: row.ordinal,
    replacesPersonId: row.personId,
    note,
  };
}

/** 换班: the person of `first` takes the place of the person of `second` on their shift, and the other way round. */
export function planSwap(
  current: readonly DutyRowData[],
  office: string,
  first: ShiftRef,
  second: ShiftRef,
  reason: string,
): DutyPlan {
  if (first.personId === second.personId)
    throw new BadInputException('second.person', second.personName, 'a swap is between two different people');
  const a = rowOf(current, first, 'first', office);
  const b = rowOf(current, second, 'second', office);
  if (slotOf(a) === slotOf(b))
    throw new BadInputException(
      'second',
      `${second.date} ${second.shift}`,
      'both are on the same shift already; nothing to swap',
    );
  const onSlot = (slot: string, personId: string) => current.some((r) => slotOf(r) === slot && r.personId === personId);
  if (onSlot(slotOf(a), b.personId)) {
    throw new BadInputException(
      'second.person',
      second.personName,
      `${second.personName} is already on duty on the ${a.shiftName} of ${a.shiftDate}`,
    );
  }
  if (onSlot(slotOf(b), a.personId)) {
    throw new BadInputException(
      'first.person',
      first.personName,
      `${first.personName} is already on duty on the ${b.shiftName} of ${b.shiftDate}`,
    );
  }
  return { supersede: [a, b], insert: [moved(a, b.personId, reason), moved(b, a.personId, reason)] };
}

/**
 * 请假 / 出差: on every shift of the person overlapping [from, to) in the office, the substitute
 * takes their place in the same duty role.
 */
export function planAbsence(
  current: readonly DutyRowData[],
  office: string,
  person: { id: string; name: string },
  substitute: { id: string; name: string },
  from: Date,
  to: Date,
  reason: string,
): DutyPlan {
  if (to.getTime() <= from.getTime())
    throw new BadInputException('to', to.toISOString(), `must be after from (${from.toISOString()})`);
  if (person.id === substitute.id)
    throw new BadInputException('substitute', substitute.name, 'must be someone other than the absent person');
  const affected = current.filter(
    (r) =>
      r.office === office &&
      r.personId === person.id &&
      r.startsAt.getTime() < to.getTime() &&
      r.endsAt.getTime() > from.getTime(),
  );
  if (affected.length === 0) {
    throw new BadInputException(
      'person',
      person.name,
      `${person.name} has no shift in ${office} between ${chinaDateTime(from)} and ${chinaDateTime(to)} (China time); nothing to cover`,
    );
  }
  for (const row of affected) {
    if (current.some((r) => slotOf(r) === slotOf(row) && r.personId === substitute.id)) {
      throw new BadInputException(
        'substitute',
        substitute.name,
        `${substitute.name} is already on duty on the ${row.shiftName} of ${row.shiftDate}`,
      );
    }
  }
  return { supersede: affected, insert: affected.map((row) => moved(row, substitute.id, reason)) };
}
