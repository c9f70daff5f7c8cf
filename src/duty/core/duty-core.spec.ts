import { YamlSource } from '../../config/yaml-file.reader';
import { planAbsence, planSwap } from './duty-changes';
import { OfficeDef, parseDutyConfig, shiftProblems } from './duty-config';
import { DutyRowData, rowsKnownAt, shiftAt, shiftsBetween } from './duty-roster';
import { parseDutySheet, parseSheetDate } from './duty-sheet';
import { slotAt, slotsBetween } from './shift-calendar';

const SHIFTS = [
  { code: 'DAY', name: '白班', start: '08:30', end: '17:30', aliases: ['日班'] },
  { code: 'NIGHT', name: '夜班', start: '17:30', end: '08:30', aliases: [] },
];
const HQ: OfficeDef = { code: 'HQ', name: '总值班室', body: 'HQ', required: true, shifts: SHIFTS };
const china = (text: string) => new Date(`${text}+08:00`);

describe('shift calendar (China time)', () => {
  it('puts 03:00 in the night shift that began the evening before, and 15:00 in the day shift', () => {
    expect(slotAt(HQ, china('2026-12-05T03:00:00'))).toMatchObject({
      date: '2026-12-04',
      code: 'NIGHT',
      startsAt: china('2026-12-04T17:30:00'),
      endsAt: china('2026-12-05T08:30:00'),
    });
    expect(slotAt(HQ, china('2026-12-05T15:00:00'))).toMatchObject({ date: '2026-12-05', code: 'DAY' });
    expect(slotAt(HQ, china('2026-12-05T08:30:00')).code).toBe('DAY');
    expect(slotAt(HQ, china('2026-12-05T08:29:59')).code).toBe('NIGHT');
  });

  it('lists every shift overlapping a range, in time order', () => {
    const slots = slotsBetween(HQ, china('2026-12-05T00:00:00'), china('2026-12-06T00:00:00'));
    expect(slots.map((s) => `${s.date} ${s.code}`)).toEqual(['2026-12-04 NIGHT', '2026-12-05 DAY', '2026-12-05 NIGHT']);
  });

  it('refuses shifts that leave a hole or overlap', () => {
    expect(shiftProblems(SHIFTS)).toEqual([]);
    expect(shiftProblems([{ code: 'ALL', name: '全天', start: '08:00', end: '08:00', aliases: [] }])).toEqual([]);
    expect(shiftProblems([SHIFTS[0], { ...SHIFTS[1], start: '18:00' }])[0]).toMatch(/tile the day/);
    expect(() =>
      parseDutyConfig(
        new YamlSource(
          'duty.yaml',
          'defaultOffice: X\ndefaultShifts: [{code: DAY, name: 白班, start: "8:30", end: "17:30"}]\noffices: [{code: HQ, name: a}]\nactivation: {leaderOnDuty: true, office: HQ, fallback: {body: HQ, roles: [OFFICE_DIRECTOR], source: s}}\nissues: {lookaheadDays: 7}\n',
        ),
      ),
    ).toThrow(/duty.yaml:2 defaultShifts\[0\]\.start: must be a time of day HH:MM/);
  });
});

describe('spreadsheet rows', () => {
  const people: Record<string, string> = { 张三: 'p1', 李四: 'p2', 王五: 'p3' };
  const lookup = (name: string) =>
    people[name] ? { person: { id: people[name], name } } : { problem: `${name} is not a person of the directory` };
  const phone = (raw: string) => (/^1\d{10}$/.test(raw) ? { kind: 'MOBILE' as const, value: raw } : null);

  it('reads dates as offices write them', () => {
    expect(parseSheetDate('2026/12/1', null)).toBe('2026-12-01');
    expect(parseSheetDate('2026年12月1日（星期二）', null)).toBe('2026-12-01');
    expect(parseSheetDate('12月1日', '2026-12')).toBe('2026-12-01');
    expect(parseSheetDate('2026-02-30', null)).toBeNull();
  });

  it('names every bad row and column, and gives no entries then', () => {
    const result = parseDutySheet(
      [
        ['2026年12月值班表'],
        ['日期', '班次', '值班员', '带班领导', '联系电话'],
        ['2026-12-01', '白班', '张三', '李四', '13800000001'],
        ['2026-12-01', '早班', '张三', '赵六', ''],
        ['2026-12-01', '白班', '王五', '李四', 'abc'],
        ['2026-11-30', '夜班', '张三、王五', '李四', '13800000001'],
      ],
      HQ,
      lookup,
      phone,
      null,
    );
    expect(result.entries).toEqual([]);
    expect(result.problems.map((p) => `${p.row} ${p.column}`)).toEqual([
      '4 B(班次)',
      '4 D(带班领导)',
      '5 B(班次)',
      '5 E(联系电话)',
      '6 A(日期)',
      '6 E(联系电话)',
    ]);
    expect(result.problems[2].message).toBe('2026-12-01 白班 is already given in row 3');
    expect(JSON.stringify(result.problems)).not.toContain('13800000001');
  });

  it('reads a good sheet, empty shifts included', () => {
    const result = parseDutySheet(
      [
        ['日期', '班次', '值班员', '带班领导'],
        ['2026-12-01', '日班', '张三、王五', '李四'],
        ['2026-12-01', 'NIGHT', '', ''],
      ],
      HQ,
      lookup,
      phone,
      '2026-12',
    );
    expect(result.problems).toEqual([]);
    expect(result.entries.map((e) => [e.shift.code, e.officers.map((o) => o.name), e.leader?.name ?? null])).toEqual([
      ['DAY', ['张三', '王五'], '李四'],
      ['NIGHT', [], null],
    ]);
  });
});

describe('bitemporal rows, swaps and absences', () => {
  const slotDay = {
    office: 'HQ',
    shiftDate: '2026-12-05',
    shiftCode: 'DAY',
    shiftName: '白班',
    startsAt: china('2026-12-05T08:30:00'),
    endsAt: china('2026-12-05T17:30:00'),
  };
  const slotNight = {
    ...slotDay,
    shiftCode: 'NIGHT',
    shiftName: '夜班',
    startsAt: china('2026-12-05T17:30:00'),
    endsAt: china('2026-12-06T08:30:00'),
  };
  const weekAgo = new Date('2026-11-28T00:00:00Z');
  const row = (
    id: string,
    slot: typeof slotDay,
    personId: string,
    role: 'OFFICER' | 'LEADER',
    extra: Partial<DutyRowData> = {},
  ): DutyRowData => ({
    id,
    ...slot,
    personId,
    role,
    ordinal: 1,
    recordedAt: weekAgo,
    supersededAt: null,
    changeId: 'c1',
    replacesPersonId: null,
    note: null,
    ...extra,
  });
  const rows = [
    row('a', slotDay, 'p1', 'OFFICER'),
    row('b', slotDay, 'L1', 'LEADER'),
    row('c', slotNight, 'p2', 'OFFICER'),
    row('d', slotNight, 'L2', 'LEADER'),
  ];

  it('swaps two people between shifts, each taking the other’s role', () => {
    const plan = planSwap(
      rows,
      'HQ',
      { date: '2026-12-05', shift: 'DAY', personId: 'L1', personName: '甲' },
      { date: '2026-12-05', shift: 'NIGHT', personId: 'L2', personName: '乙' },
      'r',
    );
    expect(plan.supersede.map((r) => r.id)).toEqual(['b', 'd']);
    expect(plan.insert.map((r) => [r.shiftCode, r.personId, r.role, r.replacesPersonId])).toEqual([
      ['DAY', 'L2', 'LEADER', 'L1'],
      ['NIGHT', 'L1', 'LEADER', 'L2'],
    ]);
    expect(() =>
      planSwap(
        rows,
        'HQ',
        { date: '2026-12-05', shift: 'DAY', personId: 'L9', personName: '丙' },
        { date: '2026-12-05', shift: 'NIGHT', personId: 'L2', personName: '乙' },
        'r',
      ),
    ).toThrow(/丙 is not on duty/);
  });

  it('covers every shift of the absent person in the period', () => {
    const plan = planAbsence(
      rows,
      'HQ',
      { id: 'p2', name: '乙' },
      { id: 'p9', name: '丙' },
      china('2026-12-05T00:00:00'),
      china('2026-12-07T00:00:00'),
      '请假',
    );
    expect(plan.insert).toEqual([
      expect.objectContaining({ shiftCode: 'NIGHT', personId: 'p9', replacesPersonId: 'p2', role: 'OFFICER' }),
    ]);
    expect(() =>
      planAbsence(
        rows,
        'HQ',
        { id: 'p2', name: '乙' },
        { id: 'p9', name: '丙' },
        china('2026-12-08T00:00:00'),
        china('2026-12-09T00:00:00'),
        'x',
      ),
    ).toThrow(/no shift/);
  });

  it('answers as known last week and as known now', () => {
    const yesterday = new Date('2026-12-04T00:00:00Z');
    const history = [
      { ...rows[1], supersededAt: yesterday },
      row('e', slotDay, 'L3', 'LEADER', { recordedAt: yesterday, replacesPersonId: 'L1' }),
      rows[0],
    ];
    const at = china('2026-12-05T15:00:00');
    expect(shiftAt(HQ, rowsKnownAt(history, new Date('2026-11-29T00:00:00Z')), at).leader?.personId).toBe('L1');
    expect(shiftAt(HQ, rowsKnownAt(history, null), at).leader?.personId).toBe('L3');
    expect(shiftAt(HQ, rowsKnownAt(history, new Date('2026-11-01T00:00:00Z')), at)).toMatchObject({
      leader: null,
      officers: [],
    });
    const shifts = shiftsBetween(
      HQ,
      rowsKnownAt(history, null),
      china('2026-12-05T00:00:00'),
      china('2026-12-06T00:00:00'),
    );
    expect(shifts.map((s) => [s.slot.date, s.slot.code, s.officers.length, s.leader?.personId ?? null])).toEqual([
      ['2026-12-04', 'NIGHT', 0, null],
      ['2026-12-05', 'DAY', 1, 'L3'],
      ['2026-12-05', 'NIGHT', 0, null],
    ]);
  });
});
