import { EntityManager, IsNull } from 'typeorm';
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
import { normalizePersonName } from '../common/text-policy.helper';
import { versionsAsKnown } from '../roster/core/roster-versions';
import { RosterVersions } from './roster-versions.helper';

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
 * One roster change in progress: the current roster rows as this transaction sees them, kept in
 * step with what it writes, and the write primitives every change is made of. History is never
 * rewritten: a row that changes (ended, shortened, renamed, reordered) is closed in recorded time
 * and a corrected version with the same id recorded beside it (roster-versions.helper.ts).
 */
export class RosterTx {
  private cachedView: RosterView | null = null;
  readonly journalled: RosterChangeEntity[] = [];
  private readonly versions: RosterVersions;

  private constructor(
    readonly manager: EntityManager,
    readonly now: Date,
    readonly actor: Actor,
    readonly rows: RosterRows,
  ) {
    this.versions = new RosterVersions(manager, now);
  }

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
    return new RosterTx(manager, new Date(), actor, versionsAsKnown(await loadRosterRows(manager), null));
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
    const person = this.versions.first(Object.assign(new PersonEntity(), { name: wanted, recordedAt: this.now }));
    await this.versions.insert(PersonEntity, person);
    this.rows.persons.push(person);
    this.touched();
    return { person, created: true };
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
      if (!seen || (!coversInstant(seen, at) && coversInstant(s, at))) found.set(s.id, s);
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
    return this.seatVersions(id).find((s) => coversInstant(s, at));
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
          `is before ${formatInstant(row.effectiveFrom)}, when ${what} took effect; a change cannot take effect before the current holder's start`,
          `生效时间 ${formatInstant(at)} 早于 ${formatInstant(row.effectiveFrom)}（现任者就任之日），变更不能早于现任者就任`,
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

  async insertTenure(values: {
    positionId: string;
    personId: string;
    from: Date;
    to?: Date | null;
    acting: boolean;
    documentRef?: string | null;
  }): Promise<TenureEntity> {
    const row = this.versions.first(
      Object.assign(new TenureEntity(), {
        positionId: values.positionId,
        personId: values.personId,
        effectiveFrom: values.from,
        effectiveTo: values.to ?? null,
        recordedAt: this.now,
        endRecordedAt: values.to ? this.now : null,
        acting: values.acting,
        documentRef: values.documentRef ?? null,
      }),
    );
    await this.versions.insert(TenureEntity, row);
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
    const lifetime = this.seatLifetime(seat.id);
    const from = new Date(Math.max(values.from.getTime(), lifetime.effectiveFrom.getTime()));
    const ends = [values.to, lifetime.effectiveTo].filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
    const to = ends.length ? new Date(Math.min(...ends)) : null;
    if (to && to.getTime() <= from.getTime()) return null;
    const row = this.versions.first(
      Object.assign(new SeatAssignmentEntity(), {
        seatId: seat.id,
        personId: values.personId,
        tenureId: values.tenureId,
        effectiveFrom: from,
        effectiveTo: to,
        recordedAt: this.now,
        endRecordedAt: to ? this.now : null,
        acting: values.acting,
      }),
    );
    await this.versions.insert(SeatAssignmentEntity, row);
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
    const row = this.versions.first(
      Object.assign(new SeatEntity(), {
        bodyId: values.body.id,
        role: values.role,
        ordinal: values.ordinal,
        positionId: values.positionId,
        listedTitle: values.listedTitle ?? null,
        effectiveFrom: values.from,
        effectiveTo: values.to ?? null,
        recordedAt: this.now,
        endRecordedAt: values.to ? this.now : null,
      }),
    );
    await this.versions.insert(SeatEntity, row);
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
    const row = this.versions.first(
      Object.assign(new PositionEntity(), {
        jurisdiction: values.jurisdiction,
        title,
        multiHolder: values.multiHolder,
        aliases: JSON.stringify(values.aliases ?? []),
        recordedAt: this.now,
      }),
    );
    await this.versions.insert(PositionEntity, row);
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
    await this.versions.supersede(PositionEntity, position, values);
    this.touched();
  }

  async addAlias(personId: string, alias: string): Promise<boolean> {
    const wanted = alias.trim();
    const owner = this.rows.aliases.find((a) => a.alias === wanted);
    if (owner) {
      if (owner.personId === personId) return false;
      throw new BadInputException('alias', alias, `already names another person (${this.personName(owner.personId)})`);
    }
    const row = Object.assign(new PersonAliasEntity(), {
      id: newId(),
      personId,
      alias: wanted,
      recordedAt: this.now,
      supersededAt: null,
    });
    await this.manager.insert(PersonAliasEntity, row);
    this.rows.aliases.push(row);
    this.touched();
    return true;
  }

  async removeAlias(personId: string, alias: string): Promise<void> {
    // Kept, closed in recorded time: as known before now the alias still names the person.
    await this.manager.update(
      PersonAliasEntity,
      { personId, alias, supersededAt: IsNull() },
      { supersededAt: this.now },
    );
    const index = this.rows.aliases.findIndex((a) => a.personId === personId && a.alias === alias);
    if (index >= 0) this.rows.aliases.splice(index, 1);
    this.touched();
  }

  async renamePerson(person: PersonEntity, name: string): Promise<void> {
    await this.versions.supersede(PersonEntity, person, { name });
    this.touched();
  }

  async updateBody(body: CommandBodyEntity, values: Partial<CommandBodyEntity>): Promise<void> {
    await this.versions.supersede(CommandBodyEntity, body, values);
    this.touched();
  }

  async insertBody(body: CommandBodyEntity): Promise<void> {
    await this.versions.insert(CommandBodyEntity, Object.assign(body, { rowId: body.id, supersededAt: null }));
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
