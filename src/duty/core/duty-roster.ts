/**
 * The duty roster as data: who is on which shift, bitemporally. A row puts one person on one shift
 * of one office in one duty role; it is effective for the shift's window (startsAt…endsAt, frozen
 * when recorded) and known from recordedAt until supersededAt (an import, a swap or an absence
 * supersedes rows and records new ones, never overwriting). Pure: no Nest, no database.
 */
import { OfficeDef } from './duty-config';
import { covers, ShiftSlot, slotAt, slotsBetween } from './shift-calendar';

export type DutyRole = 'OFFICER' | 'LEADER';

export interface DutyRowData {
  id: string;
  office: string;
  shiftDate: string;
  shiftCode: string;
  shiftName: string;
  startsAt: Date;
  endsAt: Date;
  personId: string;
  role: DutyRole;
  /** Order of the 值班员 on the shift as listed (1 first). */
  ordinal: number;
  recordedAt: Date;
  supersededAt: Date | null;
  /** The change (import, swap, absence) that recorded the row. */
  changeId: string;
  /** Whom this person stands in for (a swap or an absence), if anyone. */
  replacesPersonId: string | null;
  /** Why (the reason of the swap or absence). */
  note: string | null;
}

/** A shift with who was on it, as known at an instant. */
export interface ShiftState {
  slot: ShiftSlot;
  officers: DutyRowData[];
  leader: DutyRowData | null;
}

/** The rows as known at an instant (null: as known now). */
export function rowsKnownAt<R extends Pick<DutyRowData, 'recordedAt' | 'supersededAt'>>(
  rows: readonly R[],
  knownAt: Date | null,
): R[] {
  if (!knownAt) return rows.filter((r) => r.supersededAt === null);
  const t = knownAt.getTime();
  return rows.filter((r) => r.recordedAt.getTime() <= t && (r.supersededAt === null || r.supersededAt.getTime() > t));
}

const slotKey = (office: string, date: string, code: string) => `${office}|${date}|${code}`;

/** Groups (already known) rows of one office into shifts. */
function stateOf(slot: ShiftSlot, rows: readonly DutyRowData[]): ShiftState {
  const officers = rows.filter((r) => r.role === 'OFFICER').sort((a, b) => a.ordinal - b.ordinal);
  const leaders = rows.filter((r) => r.role === 'LEADER').sort((a, b) => a.ordinal - b.ordinal);
  return { slot, officers, leader: leaders[0] ?? null };
}

/** The window rows were recorded with: the configured window unless the config changed since. */
function slotOfRows(rows: readonly DutyRowData[]): ShiftSlot {
  const r = rows[0];
  return {
    office: r.office,
    date: r.shiftDate,
    code: r.shiftCode,
    name: r.shiftName,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
  };
}

function groupRows(rows: readonly DutyRowData[]): Map<string, DutyRowData[]> {
  const groups = new Map<string, DutyRowData[]>();
  for (const r of rows) {
    const key = slotKey(r.office, r.shiftDate, r.shiftCode);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return groups;
}

/**
 * Every shift of the office overlapping [from, to), the configured ones and any recorded under
 * another window, each with who is on it. `known` are the office's rows as known at the instant asked.
 */
export function shiftsBetween(office: OfficeDef, known: readonly DutyRowData[], from: Date, to: Date): ShiftState[] {
  const groups = groupRows(known.filter((r) => r.office === office.code));
  const result: ShiftState[] = [];
  for (const slot of slotsBetween(office, from, to)) {
    const key = slotKey(office.code, slot.date, slot.code);
    const rows = groups.get(key);
    groups.delete(key);
    result.push(stateOf(rows ? slotOfRows(rows) : slot, rows ?? []));
  }
  for (const rows of groups.values()) {
    const slot = slotOfRows(rows);
    if (slot.startsAt.getTime() < to.getTime() && slot.endsAt.getTime() > from.getTime())
      result.push(stateOf(slot, rows));
  }
  return result.sort((a, b) => a.slot.startsAt.getTime() - b.slot.startsAt.getTime());
}

/** The shift of the office at an instant: the one recorded as covering it, else the configured one (maybe empty). */
export function shiftAt(office: OfficeDef, known: readonly DutyRowData[], at: Date): ShiftState {
  const groups = groupRows(known.filter((r) => r.office === office.code && covers(r, at)));
  const first = [...groups.values()].sort((a, b) => b[0].startsAt.getTime() - a[0].startsAt.getTime())[0];
  if (first) return stateOf(slotOfRows(first), first);
  return stateOf(slotAt(office, at), []);
}

/** What is missing on a shift: 值班员, 带班领导, or nothing. */
export function shiftGaps(state: ShiftState): Array<'OFFICER' | 'LEADER'> {
  const gaps: Array<'OFFICER' | 'LEADER'> = [];
  if (state.officers.length === 0) gaps.push('OFFICER');
  if (!state.leader) gaps.push('LEADER');
  return gaps;
}
