/**
 * What a duty roster lacks, for rosterIssues: shifts without a 值班员 or a 带班领导 from an instant to
 * some days ahead, or (for an office that must keep a roster) no roster at all in that window. Pure.
 */
import type { OfficeDef } from './duty-config';
import { shiftGaps, ShiftState } from './duty-roster';
import { chinaDateTime } from './shift-calendar';

export type DutyGapKind = 'DUTY_SHIFT_WITHOUT_LEADER' | 'DUTY_SHIFT_WITHOUT_OFFICER' | 'DUTY_ROSTER_MISSING';

export interface DutyGap {
  kind: DutyGapKind;
  office: OfficeDef;
  message: string;
  /** "2026-12-20 夜班"; null for a missing roster. */
  shift: string | null;
  since: Date;
}

export function dutyGaps(office: OfficeDef, states: readonly ShiftState[], from: Date, to: Date): DutyGap[] {
  const staffed = states.some((s) => s.officers.length > 0 || s.leader);
  if (!staffed) {
    if (!office.required || states.length === 0) return [];
    return [
      {
        kind: 'DUTY_ROSTER_MISSING',
        office,
        message: `${office.name} 在 ${chinaDateTime(from)} 至 ${chinaDateTime(to)} 没有值班表（${states.length} 个班次无人值班）；请导入值班表`,
        shift: null,
        since: states[0].slot.startsAt,
      },
    ];
  }
  const gaps: DutyGap[] = [];
  for (const state of states) {
    const label = `${state.slot.date} ${state.slot.name}`;
    const window = `${chinaDateTime(state.slot.startsAt)} 至 ${chinaDateTime(state.slot.endsAt)}`;
    for (const missing of shiftGaps(state)) {
      gaps.push({
        kind: missing === 'LEADER' ? 'DUTY_SHIFT_WITHOUT_LEADER' : 'DUTY_SHIFT_WITHOUT_OFFICER',
        office,
        message:
          missing === 'LEADER'
            ? `${office.name} ${label}（${window}）没有带班领导；如有突发事件将改为通知兜底人员`
            : `${office.name} ${label}（${window}）没有值班员`,
        shift: label,
        since: state.slot.startsAt,
      });
    }
  }
  return gaps;
}
