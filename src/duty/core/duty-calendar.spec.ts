import * as ical from 'node-ical';
import { dutyCalendar } from './duty-calendar';

describe('dutyCalendar', () => {
  const shift = {
    office: 'HQ',
    officeName: '市应急管理局总值班室',
    date: '2026-12-01',
    shiftCode: 'NIGHT',
    shiftName: '夜班',
    startsAt: new Date('2026-12-01T09:30:00Z'),
    endsAt: new Date('2026-12-02T00:30:00Z'),
    role: 'LEADER' as const,
    officers: ['李四', '王五'],
    leader: '张三',
    replaces: '赵六',
    note: '出差',
  };

  it('gives one event per shift with the instants, the role and a stable id, readable by a calendar parser', () => {
    const text = dutyCalendar('张三', [shift], 'duty.example.org');
    const events = Object.values(ical.sync.parseICS(text)).filter((e) => e?.type === 'VEVENT') as ical.VEvent[];
    expect(events).toHaveLength(1);
    expect(events[0].start.toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(events[0].end?.toISOString()).toBe('2026-12-02T00:30:00.000Z');
    expect(events[0].summary).toBe('夜班带班领导(市应急管理局总值班室)');
    expect(events[0].uid).toBe('HQ-2026-12-01-NIGHT-LEADER@duty.example.org');
    expect(String(events[0].description)).toContain('代替 赵六(出差)');
  });
});
