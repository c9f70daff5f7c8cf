import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { newId } from '../database/columns';
import { TransactionService } from '../database/transaction.service';
import { CommandBodyEntity } from './entities/command-body.entity';
import { PersonAliasEntity } from './entities/person-alias.entity';
import { PersonEntity } from './entities/person.entity';
import { PositionEntity } from './entities/position.entity';
import { RosterRevisionEntity } from './entities/roster-revision.entity';
import { SeatAssignmentEntity } from './entities/seat-assignment.entity';
import { SeatEntity } from './entities/seat.entity';
import { TenureEntity } from './entities/tenure.entity';
import { canonicalNames, canonicalTitles, RosterBody, RosterFile } from './roster-file';
import { RosterViewService } from './roster-view.service';

/** The jurisdiction's local midnight of a document date (China Standard Time, UTC+8). */
export function documentDateToInstant(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

export interface ImportSummary {
  jurisdiction: string;
  bodies: number;
  seats: number;
  persons: number;
  positions: number;
}

/**
 * Loads a validated roster file into a database that holds no roster for its jurisdiction, in one
 * transaction: either the whole command system is there afterwards, or nothing is.
 */
@Injectable()
export class RosterImportService {
  private readonly logger = new Logger(RosterImportService.name);

  constructor(
    private readonly transactions: TransactionService,
    private readonly rosterView: RosterViewService,
  ) {}

  async importRoster(roster: RosterFile, recordedAt = new Date()): Promise<ImportSummary> {
    const summary = await this.transactions.run(async (manager) => {
      const existing = await manager.count(CommandBodyEntity, { where: { jurisdiction: roster.jurisdiction.code } });
      if (existing > 0) {
        throw new DomainException(
          'CONFLICT',
          `jurisdiction ${roster.jurisdiction.code} already has a roster (${existing} command bodies); record personnel changes instead of importing again`,
        );
      }
      return this.write(manager, roster, recordedAt);
    });
    this.rosterView.invalidate();
    this.logger.log(
      `Loaded roster ${roster.document.ref}: ${summary.bodies} command bodies, ${summary.seats} seats, ${summary.persons} persons`,
    );
    return summary;
  }

  private async write(manager: EntityManager, roster: RosterFile, recordedAt: Date): Promise<ImportSummary> {
    const jurisdiction = roster.jurisdiction.code;
    const effectiveFrom = documentDateToInstant(roster.document.effectiveFrom);
    const names = canonicalNames(roster);
    const titleOf = canonicalTitles(roster);
    const titleDecl = new Map(roster.titles.map((t) => [t.title, t]));

    const persons = new Map<string, PersonEntity>();
    const aliases: PersonAliasEntity[] = [];
    const personFor = (raw: string): PersonEntity => {
      const name = names.get(raw) ?? raw;
      let person = persons.get(name);
      if (!person) {
        person = Object.assign(new PersonEntity(), { id: newId(), name, recordedAt });
        persons.set(name, person);
        const declared = roster.people.find((p) => p.name === name);
        for (const alias of declared?.aliases ?? []) {
          aliases.push(Object.assign(new PersonAliasEntity(), { id: newId(), personId: person.id, alias }));
        }
      }
      return person;
    };

    const positions = new Map<string, PositionEntity>();
    const positionFor = (raw: string): PositionEntity => {
      const title = titleOf.get(raw) ?? raw;
      let position = positions.get(title);
      if (!position) {
        const decl = titleDecl.get(title);
        position = Object.assign(new PositionEntity(), {
          id: newId(),
          jurisdiction,
          title,
          multiHolder: decl?.multiHolder ?? false,
          aliases: JSON.stringify(decl?.aliases ?? []),
        });
        positions.set(title, position);
      }
      return position;
    };

    const tenures = new Map<string, TenureEntity>();
    const tenureFor = (position: PositionEntity, person: PersonEntity): TenureEntity => {
      const key = `${position.id}/${person.id}`;
      let tenure = tenures.get(key);
      if (!tenure) {
        tenure = Object.assign(new TenureEntity(), {
          id: newId(),
          positionId: position.id,
          personId: person.id,
          effectiveFrom,
          effectiveTo: null,
          recordedAt,
          endRecordedAt: null,
          acting: false,
          documentRef: roster.document.ref,
        });
        tenures.set(key, tenure);
      }
      return tenure;
    };

    const bodies: CommandBodyEntity[] = [];
    const seats: SeatEntity[] = [];
    const assignments: SeatAssignmentEntity[] = [];
    const addBody = (source: RosterBody, kind: 'HEADQUARTERS' | 'POST', ordinal: number) => {
      const body = Object.assign(new CommandBodyEntity(), {
        id: newId(),
        jurisdiction,
        code: source.code,
        kind,
        name: source.name,
        otherNames: JSON.stringify(source.otherNames),
        ordinal,
        duties: source.duties,
        membersText: source.membersText,
        officeHostUnit: source.office.hostUnit,
        officeDuties: source.office.duties,
        documentRef: roster.document.ref,
        establishedAt: effectiveFrom,
        recordedAt,
      });
      bodies.push(body);
      const perRole = new Map<string, number>();
      for (const entry of source.seats) {
        const ordinalInRole = (perRole.get(entry.role) ?? 0) + 1;
        perRole.set(entry.role, ordinalInRole);
        const position = positionFor(entry.title);
        const person = personFor(entry.person);
        const seat = Object.assign(new SeatEntity(), {
          id: newId(),
          bodyId: body.id,
          role: entry.role,
          ordinal: ordinalInRole,
          positionId: position.id,
          listedTitle: entry.title === position.title ? null : entry.title,
          effectiveFrom,
          effectiveTo: null,
          recordedAt,
          endRecordedAt: null,
        });
        seats.push(seat);
        assignments.push(
          Object.assign(new SeatAssignmentEntity(), {
            id: newId(),
            seatId: seat.id,
            personId: person.id,
            tenureId: tenureFor(position, person).id,
            effectiveFrom,
            effectiveTo: null,
            recordedAt,
            endRecordedAt: null,
            acting: false,
          }),
        );
      }
    };
    addBody(roster.headquarters, 'HEADQUARTERS', 0);
    roster.posts.forEach((post, i) => addBody(post, 'POST', i + 1));

    await insertAll(manager, PersonEntity, [...persons.values()]);
    await insertAll(manager, PersonAliasEntity, aliases);
    await insertAll(manager, PositionEntity, [...positions.values()]);
    await insertAll(manager, TenureEntity, [...tenures.values()]);
    await insertAll(manager, CommandBodyEntity, bodies);
    await insertAll(manager, SeatEntity, seats);
    await insertAll(manager, SeatAssignmentEntity, assignments);
    await bumpRosterRevision(manager, recordedAt);
    return { jurisdiction, bodies: bodies.length, seats: seats.length, persons: persons.size, positions: positions.size };
  }
}

async function insertAll<T extends object>(manager: EntityManager, entity: new () => T, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await manager.insert(entity, rows.slice(i, i + 100) as never);
  }
}

/** Every roster write calls this inside its transaction, so that all processes see the change. */
export async function bumpRosterRevision(manager: EntityManager, at: Date): Promise<void> {
  const current = await manager.findOne(RosterRevisionEntity, { where: { id: 1 } });
  if (current) {
    await manager.update(RosterRevisionEntity, { id: 1 }, { revision: current.revision + 1, changedAt: at });
  } else {
    await manager.insert(RosterRevisionEntity, { id: 1, revision: 1, changedAt: at });
  }
}
