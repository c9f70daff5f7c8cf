import { CommandRole, ROLE_ORDER } from './command-role';
import type { PositionEntity } from '../entities/position.entity';
import type { SeatAssignmentEntity } from '../entities/seat-assignment.entity';
import type { SeatEntity } from '../entities/seat.entity';
import type { TenureEntity } from '../entities/tenure.entity';
import { byStart, covers } from './period';
import type {
  AssignmentRecord,
  BodyRecord,
  PersonRecord,
  PositionRecord,
  RosterRows,
  SeatAt,
  TenureRecord,
} from './roster-records';
import { firstRecorded, versionsAsKnown } from './roster-versions';

/**
 * An indexed, immutable, in-memory view of the whole roster with its history. Every directory
 * query and every activation is answered from it without touching the database; it is rebuilt when
 * the roster revision changes. It is given every version of every row (roster-versions.ts) and
 * shows the current ones, or those known at `knownAt`. A seat may be several versions with one id
 * (its order or title changed over time): at any instant at most one of them is in effect.
 */
export class RosterView {
  readonly revision: number;
  /** The knowledge instant this view is restricted to (null: everything recorded). */
  readonly knownAtInstant: Date | null;
  /** When the first command body was recorded (null: nothing recorded at all). */
  readonly recordedSince: Date | null;
  /** Every version of every row, for views as known at other instants. */
  private readonly history: RosterRows;
  private readonly firstRecordedAt: Map<string, Date>;
  private readonly derived = new Map<number, RosterView>();
  private readonly positionsByTitle = new Map<string, PositionRecord>();
  private readonly positionRecords = new Map<string, PositionRecord>();
  private readonly tenuresByPosition = new Map<string, TenureEntity[]>();
  private readonly tenuresByPerson = new Map<string, TenureEntity[]>();
  private readonly bodiesByCode = new Map<string, BodyRecord>();
  private readonly bodiesById = new Map<string, BodyRecord>();
  private readonly orderedBodies: BodyRecord[];
  private readonly persons = new Map<string, PersonRecord>();
  private readonly positions = new Map<string, PositionEntity>();
  private readonly seatsByBody = new Map<string, SeatEntity[]>();
  /** The versions of each seat, by effective start. */
  private readonly seatsById = new Map<string, SeatEntity[]>();
  private readonly assignmentsBySeat = new Map<string, SeatAssignmentEntity[]>();
  private readonly seatIdsByPerson = new Map<string, Set<string>>();

  constructor(history: RosterRows, knownAt: Date | null = null) {
    this.history = history;
    const rows = versionsAsKnown(history, knownAt);
    this.firstRecordedAt = firstRecorded([...history.tenures, ...history.assignments]);
    this.knownAtInstant = knownAt;
    const recorded = history.bodies.map((b) => b.recordedAt.getTime());
    this.recordedSince = recorded.length ? new Date(Math.min(...recorded)) : null;
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
    for (const position of rows.positions) {
      this.positions.set(position.id, position);
      const record: PositionRecord = {
        id: position.id,
        jurisdiction: position.jurisdiction,
        title: position.title,
        multiHolder: position.multiHolder,
        aliases: JSON.parse(position.aliases) as string[],
      };
      this.positionRecords.set(record.id, record);
      for (const alias of record.aliases)
        if (!this.positionsByTitle.has(alias)) this.positionsByTitle.set(alias, record);
    }
    for (const record of this.positionRecords.values()) this.positionsByTitle.set(record.title, record);
    for (const seat of rows.seats) {
      push(this.seatsById, seat.id, seat);
      push(this.seatsByBody, seat.bodyId, seat);
    }
    for (const seats of this.seatsByBody.values()) {
      seats.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.ordinal - b.ordinal || byText(a.id, b.id));
    }
    for (const assignment of rows.assignments) {
      push(this.assignmentsBySeat, assignment.seatId, assignment);
      if (assignment.personId) {
        const set = this.seatIdsByPerson.get(assignment.personId) ?? new Set<string>();
        set.add(assignment.seatId);
        this.seatIdsByPerson.set(assignment.personId, set);
      }
    }
    for (const tenure of rows.tenures) {
      push(this.tenuresByPosition, tenure.positionId, tenure);
      push(this.tenuresByPerson, tenure.personId, tenure);
    }
    for (const list of [...this.tenuresByPosition.values(), ...this.tenuresByPerson.values()]) list.sort(byStart);
    for (const list of [...this.assignmentsBySeat.values(), ...this.seatsById.values()]) list.sort(byStart);
  }

  /** The version of a seat in effect at an instant. */
  private seatVersionAt(seatId: string, at: Date): SeatEntity | undefined {
    return this.seatsById.get(seatId)?.find((s) => covers(s, at));
  }

  /**
   * The roster as it was known at an instant ("as we knew it then"): rows recorded after it are
   * left out, and an end recorded after it is treated as still open. Views are cached per instant.
   */
  knownAt(instant: Date | null | undefined): RosterView {
    if (!instant) return this;
    const key = instant.getTime();
    let view = this.derived.get(key);
    if (!view) {
      view = new RosterView(this.history, instant);
      if (this.derived.size >= 32) this.derived.delete(this.derived.keys().next().value as number);
      this.derived.set(key, view);
    }
    return view;
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
      const seat = this.seatVersionAt(seatId, at);
      if (!seat) continue;
      const seatAt = this.seatAt(seat, this.bodiesById.get(seat.bodyId)!, at);
      if (seatAt.person?.id === personId) result.push(seatAt);
    }
    return result.sort(
      (a, b) =>
        a.body.ordinal - b.body.ordinal ||
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
        a.ordinal - b.ordinal ||
        byText(a.seatId, b.seatId),
    );
  }

  tenuresOf(positionId: string): TenureEntity[] {
    return this.tenuresByPosition.get(positionId) ?? [];
  }

  /** Every position, by title. */
  positionList(): PositionRecord[] {
    return [...this.positionRecords.values()].sort((a, b) => a.title.localeCompare(b.title, 'zh-Hans-CN'));
  }

  position(id: string): PositionRecord | undefined {
    return this.positionRecords.get(id);
  }

  /** The position with this title or alias (市交通局局长 finds 市交通运输局局长). */
  positionByTitle(title: string): PositionRecord | undefined {
    return this.positionsByTitle.get(title.trim());
  }

  /** The tenures of a position, oldest first, with their persons. */
  tenureHistory(positionId: string): TenureRecord[] {
    return this.tenuresOf(positionId).map((t) => this.tenureRecord(t));
  }

  /** The tenures of a person, oldest first. */
  tenuresOfPerson(personId: string): TenureRecord[] {
    return (this.tenuresByPerson.get(personId) ?? []).map((t) => this.tenureRecord(t));
  }

  /** Who holds a position at an instant (acting holders included, flagged). */
  holdersAt(positionId: string, at: Date): TenureRecord[] {
    return this.tenuresOf(positionId)
      .filter((t) => covers(t, at))
      .map((t) => this.tenureRecord(t));
  }

  /** Every period in which a person filled a seat, oldest first. */
  assignmentsOfPerson(personId: string): AssignmentRecord[] {
    const result: AssignmentRecord[] = [];
    for (const seatId of this.seatIdsByPerson.get(personId) ?? []) {
      const versions = this.seatsById.get(seatId) ?? [];
      for (const a of this.assignmentsBySeat.get(seatId) ?? []) {
        if (a.personId !== personId) continue;
        // The seat as it was listed when the period began (its title may have changed since).
        const seat = versions.find((s) => covers(s, a.effectiveFrom)) ?? versions[0];
        if (!seat) continue;
        const body = this.bodiesById.get(seat.bodyId)!;
        result.push({
          id: a.id,
          seatId,
          body,
          role: seat.role,
          title: this.titleOf(seat),
          positionId: seat.positionId,
          effectiveFrom: a.effectiveFrom,
          effectiveTo: a.effectiveTo,
          recordedAt: this.firstRecordedAt.get(a.id) ?? a.recordedAt,
          endRecordedAt: a.endRecordedAt,
          acting: a.acting,
          tenureId: a.tenureId,
        });
      }
    }
    return result.sort(
      (a, b) =>
        byStart(a, b) ||
        a.body.ordinal - b.body.ordinal ||
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
        byText(a.seatId, b.seatId) ||
        byText(a.id, b.id),
    );
  }

  /** Every seat in effect at an instant, body by body in document order. */
  allSeatsAt(at: Date): SeatAt[] {
    return this.orderedBodies.flatMap((body) => this.seatsAt(body, at));
  }

  /** The seats listed under a position at an instant. */
  seatsOfPositionAt(positionId: string, at: Date): SeatAt[] {
    return this.allSeatsAt(at).filter((s) => s.positionId === positionId);
  }

  /** A seat as it stood at an instant, if it was in effect then. */
  seatById(seatId: string, at: Date): SeatAt | undefined {
    const seat = this.seatVersionAt(seatId, at);
    if (!seat) return undefined;
    return this.seatAt(seat, this.bodiesById.get(seat.bodyId)!, at);
  }

  /** Since when a seat vacant at `at` has been empty: the end of its last filling, or the seat's start. */
  seatVacantSince(seatId: string, at: Date): Date | null {
    const seat = this.seatsById.get(seatId)?.[0];
    if (!seat) return null;
    const ends = (this.assignmentsBySeat.get(seatId) ?? [])
      .filter(
        (a) =>
          a.personId &&
          a.effectiveTo &&
          a.effectiveTo.getTime() <= at.getTime() &&
          a.effectiveTo.getTime() > a.effectiveFrom.getTime(),
      )
      .map((a) => a.effectiveTo!.getTime());
    return new Date(ends.length ? Math.max(...ends) : seat.effectiveFrom.getTime());
  }

  /** Every person, in no particular order. */
  personList(): PersonRecord[] {
    return [...this.persons.values()];
  }

  /** Persons whose canonical name or an alias is exactly this name. */
  personsNamed(name: string): PersonRecord[] {
    const needle = name.trim();
    return [...this.persons.values()].filter((p) => p.name === needle || p.aliases.includes(needle));
  }

  private tenureRecord(t: TenureEntity): TenureRecord {
    return {
      id: t.id,
      positionId: t.positionId,
      person: this.persons.get(t.personId) ?? { id: t.personId, name: '', aliases: [] },
      effectiveFrom: t.effectiveFrom,
      effectiveTo: t.effectiveTo,
      recordedAt: this.firstRecordedAt.get(t.id) ?? t.recordedAt,
      endRecordedAt: t.endRecordedAt,
      acting: t.acting,
      documentRef: t.documentRef,
    };
  }

  private titleOf(seat: SeatEntity): string {
    return this.positions.get(seat.positionId)?.title ?? seat.listedTitle ?? '';
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
      listedTitle: seat.listedTitle,
      positionId: seat.positionId,
      person: assignment?.personId ? (this.persons.get(assignment.personId) ?? null) : null,
      acting: assignment?.acting ?? false,
      since: assignment?.effectiveFrom ?? null,
      tenureId: assignment?.tenureId ?? null,
    };
  }
}

/** A total order for ties (two seats listed at the same place): the database returns rows in no set order. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

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
