import { BadInputException } from '../../common/domain.exception';
import { normalizePersonName } from '../../common/text-policy.helper';
import type { CommandBodyEntity } from '../../roster/entities/command-body.entity';
import type { PersonEntity } from '../../roster/entities/person.entity';
import type { PositionEntity } from '../../roster/entities/position.entity';
import type { SeatAssignmentEntity } from '../../roster/entities/seat-assignment.entity';
import type { SeatEntity } from '../../roster/entities/seat.entity';
import type { TenureEntity } from '../../roster/entities/tenure.entity';
import { byStart, covers, reachesPast } from '../../roster/core/period';
import type { RosterRows } from '../../roster/core/roster-records';
import { RosterView } from '../../roster/core/roster-view';
import { closest } from '../../roster/core/text-match';

/**
 * The current roster rows as one change sees them (the transaction helper keeps them in step with
 * what it writes), and the look-ups every change is made of: by title, code, id and name, the
 * tenures and seats of a position, a seat's versions and its holder at an instant. Pure: no
 * database, so the change rules (change-rules.ts) and their specs run on plain rows.
 */
export class RosterState {
  private cachedView: RosterView | null = null;

  constructor(
    readonly rows: RosterRows,
    /** The change's "now": when it is recorded, and when it takes effect unless it says otherwise. */
    readonly now: Date,
  ) {}

  /** The roster including this change's writes so far. */
  view(): RosterView {
    this.cachedView ??= new RosterView(this.rows);
    return this.cachedView;
  }

  /** Forgets the cached view after a write. */
  protected touched(): void {
    this.cachedView = null;
  }

  // ---- finding ---------------------------------------------------------------------------

  /** The position with this title or alias; otherwise a BAD_USER_INPUT naming close titles. */
  position(title: string, field = 'positionTitle'): PositionEntity {
    const found = this.findPosition(title);
    if (found) return found;
    throw this.unknownPosition(title, field);
  }

  unknownPosition(title: string, field = 'positionTitle', hint = ''): BadInputException {
    const titles = this.rows.positions.flatMap((p) => [p.title, ...(JSON.parse(p.aliases) as string[])]);
    const close = closest(title.trim(), titles);
    return new BadInputException(
      field,
      title,
      `no position has this title${close.length ? `; close titles: ${close.join('、')}` : ''}${hint ? `; ${hint}` : ''}`,
    );
  }

  findPosition(title: string): PositionEntity | undefined {
    const wanted = title.trim();
    return (
      this.rows.positions.find((p) => p.title === wanted) ??
      this.rows.positions.find((p) => (JSON.parse(p.aliases) as string[]).includes(wanted))
    );
  }

  body(code: string, field = 'body'): CommandBodyEntity {
    const body = this.rows.bodies.find((b) => b.code === code.trim());
    if (!body) {
      throw new BadInputException(
        field,
        code,
        `no command body has this code; known codes: ${[...this.rows.bodies]
          .sort((a, b) => a.ordinal - b.ordinal)
          .map((b) => b.code)
          .join(', ')}`,
      );
    }
    return body;
  }

  personById(id: string, field = 'personId'): PersonEntity {
    const person = this.rows.persons.find((p) => p.id === id);
    if (!person) throw new BadInputException(field, id, 'no person has this id');
    return person;
  }

  /** A person's name for summaries; 空缺 (vacant) for nobody, written without brackets. */
  personName(id: string | null): string {
    return (id && this.rows.persons.find((p) => p.id === id)?.name) || '空缺';
  }

  /** Persons whose name or an alias is exactly `name`. */
  personsNamed(name: string): PersonEntity[] {
    const wanted = normalizePersonName(name);
    const aliased = new Set(this.rows.aliases.filter((a) => a.alias === wanted).map((a) => a.personId));
    return this.rows.persons.filter((p) => p.name === wanted || aliased.has(p.id));
  }

  /** The tenures of a position, oldest first. */
  tenuresOf(positionId: string): TenureEntity[] {
    return this.rows.tenures.filter((t) => t.positionId === positionId).sort(byStart);
  }

  /**
   * The seats listed under a position that are in force at `at` or later: one version each, the
   * one in force at `at` or else the next to begin.
   */
  seatsOfPositionFrom(positionId: string, at: Date): SeatEntity[] {
    const found = new Map<string, SeatEntity>();
    for (const s of this.rows.seats.filter((v) => v.positionId === positionId && reachesPast(v, at)).sort(byStart)) {
      const seen = found.get(s.id);
      if (!seen || (!covers(seen, at) && covers(s, at))) found.set(s.id, s);
    }
    return [...found.values()];
  }

  /** The versions of a seat, oldest first (its order or title may change over time; its id never). */
  seatVersions(id: string): SeatEntity[] {
    return this.rows.seats.filter((s) => s.id === id).sort(byStart);
  }

  /** A seat by id: its latest version; a BAD_USER_INPUT when no seat has this id. */
  seat(id: string, field = 'seatId'): SeatEntity {
    const versions = this.seatVersions(id);
    if (!versions.length) {
      throw new BadInputException(
        field,
        id,
        'no seat has this id (seat ids are on Seat.id and never change)',
        '没有此编号的席位',
      );
    }
    return versions[versions.length - 1];
  }

  /** When a seat was added and when it ends (null: open). */
  seatLifetime(id: string): { effectiveFrom: Date; effectiveTo: Date | null } {
    const versions = this.seatVersions(id);
    return { effectiveFrom: versions[0].effectiveFrom, effectiveTo: versions[versions.length - 1].effectiveTo };
  }

  /** The version of a seat in force at an instant. */
  seatAt(id: string, at: Date): SeatEntity | undefined {
    return this.seatVersions(id).find((s) => covers(s, at));
  }

  assignmentsOf(seatId: string): SeatAssignmentEntity[] {
    return this.rows.assignments.filter((a) => a.seatId === seatId).sort(byStart);
  }

  /** The assignment of a seat in force at an instant. */
  assignmentAt(seatId: string, at: Date): SeatAssignmentEntity | undefined {
    return this.assignmentsOf(seatId).find((a) => covers(a, at));
  }
}
