import { EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/principal.types';
import { BadInputException, DomainException } from '../common/domain.exception';
import { newId } from '../database/columns.helper';
import { CommandBodyEntity } from '../roster/entities/command-body.entity';
import { PersonAliasEntity } from '../roster/entities/person-alias.entity';
import { PersonEntity } from '../roster/entities/person.entity';
import { PositionEntity } from '../roster/entities/position.entity';
import { RosterChangeEntity, RosterChangeKind } from '../roster/entities/roster-change.entity';
import { RosterRevisionEntity } from '../roster/entities/roster-revision.entity';
import { SeatAssignmentEntity } from '../roster/entities/seat-assignment.entity';
import { SeatEntity } from '../roster/entities/seat.entity';
import { TenureEntity } from '../roster/entities/tenure.entity';
import { RosterRows, RosterView } from '../roster/core/roster-view';
import { loadRosterRows } from '../roster/roster-view.service';
import { closest, formatInstant } from '../roster/core/text-match';
import { normalizePersonName } from '../common/text-policy';

export interface Period {
  effectiveFrom: Date;
  effectiveTo: Date | null;
}

/** True when the period is in force at `at` or later (it has not ended by then). */
export const reachesPast = (period: Period, at: Date): boolean =>
  period.effectiveTo === null || period.effectiveTo.getTime() > at.getTime();

export const coversInstant = (period: Period, at: Date): boolean =>
  period.effectiveFrom.getTime() <= at.getTime() && reachesPast(period, at);

type EndableEntity = typeof TenureEntity | typeof SeatEntity | typeof SeatAssignmentEntity;
type EndableRow = TenureEntity | SeatEntity | SeatAssignmentEntity;

export interface JournalEntry {
  kind: RosterChangeKind;
  summary: string;
  effectiveFrom: Date;
  documentRef?: string | null;
  reason?: string | null;
  data: Record<string, unknown>;
}

/**
 * One roster change in progress: the roster rows as this transaction sees them, kept in step with
 * what it writes, and the write primitives every change is made of. History is never overwritten:
 * rows are ended (effective_to + end_recorded_at) and new rows inserted.
 */
export class RosterTx {
  private cachedView: RosterView | null = null;
  readonly journalled: RosterChangeEntity[] = [];

  private constructor(
    readonly manager: EntityManager,
    readonly now: Date,
    readonly actor: Actor,
    readonly rows: RosterRows,
  ) {}

  /**
   * Takes the roster write lock (Postgres: the revision row; SQLite writers are serialised already)
   * and reads the roster. "Now" is taken once the lock is held, so that a change that waited for
   * another never lands before it.
   */
  static async open(manager: EntityManager, actor: Actor): Promise<RosterTx> {
    if (manager.connection.options.type === 'postgres') {
      await manager
        .createQueryBuilder(RosterRevisionEntity, 'r')
        .setLock('pessimistic_write')
        .where('r.id = :id', { id: 1 })
        .getOne();
    }
    return new RosterTx(manager, new Date(), actor, await loadRosterRows(manager));
  }

  /** The roster including this transaction's writes so far. */
  view(): RosterView {
    this.cachedView ??= new RosterView(this.rows);
    return this.cachedView;
  }

  private touched(): void {
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

  personName(id: string | null): string {
    return (id && this.rows.persons.find((p) => p.id === id)?.name) || '（空缺）';
  }

  /** Persons whose name or an alias is exactly `name`. */
  personsNamed(name: string): PersonEntity[] {
    const wanted = normalizePersonName(name);
    const aliased = new Set(this.rows.aliases.filter((a) => a.alias === wanted).map((a) => a.personId));
    return this.rows.persons.filter((p) => p.name === wanted || aliased.has(p.id));
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
    const person = Object.assign(new PersonEntity(), { id: newId(), name: wanted, recordedAt: this.now });
    await this.manager.insert(PersonEntity, person);
    this.rows.persons.push(person);
    this.touched();
    return { person, created: true };
  }

  /** The tenures of a position, oldest first. */
  tenuresOf(positionId: string): TenureEntity[] {
    return this.rows.tenures.filter((t) => t.positionId === positionId).sort(byStart);
  }

  /** The seats listed under a position that are in force at `at` or later. */
  seatsOfPositionFrom(positionId: string, at: Date): SeatEntity[] {
    return this.rows.seats.filter((s) => s.positionId === positionId && reachesPast(s, at));
  }

  seat(id: string, field = 'seatId'): SeatEntity {
    const seat = this.rows.seats.find((s) => s.id === id);
    if (!seat)
      throw new BadInputException(
        field,
        id,
        'no seat has this id (seat ids are on Seat.id; a reorder gives moved seats new ids)',
      );
    return seat;
  }

  assignmentsOf(seatId: string): SeatAssignmentEntity[] {
    return this.rows.assignments.filter((a) => a.seatId === seatId).sort(byStart);
  }

  /** The assignment of a seat in force at an instant. */
  assignmentAt(seatId: string, at: Date): SeatAssignmentEntity | undefined {
    return this.assignmentsOf(seatId).find((a) => coversInstant(a, at));
  }

  // ---- writing ---------------------------------------------------------------------------

  /**
   * Ends rows from `at`: open rows (or rows ending later) get effective_to = at; rows that begin
   * after `at` are cancelled (effective_to = effective_from), or refused with a clear error when
   * `future` is 'reject' (a tenure that begins later: a change cannot take effect before the
   * holder's start). end_recorded_at is now. Rows that have ended by `at` are left as they are.
   */
  async end<R extends EndableRow>(
    entity: EndableEntity,
    rows: R[],
    at: Date,
    opts: { future: 'cancel' | 'reject'; describe?: (row: R) => string; field?: string } = { future: 'cancel' },
  ): Promise<R[]> {
    const ended: R[] = [];
    const groups = new Map<number, R[]>();
    for (const row of rows) {
      if (!reachesPast(row, at)) continue;
      let to = at;
      if (row.effectiveFrom.getTime() > at.getTime()) {
        if (opts.future === 'reject') {
          throw new BadInputException(
            opts.field ?? 'effectiveFrom',
            at.toISOString(),
            `is before ${formatInstant(row.effectiveFrom)}, when ${opts.describe ? opts.describe(row) : 'a change already recorded'} took effect; a change cannot take effect before the current holder's start`,
          );
        }
        to = row.effectiveFrom;
      }
      const list = groups.get(to.getTime()) ?? [];
      list.push(row);
      groups.set(to.getTime(), list);
    }
    for (const [time, list] of groups) {
      const to = new Date(time);
      for (let i = 0; i < list.length; i += 200) {
        const chunk = list.slice(i, i + 200);
        await this.manager.update(
          entity,
          { id: In(chunk.map((r) => r.id)) },
          { effectiveTo: to, endRecordedAt: this.now },
        );
      }
      for (const row of list) {
        row.effectiveTo = to;
        row.endRecordedAt = this.now;
        ended.push(row);
      }
    }
    if (ended.length) this.touched();
    return ended;
  }

  async insertTenure(values: {
    positionId: string;
    personId: string;
    from: Date;
    to?: Date | null;
    acting: boolean;
    documentRef?: string | null;
  }): Promise<TenureEntity> {
    const row = Object.assign(new TenureEntity(), {
      id: newId(),
      positionId: values.positionId,
      personId: values.personId,
      effectiveFrom: values.from,
      effectiveTo: values.to ?? null,
      recordedAt: this.now,
      endRecordedAt: values.to ? this.now : null,
      acting: values.acting,
      documentRef: values.documentRef ?? null,
    });
    await this.manager.insert(TenureEntity, row);
    this.rows.tenures.push(row);
    this.touched();
    return row;
  }

  async insertAssignment(values: {
    seat: SeatEntity;
    personId: string | null;
    tenureId: string | null;
    from: Date;
    to?: Date | null;
    acting: boolean;
  }): Promise<SeatAssignmentEntity | null> {
    const seat = values.seat;
    const from = new Date(Math.max(values.from.getTime(), seat.effectiveFrom.getTime()));
    const ends = [values.to, seat.effectiveTo].filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
    const to = ends.length ? new Date(Math.min(...ends)) : null;
    if (to && to.getTime() <= from.getTime()) return null;
    const row = Object.assign(new SeatAssignmentEntity(), {
      id: newId(),
      seatId: seat.id,
      personId: values.personId,
      tenureId: values.tenureId,
      effectiveFrom: from,
      effectiveTo: to,
      recordedAt: this.now,
      endRecordedAt: to ? this.now : null,
      acting: values.acting,
    });
    await this.manager.insert(SeatAssignmentEntity, row);
    this.rows.assignments.push(row);
    this.touched();
    return row;
  }

  async insertSeat(values: {
    body: CommandBodyEntity;
    role: SeatEntity['role'];
    ordinal: number;
    positionId: string;
    listedTitle?: string | null;
    from: Date;
    to?: Date | null;
  }): Promise<SeatEntity> {
    const row = Object.assign(new SeatEntity(), {
      id: newId(),
      bodyId: values.body.id,
      role: values.role,
      ordinal: values.ordinal,
      positionId: values.positionId,
      listedTitle: values.listedTitle ?? null,
      effectiveFrom: values.from,
      effectiveTo: values.to ?? null,
      recordedAt: this.now,
      endRecordedAt: values.to ? this.now : null,
    });
    await this.manager.insert(SeatEntity, row);
    this.rows.seats.push(row);
    this.touched();
    return row;
  }

  async insertPosition(values: {
    jurisdiction: string;
    title: string;
    multiHolder: boolean;
    aliases?: string[];
  }): Promise<PositionEntity> {
    const title = values.title.trim();
    if (title === '' || title.length > 128)
      throw new BadInputException('positionTitle', values.title, 'must be 1 to 128 characters');
    if (this.findPosition(title))
      throw new DomainException('CONFLICT', `positionTitle: a position titled ${JSON.stringify(title)} exists already`);
    const row = Object.assign(new PositionEntity(), {
      id: newId(),
      jurisdiction: values.jurisdiction,
      title,
      multiHolder: values.multiHolder,
      aliases: JSON.stringify(values.aliases ?? []),
    });
    await this.manager.insert(PositionEntity, row);
    this.rows.positions.push(row);
    this.touched();
    return row;
  }

  async updatePosition(
    position: PositionEntity,
    changes: { multiHolder?: boolean; aliases?: string[] },
  ): Promise<void> {
    const values: Partial<PositionEntity> = {};
    if (changes.multiHolder !== undefined) values.multiHolder = changes.multiHolder;
    if (changes.aliases !== undefined) values.aliases = JSON.stringify(changes.aliases);
    await this.manager.update(PositionEntity, { id: position.id }, values);
    Object.assign(position, values);
    this.touched();
  }

  async addAlias(personId: string, alias: string): Promise<boolean> {
    const wanted = alias.trim();
    const owner = this.rows.aliases.find((a) => a.alias === wanted);
    if (owner) {
      if (owner.personId === personId) return false;
      throw new BadInputException('alias', alias, `already names another person (${this.personName(owner.personId)})`);
    }
    const row = Object.assign(new PersonAliasEntity(), { id: newId(), personId, alias: wanted });
    await this.manager.insert(PersonAliasEntity, row);
    this.rows.aliases.push(row);
    this.touched();
    return true;
  }

  async removeAlias(personId: string, alias: string): Promise<void> {
    await this.manager.delete(PersonAliasEntity, { personId, alias });
    const index = this.rows.aliases.findIndex((a) => a.personId === personId && a.alias === alias);
    if (index >= 0) this.rows.aliases.splice(index, 1);
    this.touched();
  }

  async renamePerson(person: PersonEntity, name: string): Promise<void> {
    await this.manager.update(PersonEntity, { id: person.id }, { name });
    person.name = name;
    this.touched();
  }

  async updateBody(body: CommandBodyEntity, values: Partial<CommandBodyEntity>): Promise<void> {
    await this.manager.update(CommandBodyEntity, { id: body.id }, values);
    Object.assign(body, values);
    this.touched();
  }

  async insertBody(body: CommandBodyEntity): Promise<void> {
    await this.manager.insert(CommandBodyEntity, body);
    this.rows.bodies.push(body);
    this.touched();
  }

  /** Appends the change to the roster journal (roster_change). */
  async journal(entry: JournalEntry): Promise<RosterChangeEntity> {
    const row = Object.assign(new RosterChangeEntity(), {
      id: newId(),
      kind: entry.kind,
      summary: entry.summary,
      effectiveFrom: entry.effectiveFrom,
      recordedAt: this.now,
      sequence: this.journalled.length,
      documentRef: entry.documentRef?.trim() || null,
      reason: entry.reason?.trim() || null,
      actorKeyId: this.actor.keyId,
      actorName: this.actor.name,
      data: JSON.stringify(entry.data),
    });
    await this.manager.insert(RosterChangeEntity, row);
    this.journalled.push(row);
    return row;
  }
}

const byStart = (a: Period, b: Period): number => a.effectiveFrom.getTime() - b.effectiveFrom.getTime();
