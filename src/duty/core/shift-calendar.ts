/**
 * Shifts as instants: a shift of an office on a China date (UTC+8, no daylight saving) starts at its
 * start time that day and ends at its end time, the next day when it runs past midnight (夜班
 * 2026-12-01 17:30 → 2026-12-02 08:30, so 03:00 on the 2nd belongs to the night shift of the 1st).
 */
import { clockMinutes, OfficeDef, shiftMinutes, ShiftDef } from './duty-config';

export const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** One shift of one office on one date. */
export interface ShiftSlot {
  office: string;
  /** The China date the shift starts on, YYYY-MM-DD. */
  date: string;
  code: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
}

/** The China date (YYYY-MM-DD) of an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** "2026-12-01 17:30" in China time. */
export function chinaDateTime(instant: Date): string {
  const iso = new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The instant of a China date at a number of minutes after its midnight. */
export function chinaInstant(date: string, minutes = 0): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d, 0, minutes) - CHINA_OFFSET_MS);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** True for a real calendar date YYYY-MM-DD. */
export { isCalendarDate as isDate } from '../../common/core/calendar-date';

export function slotOf(office: OfficeDef, date: string, shift: ShiftDef): ShiftSlot {
  const startsAt = chinaInstant(date, clockMinutes(shift.start));
  return {
    office: office.code,
    date,
    code: shift.code,
    name: shift.name,
    startsAt,
    endsAt: new Date(startsAt.getTime() + shiftMinutes(shift) * 60_000),
  };
}

/** The office's shifts on a date, in the order they start. */
export function slotsOfDate(office: OfficeDef, date: string): ShiftSlot[] {
  return office.shifts.map((s) => slotOf(office, date, s)).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The shift of the office covering an instant (shifts tile the day, so there is exactly one). */
export function slotAt(office: OfficeDef, at: Date): ShiftSlot {
  const today = chinaDate(at);
  for (const date of [today, addDays(today, -1)]) {
    const slot = slotsOfDate(office, date).find((s) => covers(s, at));
    if (slot) return slot;
  }
  throw new Error(`the shifts of office ${office.code} do not cover ${at.toISOString()}`);
}

/** Every shift of the office overlapping [from, to), in time order. */
export function slotsBetween(office: OfficeDef, from: Date, to: Date): ShiftSlot[] {
  const result: ShiftSlot[] = [];
  for (let date = addDays(chinaDate(from), -1); date <= chinaDate(to); date = addDays(date, 1)) {
    for (const slot of slotsOfDate(office, date)) {
      if (slot.startsAt.getTime() < to.getTime() && slot.endsAt.getTime() > from.getTime()) result.push(slot);
    }
  }
  return result;
}

export function covers(slot: { startsAt: Date; endsAt: Date }, at: Date): boolean {
  return slot.startsAt.getTime() <= at.getTime() && at.getTime() < slot.endsAt.getTime();
}

/** The shift definition a spreadsheet cell names: its code, its name or an alias (白班, DAY, 日班). */
export function findShift(office: OfficeDef, label: string): ShiftDef | undefined {
  const needle = label.replace(/\s+/g, '');
  return office.shifts.find((s) => s.code === needle.toUpperCase() || s.name === needle || s.aliases.includes(needle));
}

/** The first and the day after the last day of a month YYYY-MM. */
export function monthDates(month: string): { first: string; after: string } {
  const [y, m] = month.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 10);
  const after = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  return { first, after };
}

export const DAY = DAY_MS;
