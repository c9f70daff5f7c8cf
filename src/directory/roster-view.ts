import { CommandRole, ROLE_ORDER } from './command-role';
import type { CommandBodyEntity } from './entities/command-body.entity';
import type { PersonEntity } from './entities/person.entity';
import type { PositionEntity } from './entities/position.entity';
import type { SeatAssignmentEntity } from './entities/seat-assignment.entity';
import type { SeatEntity } from './entities/seat.entity';
import type { TenureEntity } from './entities/tenure.entity';

export interface RosterRows {
  revision: number;
  bodies: CommandBodyEntity[];
  seats: SeatEntity[];
  assignments: SeatAssignmentEntity[];
  persons: PersonEntity[];
  aliases: Array<{ personId: string; alias: string }>;
  positions: PositionEntity[];
  tenures: TenureEntity[];
}

export interface PersonRecord {
  id: string;
  name: string;
  aliases: string[];
}

export interface BodyRecord {
  id: string;
  jurisdiction: string;
  code: string;
  kind: 'HEADQUARTERS' | 'POST';
  name: string;
  otherNames: string[];
  ordinal: number;
  duties: string;
  membersText: string | null;
  officeHostUnit: string;
  officeDuties: string;
  documentRef: string | null;
  establishedAt: Date;
}

/** A seat as it stood at one instant: who filled it, if anyone. */
export interface SeatAt {
  seatId: string;
  body: BodyRecord;
  role: CommandRole;
  ordinal: number;
  title: string;
  positionId: string;
  person: PersonRecord | null;
  acting: boolean;
}

interface Period {
  effectiveFrom: Date;
  effectiveTo: Date | null;
}

const covers = (period: Period, at: Date): boolean =>
  period.effectiveFrom.getTime() <= at.getTime() && (period.effectiveTo === null || at.getTime() < period.effectiveTo.getTime());

/**
 * An indexed, immutable, in-memory view of the whole roster with its history. Every directory
 * query and every activation is answered from it without touching the database; it is rebuilt when
 * the roster revision changes.
 */
export class RosterView {
  readonly revision: number;
  private readonly bodiesByCode = new Map<string, BodyRecord>();
  private readonly bodiesById = new Map<string, BodyRecord>();
  private readonly orderedBodies: BodyRecord[];
  private readonly persons = new Map<string, PersonRecord>();
  private readonly positions = new Map<string, PositionEntity>();
  private readonly seatsByBody = new Map<string, SeatEntity[]>();
  private readonly seatsById = new Map<string, SeatEntity>();
  private readonly assignmentsBySeat = new Map<string, SeatAssignmentEntity[]>();
  private readonly seatIdsByPerson = new Map<string, Set<string>>();
  private readonly tenures: TenureEntity[];

  constructor(rows: RosterRows) {
    this.revision = rows.revision;
    for (const body of rows.bodies) {
      const record: BodyRecord = {
        id: body.id,
        jurisdiction: body.jurisdiction,
        code: body.code,
        kind: body.kind,
        name: body.name,
        otherNames: JSON.parse(body.otherNames) as string[],
        ordinal: body.ordinal,
        duties: body.duties,
        membersText: body.membersText,
        officeHostUnit: body.officeHostUnit,
        officeDuties: body.officeDuties,
        documentRef: body.documentRef,
        establishedAt: body.establishedAt,
      };
      this.bodiesByCode.set(record.code, record);
      this.bodiesById.set(record.id, record);
    }
    this.orderedBodies = [...this.bodiesById.values()].sort((a, b) => a.ordinal - b.ordinal);
    const aliases = new Map<string, string[]>();
    for (const { personId, alias } of rows.aliases) aliases.set(personId, [...(aliases.get(personId) ?? []), alias]);
    for (const person of rows.persons) {
      this.persons.set(person.id, { id: person.id, name: person.name, aliases: (aliases.get(person.id) ?? []).sort() });
    }
    for (const position of rows.positions) this.positions.set(position.id, position);
    for (const seat of rows.seats) {
      this.seatsById.set(seat.id, seat);
      push(this.seatsByBody, seat.bodyId, seat);
    }
    for (const seats of this.seatsByBody.values()) {
      seats.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.ordinal - b.ordinal);
    }
    for (const assignment of rows.assignments) {
      push(this.assignmentsBySeat, assignment.seatId, assignment);
      if (assignment.personId) {
        const set = this.seatIdsByPerson.get(assignment.personId) ?? new Set<string>();
        set.add(assignment.seatId);
        this.seatIdsByPerson.set(assignment.personId, set);
      }
    }
    this.tenures = rows.tenures;
  }

  get isEmpty(): boolean {
    return this.bodiesById.size === 0;
  }

  headquarters(): BodyRecord | undefined {
    return this.orderedBodies.find((b) => b.kind === 'HEADQUARTERS');
  }

  posts(): BodyRecord[] {
    return this.orderedBodies.filter((b) => b.kind === 'POST');
  }

  body(code: string): BodyRecord | undefined {
    return this.bodiesByCode.get(code);
  }

  bodyCodes(): string[] {
    return this.orderedBodies.map((b) => b.code);
  }

  person(id: string): PersonRecord | undefined {
    return this.persons.get(id);
  }

  /** Persons whose name or an alias contains the text (all persons for an empty text), by name. */
  searchPeople(text: string): PersonRecord[] {
    const needle = text.replace(/\s+/g, '');
    return [...this.persons.values()]
      .filter((p) => needle === '' || p.name.includes(needle) || p.aliases.some((a) => a.includes(needle)))
      .sort((a, b) => rank(a, needle) - rank(b, needle) || a.name.localeCompare(b.name, 'zh-Hans-CN'));
  }

  /** The seats of a body in effect at an instant, in document order, each with who filled it. */
  seatsAt(body: BodyRecord, at: Date, role?: CommandRole): SeatAt[] {
    const seats = this.seatsByBody.get(body.id) ?? [];
    const result: SeatAt[] = [];
    for (const seat of seats) {
      if ((role === undefined || seat.role === role) && covers(seat, at)) result.push(this.seatAt(seat, body, at));
    }
    return result;
  }

  /** Every seat a person filled at an instant, across all bodies. */
  seatsOfPersonAt(personId: string, at: Date): SeatAt[] {
    const result: SeatAt[] = [];
    for (const seatId of this.seatIdsByPerson.get(personId) ?? []) {
      const seat = this.seatsById.get(seatId)!;
      if (!covers(seat, at)) continue;
      const seatAt = this.seatAt(seat, this.bodiesById.get(seat.bodyId)!, at);
      if (seatAt.person?.id === personId) result.push(seatAt);
    }
    return result.sort(
      (a, b) => a.body.ordinal - b.body.ordinal || ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.ordinal - b.ordinal,
    );
  }

  tenuresOf(positionId: string): TenureEntity[] {
    return this.tenures.filter((t) => t.positionId === positionId);
  }

  private seatAt(seat: SeatEntity, body: BodyRecord, at: Date): SeatAt {
    const assignment = (this.assignmentsBySeat.get(seat.id) ?? []).find((a) => covers(a, at));
    const position = this.positions.get(seat.positionId);
    return {
      seatId: seat.id,
      body,
      role: seat.role,
      ordinal: seat.ordinal,
      title: position?.title ?? seat.listedTitle ?? '',
      positionId: seat.positionId,
      person: assignment?.personId ? (this.persons.get(assignment.personId) ?? null) : null,
      acting: assignment?.acting ?? false,
    };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function rank(person: PersonRecord, needle: string): number {
  if (person.name === needle) return 0;
  if (person.aliases.includes(needle)) return 1;
  return 2;
}
