import type { ActivationResult } from '../../activation/core/resolve-activation';
import type { OfficeDef } from './duty-config';
import type { DutyRowData, ShiftState } from './duty-roster';
import { LEADER_ON_DUTY, withLeaderOnDuty } from './leader-on-duty';

const office: OfficeDef = { code: 'HQ', name: '总值班室', body: 'HQ', required: true, shifts: [] };
const slot = {
  office: 'HQ',
  date: '2026-12-04',
  code: 'NIGHT',
  name: '夜班',
  startsAt: new Date('2026-12-04T09:30:00Z'),
  endsAt: new Date('2026-12-05T00:30:00Z'),
};
const director = {
  body: 'HQ',
  bodyName: '总指挥部',
  role: 'OFFICE_DIRECTOR',
  roleName: '办公室主任',
  title: '市应急管理局局长',
  acting: false,
};
const base = {
  reason: '通知其指挥长。',
  recipients: [
    {
      personId: 'c',
      personName: '指挥长甲',
      personAliases: [],
      roles: [{ ...director, role: 'COMMANDER', roleName: '指挥长' }],
    },
    { personId: 'd', personName: '鲍瑞卿', personAliases: [], roles: [director] },
  ],
} as unknown as ActivationResult;
const person = (id: string) => ({
  personId: id,
  personName: { l: '史小军', d: '鲍瑞卿', o: '司国奇' }[id] ?? id,
  personAliases: [],
});
const row = (personId: string, role: 'OFFICER' | 'LEADER') =>
  ({ personId, role, replacesPersonId: null }) as DutyRowData;
const fallback = [
  { person: person('d'), body: 'HQ', bodyName: '总指挥部', roleName: '办公室主任', title: '市应急管理局局长' },
];

describe('withLeaderOnDuty', () => {
  it('puts the 带班领导 first and keeps everyone else in order', () => {
    const state: ShiftState = { slot, officers: [row('o', 'OFFICER')], leader: row('l', 'LEADER') };
    const result = withLeaderOnDuty(base, office, state, person, fallback, 'src');
    expect(result.recipients.map((r) => r.personName)).toEqual(['史小军', '指挥长甲', '鲍瑞卿']);
    expect(result.recipients[0].roles).toEqual([
      expect.objectContaining({ role: LEADER_ON_DUTY, roleName: '带班领导' }),
    ]);
    expect(result.leaderOnDuty).toMatchObject({
      fallback: false,
      leader: { personName: '史小军' },
      officers: [{ personName: '司国奇' }],
    });
    expect(result.reason).toMatch(/^通知其指挥长; 值班表: .*带班领导 史小军, 首先通知。$/);
  });

  it('tells the fallback on an empty shift, merged into their own entry, and says so', () => {
    const result = withLeaderOnDuty(
      base,
      office,
      { slot, officers: [], leader: null },
      person,
      fallback,
      '负责信息收集',
    );
    expect(result.recipients.map((r) => r.personName)).toEqual(['鲍瑞卿', '指挥长甲']);
    expect(result.recipients[0].roles.map((r) => r.role)).toEqual([LEADER_ON_DUTY, 'OFFICE_DIRECTOR']);
    expect(result.leaderOnDuty).toMatchObject({
      fallback: true,
      leader: null,
      fallbackPersons: [{ personName: '鲍瑞卿' }],
    });
    expect(result.reason).toContain('无带班领导、无值班员, 改为通知总指挥部办公室主任 鲍瑞卿: "负责信息收集"');
  });

  it('says when even the fallback seat is vacant', () => {
    const result = withLeaderOnDuty(
      base,
      office,
      { slot, officers: [], leader: null },
      person,
      [{ ...fallback[0], person: null }],
      's',
    );
    expect(result.recipients).toHaveLength(2);
    expect(result.leaderOnDuty.note).toContain('兜底席位也空缺');
  });
});
