/**
 * The leader on duty (带班领导) in an activation: the duty officer informs them within minutes and
 * they decide before a post is activated, so they are the first recipient. When the shift at the
 * incident's time has no 带班领导, the configured fallback seats (the headquarters office director
 * by default) are told in their place, and the activation says so. Pure.
 */
import type { ActivationResult, ResolvedRecipient, ResolvedRole } from '../../activation/core/resolve-activation';
import type { CommandRole } from '../../roster/core/command-role';
import type { OfficeDef } from './duty-config';
import type { ShiftState } from './duty-roster';
import { chinaDateTime } from './shift-calendar';

export const LEADER_ON_DUTY = 'LEADER_ON_DUTY' as CommandRole;

export interface DutyPersonRef {
  personId: string;
  personName: string;
  personAliases: string[];
}

/** Frozen with the activation: which shift was read and who was told as its leader. */
export interface LeaderOnDutyResult {
  office: string;
  officeName: string;
  shiftDate: string;
  shiftCode: string;
  shiftName: string;
  startsAt: string;
  endsAt: string;
  /** The 带班领导 on the roster at the instant; null when the shift has none. */
  leader: DutyPersonRef | null;
  officers: DutyPersonRef[];
  /** True when the fallback was told because the shift has no 带班领导. */
  fallback: boolean;
  /** Who was told as the fallback (empty unless fallback). */
  fallbackPersons: DutyPersonRef[];
  /** What happened, in Chinese; also appended to the activation's reason. */
  note: string;
}

export interface FallbackSeat {
  person: DutyPersonRef | null;
  body: string;
  bodyName: string;
  roleName: string;
  title: string;
}

function addFirst(recipients: ResolvedRecipient[], person: DutyPersonRef, role: ResolvedRole): ResolvedRecipient[] {
  const existing = recipients.find((r) => r.personId === person.personId);
  const rest = recipients.filter((r) => r.personId !== person.personId);
  const roles = existing
    ? [role, ...existing.roles.filter((r) => !(r.body === role.body && r.role === role.role))]
    : [role];
  return [
    { personId: person.personId, personName: person.personName, personAliases: [...person.personAliases], roles },
    ...rest,
  ];
}

/**
 * Adds the 带班领导 on shift (or, when there is none, the fallback) to an activation as the first
 * recipient with role LEADER_ON_DUTY; one notification per person still holds (a leader who also
 * holds a seat keeps one entry, with this role first).
 */
export function withLeaderOnDuty(
  result: ActivationResult,
  office: OfficeDef,
  state: ShiftState,
  person: (id: string) => DutyPersonRef,
  fallback: readonly FallbackSeat[],
  fallbackSource: string,
): ActivationResult & { leaderOnDuty: LeaderOnDutyResult } {
  const shiftLabel = `${office.name} ${state.slot.date} ${state.slot.name}(${chinaDateTime(state.slot.startsAt)}至${chinaDateTime(state.slot.endsAt)})`;
  const leader = state.leader ? person(state.leader.personId) : null;
  const officers = state.officers.map((o) => person(o.personId));
  let recipients = result.recipients;
  const fallbackPersons: DutyPersonRef[] = [];
  let note: string;
  if (leader) {
    recipients = addFirst(recipients, leader, {
      body: office.body ?? office.code,
      bodyName: office.name,
      role: LEADER_ON_DUTY,
      roleName: '带班领导',
      title: `${state.slot.date} ${state.slot.name}带班领导`,
      acting: Boolean(state.leader?.replacesPersonId),
    });
    note = `值班表: ${shiftLabel}带班领导 ${leader.personName}, 首先通知`;
  } else {
    // Fallback seats in reverse, so that the first of them ends up first.
    for (const seat of [...fallback].reverse()) {
      if (!seat.person) continue;
      fallbackPersons.unshift(seat.person);
      recipients = addFirst(recipients, seat.person, {
        body: seat.body,
        bodyName: seat.bodyName,
        role: LEADER_ON_DUTY,
        roleName: '带班领导(值班表空缺, 兜底)',
        title: seat.title,
        acting: false,
      });
    }
    const told = fallback.filter((s) => s.person).map((s) => `${s.bodyName}${s.roleName} ${s.person!.personName}`);
    note =
      `值班表: ${shiftLabel}无带班领导${officers.length === 0 ? '、无值班员' : ''}, ` +
      (told.length
        ? `改为通知${told.join('、')}: "${fallbackSource}"`
        : '兜底席位也空缺, 无人可代为带班, 需立即上报补位');
  }
  const leaderOnDuty: LeaderOnDutyResult = {
    ...shiftOf(office, state),
    leader,
    officers,
    fallback: !leader,
    fallbackPersons,
    note,
  };
  const reason = result.reason.endsWith('。')
    ? `${result.reason.slice(0, -1)}; ${note}。`
    : `${result.reason}; ${note}`;
  return { ...result, recipients, reason, leaderOnDuty };
}

/**
 * The activation of an office that keeps no duty roster in the service (none ever recorded): the
 * recipients stay as the command system decides, and leaderOnDuty says why no 带班领导 was told.
 */
export function withoutDutyRoster(
  result: ActivationResult,
  office: OfficeDef,
  state: ShiftState,
): ActivationResult & { leaderOnDuty: LeaderOnDutyResult } {
  return {
    ...result,
    leaderOnDuty: {
      ...shiftOf(office, state),
      leader: null,
      officers: [],
      fallback: false,
      fallbackPersons: [],
      note: `值班表: ${office.name}尚未录入值班表, 未通知带班领导; 请导入值班表(importDutyRoster)`,
    },
  };
}

/** The office and the shift an answer about the 带班领导 speaks of. */
function shiftOf(office: OfficeDef, state: ShiftState) {
  return {
    office: office.code,
    officeName: office.name,
    shiftDate: state.slot.date,
    shiftCode: state.slot.code,
    shiftName: state.slot.name,
    startsAt: state.slot.startsAt.toISOString(),
    endsAt: state.slot.endsAt.toISOString(),
  };
}
