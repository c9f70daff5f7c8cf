import type { RosterView } from '../roster/core/roster-view';
import type { PersonModel } from '../roster/models/person.model';
import type { OfficeDef } from './core/duty-config';
import { DutyRowData, shiftGaps, ShiftState } from './core/duty-roster';
import type { DutyChangeEntity } from './entities/duty-change.entity';
import type { DutyChangeModel } from './models/duty-change.model';
import { DutyAssignmentModel, DutyRole, DutyShiftModel } from './models/duty-shift.model';

/** The GraphQL model of a shift; persons from the roster view (in memory, no query per person). */
export function toDutyShiftModel(office: OfficeDef, state: ShiftState, view: RosterView): DutyShiftModel {
  const asOf = state.slot.startsAt;
  const person = (id: string): PersonModel => {
    const p = view.person(id);
    return { id, name: p?.name ?? '', aliases: p?.aliases ?? [], asOf, knownAt: view.knownAtInstant };
  };
  const assignment = (row: DutyRowData): DutyAssignmentModel => ({
    person: person(row.personId),
    role: row.role as DutyRole,
    replaces: row.replacesPersonId ? person(row.replacesPersonId) : null,
    note: row.note,
    recordedAt: row.recordedAt,
  });
  return {
    office: office.code,
    officeName: office.name,
    date: state.slot.date,
    shift: state.slot.code,
    shiftName: state.slot.name,
    startsAt: state.slot.startsAt,
    endsAt: state.slot.endsAt,
    officers: state.officers.map(assignment),
    leader: state.leader ? assignment(state.leader) : null,
    missing: shiftGaps(state) as DutyRole[],
  };
}

export function toDutyChangeModel(row: DutyChangeEntity): DutyChangeModel {
  return {
    id: row.id,
    kind: row.kind,
    office: row.office,
    summary: row.summary,
    reason: row.reason,
    recordedAt: row.recordedAt,
    actorName: row.actorName,
  };
}
