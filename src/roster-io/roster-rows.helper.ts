import { newId } from '../database/columns.helper';
import { CommandBodyEntity } from '../roster/entities/command-body.entity';
import { PersonAliasEntity } from '../roster/entities/person-alias.entity';
import { PersonEntity } from '../roster/entities/person.entity';
import { PositionEntity } from '../roster/entities/position.entity';
import { SeatAssignmentEntity } from '../roster/entities/seat-assignment.entity';
import { SeatEntity } from '../roster/entities/seat.entity';
import { TenureEntity } from '../roster/entities/tenure.entity';
import { canonicalNames, canonicalTitles, isVacantSeatPerson, RosterBody, RosterFile } from './roster-file.schema';
import type { RosterRows } from '../roster/core/roster-records';

/** The jurisdiction's local midnight of a document date (China Standard Time, UTC+8). */
export function documentDateToInstant(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** The rows of a roster file, ready to insert (aliases as entities). */
export interface RosterFileRows extends RosterRows {
  aliases: PersonAliasEntity[];
}

/**
 * The rows a roster file becomes: one person per canonical name, one position per canonical title,
 * one tenure per (position, person), one seat per listed seat and one open assignment for each
 * filled seat, all effective on the document's date. Pure: the importer inserts these rows, and
 * tests build a RosterView from them without a database.
 */
export function rosterRowsFromFile(roster: RosterFile, recordedAt: Date): RosterFileRows {
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
    const body = bodyEntityFromFile(
      source,
      kind,
      ordinal,
      jurisdiction,
      roster.document.ref,
      effectiveFrom,
      recordedAt,
    );
    bodies.push(body);
    const perRole = new Map<string, number>();
    for (const entry of source.seats) {
      const ordinalInRole = (perRole.get(entry.role) ?? 0) + 1;
      perRole.set(entry.role, ordinalInRole);
      const position = positionFor(entry.title);
      const person = isVacantSeatPerson(entry.person) ? null : personFor(entry.person);
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
      if (!person) continue;
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

  // First versions: the row id is the stable id (roster/core/roster-versions.ts).
  const all = [...bodies, ...seats, ...assignments, ...persons.values(), ...positions.values(), ...tenures.values()];
  for (const row of all) Object.assign(row, { rowId: row.id, supersededAt: null });
  for (const position of positions.values()) position.recordedAt = recordedAt;
  for (const alias of aliases) Object.assign(alias, { recordedAt, supersededAt: null });
  return {
    revision: 1,
    bodies,
    seats,
    assignments,
    persons: [...persons.values()],
    aliases,
    positions: [...positions.values()],
    tenures: [...tenures.values()],
  };
}

/** What a roster file says of a body that a re-import may change: its kind, names, order and texts. */
export function bodyTextsFromFile(
  source: RosterBody,
  kind: 'HEADQUARTERS' | 'POST',
  ordinal: number,
): Pick<
  CommandBodyEntity,
  'kind' | 'name' | 'otherNames' | 'ordinal' | 'duties' | 'membersText' | 'officeHostUnit' | 'officeDuties'
> {
  return {
    kind,
    name: source.name,
    otherNames: JSON.stringify(source.otherNames),
    ordinal,
    duties: source.duties,
    membersText: source.membersText,
    officeHostUnit: source.office.hostUnit,
    officeDuties: source.office.duties,
  };
}

/** A command body of a roster file as the row that holds it. */
export function bodyEntityFromFile(
  source: RosterBody,
  kind: 'HEADQUARTERS' | 'POST',
  ordinal: number,
  jurisdiction: string,
  documentRef: string,
  establishedAt: Date,
  recordedAt: Date,
): CommandBodyEntity {
  return Object.assign(new CommandBodyEntity(), {
    id: newId(),
    jurisdiction,
    code: source.code,
    ...bodyTextsFromFile(source, kind, ordinal),
    documentRef,
    establishedAt,
    recordedAt,
  });
}
