/**
 * A person's shifts as an iCalendar feed (RFC 5545) that calendar apps subscribe to. Built with
 * ical-generator; every event has a stable UID per shift and role, so an app updates an event
 * when a swap or an absence changes it and drops it when the person is no longer on that shift.
 */
import icalGenerator from 'ical-generator';
import type { DutyRole } from './duty-roster';

export interface CalendarShift {
  office: string;
  officeName: string;
  date: string;
  shiftCode: string;
  shiftName: string;
  startsAt: Date;
  endsAt: Date;
  role: DutyRole;
  /** The other people on the shift: 值班员 and 带班领导 names. */
  officers: string[];
  leader: string | null;
  /** Whom this person stands in for, and why. */
  replaces: string | null;
  note: string | null;
}

export const DUTY_ROLE_NAMES: Record<DutyRole, string> = { OFFICER: '值班员', LEADER: '带班领导' };

export function dutyCalendar(
  personName: string,
  shifts: readonly CalendarShift[],
  host: string,
  now: Date = new Date(),
): string {
  const calendar = icalGenerator({
    name: `${personName}的值班安排`,
    prodId: { company: 'jincheng-emergency', product: 'duty-roster', language: 'ZH' },
    // Instants in UTC (…Z): exact in every app, shown in the reader's own time zone.
    ttl: 3600,
  });
  for (const s of shifts) {
    const lines = [
      `${s.officeName} ${s.date} ${s.shiftName}`,
      `值班员: ${s.officers.join('、') || '(空缺)'}`,
      `带班领导: ${s.leader ?? '(空缺)'}`,
    ];
    if (s.replaces) lines.push(`代替 ${s.replaces}${s.note ? `(${s.note})` : ''}`);
    calendar.createEvent({
      id: `${s.office}-${s.date}-${s.shiftCode}-${s.role}@${host}`,
      start: s.startsAt,
      end: s.endsAt,
      stamp: now,
      summary: `${s.shiftName}${DUTY_ROLE_NAMES[s.role]}(${s.officeName})`,
      description: lines.join('\n'),
    });
  }
  return calendar.toString();
}
