import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/principal.types';
import type { Clock } from '../common/clock.provider';
import { BadInputException, DomainException } from '../common/domain.exception';
import { newId } from '../database/columns.helper';
import { PersonEntity } from '../roster/entities/person.entity';
import { RosterChangeEntity } from '../roster/entities/roster-change.entity';
import { RosterRevisionEntity } from '../roster/entities/roster-revision.entity';
import { SeatAssignmentEntity } from '../roster/entities/seat-assignment.entity';
import { SeatEntity } from '../roster/entities/seat.entity';
import { TenureEntity } from '../roster/entities/tenure.entity';
import { reachesPast } from '../roster/core/period';
import type { RosterRows } from '../roster/core/roster-records';
import { loadRosterRows } from '../roster/roster-view.service';
import { closest, formatInstant } from '../roster/core/text-match';
import { normalizePersonName } from '../common/text-policy.helper';
import { versionsAsKnown } from '../roster/core/roster-versions';
import { RosterWriter } from './roster-writer.helper';
import { JournalEntry, rosterChangeRow } from '../roster/roster-change-row.helper';
import { findOneForUpdate } from '../database/row-lock.helper';
import type { ChangeMeta, ChangeOutcome } from './roster-change.types';

type EndableEntity = typeof TenureEntity | typeof SeatEntity | typeof SeatAssignmentEntity;
type EndableRow = TenureEntity | SeatEntity | SeatAssignmentEntity;

/**
 * One roster change in progress: the current roster rows as this transaction sees them, kept in
 * step with what it writes, and the write primitives every change is made of. History is never
 * rewritten: a row that changes (ended, shortened, renamed, reordered) is closed in recorded time
 * and a corrected version with the same id recorded beside it (roster-versions.helper.ts).
 */
export class RosterTx extends RosterWriter {
  readonly journalled: RosterChangeEntity[] = [];

  private constructor(
    manager: EntityManager,
    now: Date,
    readonly actor: Actor,
    rows: RosterRows,
  ) {
    super(manager, now, rows);
  }

  /**
   * Takes the roster write lock (Postgres: the revision row; SQLite writers are serialised already)
   * and reads the roster. A change decided on another revision than the current one
   * (`expectedRevision`) is refused with CONFLICT before anything is written. "Now" is taken once
   * the lock is held and is always after the last recorded change, so that a change that waited
   * for another lands after it and never leaves it a zero-length period.
   */
  static async open(
    manager: EntityManager,
    actor: Actor,
    clock: Clock,
    expectedRevision?: number | null,
  ): Promise<RosterTx> {
    const latest = await findOneForUpdate(manager, RosterRevisionEntity, { id: 1 });
    const revision = latest?.revision ?? 0;
    if (expectedRevision !== undefined && expectedRevision !== null && expectedRevision !== revision) {
      throw new DomainException(
        'CONFLICT',
        `expectedRevision: the roster is at revision ${revision}, not ${expectedRevision}: it changed since this change was decided; read it again and decide again`,
        { field: 'expectedRevision', expectedRevision, revision },
      );
    }
    // Strictly after the last recorded change, even when this process's clock is behind another's.
    const now = new Date(Math.max(clock.now().getTime(), (latest?.changedAt.getTime() ?? -Infinity) + 1));
    return new RosterTx(manager, now, actor, versionsAsKnown(await loadRosterRows(manager), null));
  }

  /**
   * The person a change names: by id when given (the name must then be theirs), else by name or
   * alias; unknown names create a person when `create` is set.
   */
  async resolvePerson(
    name: string | null | undefined,
    personId: string | null | undefined,
    opts: { create: boolean; field?: string },
  ): Promise<{ person: PersonEntity; created: boolean }> {
    const field = opts.field ?? 'personName';
    // NFKC and without invisible characters: a lookalike spelling (U+F9E1 for 李, a zero-width or ideographic space) finds the same person.
    const wanted = normalizePersonName(name ?? '');
    if (personId) {
      const person = this.personById(personId);
      if (wanted && !this.personsNamed(wanted).some((p) => p.id === person.id)) {
        throw new BadInputException(field, name, `does not name person ${personId} (${person.name})`);
      }
      return { person, created: false };
    }
    if (!wanted) throw new BadInputException(field, name ?? null, 'a person name is required');
    if (wanted.length > 64) throw new BadInputException(field, name, 'must be at most 64 characters');
    const found = this.personsNamed(wanted);
    if (found.length > 1) {
      throw new BadInputException(
        field,
        name,
        `names ${found.length} persons (${found.map((p) => p.id).join(', ')}); pass personId to say which`,
      );
    }
    if (found.length === 1) return { person: found[0], created: false };
    if (!opts.create) {
      const close = closest(
        wanted,
        this.rows.persons.map((p) => p.name),
        3,
        0.5,
      );
      throw new BadInputException(
        field,
        name,
        `no person has this name${close.length ? `; close names: ${close.join('、')}` : ''}`,
      );
    }
    return { person: await this.insertPerson(wanted), created: true };
  }

  // ---- writing ---------------------------------------------------------------------------

  /**
   * Ends rows from `at`: a row in force then (or ending later) gets a new version ending at `at`;
   * a row that begins at `at` or later is withdrawn, or refused with a clear error when `future` is
   * 'reject' (a tenure that begins later: a change cannot take effect before the holder's start).
   * Rows that have ended by `at` are left as they are. The earlier versions stay, closed in recorded
   * time, so an answer as known before this change is unchanged.
   */
  async end<R extends EndableRow>(
    entity: EndableEntity,
    rows: R[],
    at: Date,
    opts: { future: 'cancel' | 'reject'; describe?: (row: R) => string; field?: string } = { future: 'cancel' },
  ): Promise<R[]> {
    const ended: R[] = [];
    for (const row of rows) {
      if (!reachesPast(row, at) || row.supersededAt) continue;
      if (row.effectiveFrom.getTime() > at.getTime() && opts.future === 'reject') {
        const what = opts.describe ? opts.describe(row) : 'a change already recorded';
        throw new BadInputException(
          opts.field ?? 'effectiveFrom',
          at.toISOString(),
          `is before ${formatInstant(row.effectiveFrom)}, when ${what} (already recorded); a change of the title cannot be dated before that`,
          `生效时间 ${formatInstant(at)} 早于 ${formatInstant(row.effectiveFrom)}（该职务已登记的任职变更生效之日），变更不能早于该日`,
        );
      }
      ended.push(row);
    }
    for (const row of ended) {
      if (row.effectiveFrom.getTime() >= at.getTime()) await this.withdraw(entity, row);
      else
        await this.versions.supersede(
          entity as never,
          row as never,
          { effectiveTo: at, endRecordedAt: this.now } as never,
        );
    }
    if (ended.length) this.touched();
    return ended;
  }

  /** Withdraws a period from now on; it disappears from this transaction's rows. */
  private async withdraw(entity: EndableEntity, row: EndableRow): Promise<void> {
    await this.versions.retire(entity as never, row as never);
    for (const list of [this.rows.tenures, this.rows.seats, this.rows.assignments] as EndableRow[][]) {
      const index = list.indexOf(row);
      if (index >= 0) list.splice(index, 1);
    }
  }

  /**
   * A seat's order, title or position changes from `at` (the seat keeps its id): the version in
   * force then ends at `at` and a version with the changes covers the rest of its period. Returns it.
   */
  async changeSeatFrom(
    seat: SeatEntity,
    at: Date,
    changes: Partial<Pick<SeatEntity, 'ordinal' | 'positionId' | 'listedTitle'>>,
  ): Promise<SeatEntity> {
    this.touched();
    if (seat.effectiveFrom.getTime() >= at.getTime()) {
      await this.versions.supersede(SeatEntity, seat, changes);
      return seat;
    }
    const originalEnd = seat.effectiveTo;
    const next = Object.assign(new SeatEntity(), {
      ...seat,
      ...changes,
      rowId: newId(),
      effectiveFrom: at,
      effectiveTo: originalEnd,
    });
    Object.assign(next, { recordedAt: this.now, supersededAt: null, endRecordedAt: originalEnd ? this.now : null });
    await this.versions.supersede(SeatEntity, seat, { effectiveTo: at, endRecordedAt: this.now });
    await this.versions.insert(SeatEntity, next);
    this.rows.seats.push(next);
    return next;
  }

  /**
   * Fills `seats` with a new holder from `at`. Returns the seat ids. Each seat's next change already
   * recorded (`nextChange`) stays: the new holder fills the seat until then, so changes entered out of
   * the order they take effect in leave the roster as entered in order.
   */
  async fillSeats(
    seats: SeatEntity[],
    at: Date,
    holder: { personId: string; tenureId: string; acting: boolean; to?: Date | null },
    ending: ReadonlySet<string> = new Set(),
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const seat of seats) {
      const { until } = await this.clearSeatFrom(seat.id, at, ending);
      const row = await this.insertAssignment({
        seat,
        personId: holder.personId,
        tenureId: holder.tenureId,
        from: at,
        to: earliest(holder.to ?? null, until),
        acting: holder.acting,
      });
      if (row) ids.push(seat.id);
    }
    return ids;
  }

  /**
   * The seat's next change after `at` already recorded: its first later assignment that is not one of
   * the tenures in `ending` (those this change ends, whose later assignments it withdraws).
   */
  nextChange(seatId: string, at: Date, ending: ReadonlySet<string> = new Set()): SeatAssignmentEntity | undefined {
    return this.assignmentsOf(seatId).find(
      (a) => a.effectiveFrom.getTime() > at.getTime() && !(a.tenureId !== null && ending.has(a.tenureId)),
    );
  }

  /**
   * Ends whoever fills the seat from `at` up to its next change already recorded (kept as it is), and
   * answers when that change takes effect (null: none).
   */
  async clearSeatFrom(
    seatId: string,
    at: Date,
    ending: ReadonlySet<string> = new Set(),
  ): Promise<{ until: Date | null; ended: number }> {
    const until = this.nextChange(seatId, at, ending)?.effectiveFrom ?? null;
    const before = this.assignmentsOf(seatId).filter((a) => !until || a.effectiveFrom.getTime() < until.getTime());
    return { until, ended: (await this.end(SeatAssignmentEntity, before, at)).length };
  }

  /** Appends the change to the roster journal (roster_change). */
  async journal(entry: JournalEntry): Promise<RosterChangeEntity> {
    const row = rosterChangeRow(entry, this.actor, this.now, this.journalled.length);
    await this.manager.insert(RosterChangeEntity, row);
    this.journalled.push(row);
    return row;
  }

  /**
   * Journals what a command changed, effective at `at`, with the command's document and reason,
   * and answers the change's outcome (`where`: what it leaves where).
   */
  async record(
    at: Date,
    command: ChangeMeta,
    entry: Pick<JournalEntry, 'kind' | 'summary' | 'data'>,
    where: Omit<ChangeOutcome, 'at' | 'changeIds'>,
  ): Promise<ChangeOutcome> {
    const change = await this.journal({
      ...entry,
      effectiveFrom: at,
      documentRef: command.documentRef,
      reason: command.reason,
    });
    return { at, ...where, changeIds: [change.id] };
  }
}

/** The earlier of two ends (null: open). */
export function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
