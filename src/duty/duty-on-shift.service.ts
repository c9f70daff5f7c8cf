import { Injectable } from '@nestjs/common';
import type { ResolvedRole } from '../activation/core/resolve-activation';
import type { CommandRole } from '../roster/core/command-role';
import type { RosterView } from '../roster/core/roster-view';
import { LEADER_ON_DUTY } from './core/leader-on-duty';
import { DutyRosterService } from './duty-roster.service';
import { DutySettingsService } from './duty-settings.service';

/** A duty officer (值班员) as a role in an alert's recipients. */
export const DUTY_OFFICER = 'DUTY_OFFICER' as CommandRole;

export interface OnShiftPerson {
  personId: string;
  personName: string;
  roles: ResolvedRole[];
}

/**
 * Who is on shift now in the duty office (duty.yaml activation.office): its 值班员 and its 带班领导,
 * as persons with their duty roles, for alerts that must reach the office (reporting deadlines,
 * an escalation that ran out). Empty when the office keeps no roster in the service or the shift is
 * unfilled; the callers add their configured seats, so someone is always told.
 */
@Injectable()
export class DutyOnShiftService {
  constructor(
    private readonly settings: DutySettingsService,
    private readonly roster: DutyRosterService,
  ) {}

  async people(at: Date, view: RosterView): Promise<OnShiftPerson[]> {
    const office = this.settings.office(this.settings.config.activation.office, view);
    const state = await this.roster.onDuty(office, at, null);
    const result = new Map<string, OnShiftPerson>();
    const add = (personId: string, role: CommandRole, roleName: string) => {
      const entry = result.get(personId) ?? {
        personId,
        personName: view.person(personId)?.name ?? '',
        roles: [],
      };
      entry.roles.push({
        body: office.body ?? office.code,
        bodyName: office.name,
        role,
        roleName,
        title: `${state.slot.date} ${state.slot.name}${roleName}`,
        acting: false,
      });
      result.set(personId, entry);
    };
    for (const officer of state.officers) add(officer.personId, DUTY_OFFICER, '值班员');
    if (state.leader) add(state.leader.personId, LEADER_ON_DUTY, '带班领导');
    return [...result.values()].filter((p) => p.personName);
  }
}
