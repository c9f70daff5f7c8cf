import { BadInputException, DomainException } from '../../common/domain.exception';
import { CommandRole } from '../../roster/core/command-role';
import { covers, reachesPast } from '../../roster/core/period';
import { formatInstant } from '../../roster/core/text-match';
import type { CommandBodyEntity } from '../../roster/entities/command-body.entity';
import type { PersonEntity } from '../../roster/entities/person.entity';
import type { PositionEntity } from '../../roster/entities/position.entity';
import type { SeatEntity } from '../../roster/entities/seat.entity';
import type { TenureEntity } from '../../roster/entities/tenure.entity';
import type { ChangeMeta } from '../roster-change.types';
import type { RosterState } from './roster-state';

/**
 * The rules every roster change checks before it writes, and the questions it asks of the roster
 * (who holds a title, whose seat is this). Pure: they read a RosterState and throw a
 * BAD_USER_INPUT naming the field and the value.
 */

const POST_ONLY_ROLES: readonly CommandRole[] = [
  CommandRole.COMMANDER,
  CommandRole.DEPUTY_COMMANDER,
  CommandRole.OFFICE_DIRECTOR,
];

/** When a change takes effect: its effectiveFrom, or now; never before the command system was established. */
export function effectiveFrom(state: RosterState, meta: ChangeMeta): Date {
  const at = meta.effectiveFrom ?? state.now;
  const established = state.rows.bodies.length
    ? Math.min(...state.rows.bodies.map((b) => b.establishedAt.getTime()))
    : null;
  if (established === null)
    throw new DomainException('NOT_FOUND', 'no roster is loaded; import one with npm run roster:import -- <file>');
  if (at.getTime() < established) {
    throw new BadInputException(
      'effectiveFrom',
      at.toISOString(),
      `is before the command system was established (${formatInstant(new Date(established))})`,
      `生效时间 ${formatInstant(at)} 早于指挥体系建立之日 ${formatInstant(new Date(established))}`,
    );
  }
  if (meta.documentRef && meta.documentRef.trim().length > 128)
    throw new BadInputException('documentRef', meta.documentRef, 'must be at most 128 characters');
  return at;
}

/**
 * True when the seat belongs to the person from `at`: they fill it then, or an acting holder
 * fills it for them and it comes back to them, or it is empty then and they fill it next.
 */
export function heldBy(state: RosterState, seat: SeatEntity, at: Date, personId: string): boolean {
  const assignments = state.assignmentsOf(seat.id).filter((a) => reachesPast(a, at));
  const current = assignments.find((a) => covers(a, at));
  if (current?.personId === personId) return true;
  if (current && !current.acting) return false;
  const next = assignments.find(
    (a) => a !== current && !a.acting && a.effectiveFrom.getTime() >= (current?.effectiveTo?.getTime() ?? at.getTime()),
  );
  return next?.personId === personId;
}

/** The holders of the tenures in force at `at`, for messages: 甲、乙. */
export function holderNames(state: RosterState, tenures: TenureEntity[], at: Date): string {
  return [...new Set(tenures.filter((t) => covers(t, at)).map((t) => state.personName(t.personId)))].join('、');
}

/** The holder of a position on `at` whose name or alias is `name`. */
export function holderNamed(
  state: RosterState,
  position: PositionEntity,
  tenures: TenureEntity[],
  at: Date,
  name: string,
  field = 'replacing',
  includeActing = false,
): PersonEntity {
  const current = tenures.filter((t) => (includeActing || !t.acting) && covers(t, at));
  const candidates = state.personsNamed(name).filter((p) => current.some((t) => t.personId === p.id));
  if (candidates.length === 1) return candidates[0];
  const holders = [...new Set(current.map((t) => state.personName(t.personId)))].join('、') || 'nobody';
  if (candidates.length > 1)
    throw new BadInputException(field, name, `names several holders of ${position.title}; pass personId`);
  throw new BadInputException(
    field,
    name,
    `is not a holder of ${position.title} on ${formatInstant(at)}; holders then: ${holders}`,
  );
}

/** A body's seats change only while it exists. */
export function assertEstablished(body: CommandBodyEntity, at: Date): void {
  if (at.getTime() < body.establishedAt.getTime()) {
    throw new BadInputException(
      'effectiveFrom',
      at.toISOString(),
      `${formatInstant(at)} is before ${formatInstant(body.establishedAt)}, when ${body.code} was established`,
      `生效时间 ${formatInstant(at)} 早于${body.name}设立之日 ${formatInstant(body.establishedAt)}`,
    );
  }
}

/**
 * A seat changes only within its lifetime: from when it was added until it was removed. The
 * message names both dates.
 */
export function assertWithinSeat(state: RosterState, seatId: string, at: Date, doing: 'removed' | 'reassigned'): void {
  const life = state.seatLifetime(seatId);
  const zh = doing === 'removed' ? '撤销' : '调整';
  if (at.getTime() < life.effectiveFrom.getTime()) {
    throw new BadInputException(
      'effectiveFrom',
      at.toISOString(),
      `${formatInstant(at)} is before ${formatInstant(life.effectiveFrom)}, when seat ${seatId} was added; it cannot be ${doing} before it existed`,
      `生效时间 ${formatInstant(at)} 早于该席位设立之日 ${formatInstant(life.effectiveFrom)}，不能在设立之前${zh}`,
    );
  }
  if (life.effectiveTo && at.getTime() >= life.effectiveTo.getTime()) {
    throw new BadInputException(
      'effectiveFrom',
      at.toISOString(),
      `${formatInstant(at)} is on or after ${formatInstant(life.effectiveTo)}, when seat ${seatId} was removed; it cannot be ${doing} after that`,
      `生效时间 ${formatInstant(at)} 不早于该席位撤销之日 ${formatInstant(life.effectiveTo)}，不能再${zh}`,
    );
  }
}

/** Which roles a body may have seats for (the 带班领导 comes from the duty roster, not a seat). */
export function assertRoleFits(body: CommandBodyEntity, role: CommandRole): void {
  if (role === CommandRole.LEADER_ON_DUTY) {
    throw new BadInputException(
      'role',
      role,
      'is not a seat: the 带班领导 comes from the duty roster (importDutyRoster)',
    );
  }
  if (body.kind === 'POST' && !POST_ONLY_ROLES.includes(role)) {
    throw new BadInputException(
      'role',
      role,
      `is for the headquarters only; a post has ${POST_ONLY_ROLES.join(', ')} seats (its members are listed as text)`,
    );
  }
}
