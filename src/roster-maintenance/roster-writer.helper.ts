import { EntityManager, IsNull } from 'typeorm';
import { BadInputException, DomainException } from '../common/domain.exception';
import { newId } from '../database/columns.helper';
import type { RosterRows } from '../roster/core/roster-records';
import { CommandBodyEntity } from '../roster/entities/command-body.entity';
import { PersonAliasEntity } from '../roster/entities/person-alias.entity';
import { PersonEntity } from '../roster/entities/person.entity';
import { PositionEntity } from '../roster/entities/position.entity';
import { SeatAssignmentEntity } from '../roster/entities/seat-assignment.entity';
import { SeatEntity } from '../roster/entities/seat.entity';
import { TenureEntity } from '../roster/entities/tenure.entity';
import { RosterState } from './core/roster-state';
import { RosterVersions } from './roster-versions.helper';

/**
 * The row writes of a roster change: new tenures, assignments, seats, positions, persons, bodies
 * and aliases, and corrections of a position, a person's name or a body's texts. Each writes the
 * database and keeps the change's rows (RosterState) in step. The change itself (ending periods,
 * moving seats, the journal) is RosterTx.
 */
export class RosterWriter extends RosterState {
  protected readonly versions: RosterVersions;

  protected constructor(
    readonly manager: EntityManager,
    now: Date,
    rows: RosterRows,
  ) {
    super(rows, now);
    this.versions = new RosterVersions(manager, now);
  }

  /** A new person with this (normalised) name. */
  async insertPerson(name: string): Promise<PersonEntity> {
    const person = this.versions.first(Object.assign(new PersonEntity(), { name, recordedAt: this.now }));
    await this.versions.insert(PersonEntity, person);
    this.rows.persons.push(person);
    this.touched();
    return person;
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
}
