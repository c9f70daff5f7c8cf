import { resolve } from 'node:path';
import { Severity } from '../../common/core/severity';
import { readNotificationsConfig } from '../../config/notifications.config';
import { CommandRole } from '../../roster/core/command-role';
import { asksOf, chinaTime, maskToken, MessageFacts, placeholderValues, renderMessage } from './message-renderer';

const config = readNotificationsConfig(resolve(__dirname, '..', '..', '..', 'config', 'notifications.yaml'));

const post = {
  body: 'COAL_MINE_SAFETY',
  bodyName: '较大及以上煤矿生产安全事故应急指挥部',
  title: '市应急管理局局长',
  acting: false,
};
const hq = { body: 'HQ', bodyName: '晋城市应急救援总指挥部', title: '市应急管理局局长', acting: false };
const facts = (overrides: Partial<MessageFacts> = {}): MessageFacts => ({
  kind: 'INITIAL',
  level: 0,
  personName: '鲍瑞卿',
  roles: [
    { ...post, role: CommandRole.DEPUTY_COMMANDER, roleName: '副指挥长' },
    { ...post, role: CommandRole.OFFICE_DIRECTOR, roleName: '办公室主任' },
    { ...hq, role: CommandRole.OFFICE_DIRECTOR, roleName: '办公室主任' },
  ],
  incident: {
    title: '某煤矿井下瓦斯爆炸',
    incidentTypeName: '煤矿生产安全事故',
    severity: Severity.III,
    location: '某煤矿',
    county: '沁水县',
    description: '3人被困',
    occurredAt: new Date('2024-06-01T00:30:00Z'),
    reportedAt: new Date('2024-06-01T00:45:00Z'),
  },
  activation: {
    activated: true,
    headquarters: false,
    postCode: 'COAL_MINE_SAFETY',
    postName: '较大及以上煤矿生产安全事故应急指挥部',
  },
  ackUrl: 'https://yingji.example.gov.cn/ack/TOKEN',
  minutes: 15,
  unacknowledged: [],
  ...overrides,
});

describe('renderMessage with config/notifications.yaml', () => {
  it('writes the incident, every role held, what is asked and the acknowledgement link', () => {
    const { subject, text } = renderMessage(config, facts());
    expect(subject).toBe('【III级(较大)煤矿生产安全事故】某煤矿井下瓦斯爆炸');
    expect(text).toBe(
      [
        '鲍瑞卿同志：',
        '2024-06-01 08:45接报III级(较大)煤矿生产安全事故：某煤矿井下瓦斯爆炸。',
        '地点：沁水县 某煤矿',
        '发生时间：2024-06-01 08:30',
        '情况：3人被困',
        '响应：较大及以上煤矿生产安全事故应急指挥部启动',
        '您在本次响应中的职务：较大及以上煤矿生产安全事故应急指挥部副指挥长、较大及以上煤矿生产安全事故应急指挥部办公室主任、晋城市应急救援总指挥部办公室主任',
        '请您：协助指挥长组织应急处置工作；组织指挥部办公室做好应急值守、信息汇总和协调联络工作；组织总指挥部办公室做好信息收集、汇总、报送和发布工作，跟踪事态发展',
        '收到后请点击确认：https://yingji.example.gov.cn/ack/TOKEN',
        '——晋城市应急救援总指挥部办公室',
      ].join('\n'),
    );
  });

  it('says what is missing and when the post is not activated', () => {
    const { text } = renderMessage(
      config,
      facts({
        incident: { ...facts().incident, location: null, county: null, description: null, occurredAt: null },
        activation: { ...facts().activation, activated: false },
        roles: [{ ...post, role: CommandRole.OFFICE_DIRECTOR, roleName: '办公室主任' }],
      }),
    );
    expect(text).toContain('地点：未报告');
    expect(text).toContain('发生时间：未报告');
    expect(text).toContain('情况：暂无');
    expect(text).toContain('响应：较大及以上煤矿生产安全事故应急指挥部不启动，由事发地县(市、区)负责处置(属地管理)');
    expect(text).toContain('请您：专项指挥部未启动，由事发地县(市、区)负责处置；请指导事发地做好应对工作');
  });

  it('renders reminders and escalations with the level, the minutes and the commanders not acknowledged', () => {
    const reminder = renderMessage(config, facts({ kind: 'REMINDER', level: 1, personName: '张利锋' }));
    expect(reminder.subject).toBe('【催办·第1次】III级(较大)煤矿生产安全事故：某煤矿井下瓦斯爆炸');
    expect(reminder.text).toContain('已通知您15分钟，尚未收到您的确认');
    const escalation = renderMessage(
      config,
      facts({ kind: 'ESCALATION', level: 2, minutes: 0.5, unacknowledged: ['王斌权', '王宏微'] }),
    );
    expect(escalation.subject).toBe('【升级报告·第2次】某煤矿井下瓦斯爆炸：指挥长未确认');
    expect(escalation.text).toContain(
      '较大及以上煤矿生产安全事故应急指挥部指挥长王斌权、王宏微在0.5分钟内未确认收到通知',
    );
    expect(renderMessage(config, facts({ kind: 'ESCALATION', level: 1 })).text).toContain('指挥长(席位空缺)在15分钟内');
    // Waiting for others than the post's commanders: the message says so instead of calling them 指挥长.
    const others = renderMessage(
      config,
      facts({ kind: 'ESCALATION', level: 1, unacknowledged: ['刘锋', '鲍瑞卿'], waitingRole: '须确认人员' }),
    );
    expect(others.subject).toBe('【升级报告·第1次】某煤矿井下瓦斯爆炸：须确认人员未确认');
    expect(others.text).toContain('应急指挥部须确认人员刘锋、鲍瑞卿在15分钟内未确认');
    expect(others.text).toContain('请督促须确认人员到岗履职');
  });

  it('says in a short SMS value whether the post responds, not that it does below its threshold', () => {
    expect(placeholderValues(config, facts()).postResponse).toBe('较大及以上煤矿生产安全事故应急指挥部启动响应');
    const below = placeholderValues(config, facts({ activation: { ...facts().activation, activated: false } }));
    expect(below.postResponse).toBe('较大及以上煤矿生产安全事故应急指挥部不启动，属地处置');
    expect([...below.postResponse].length).toBeLessThanOrEqual(35);
  });

  it('asks each thing once and falls back to the default', () => {
    const twice = [
      { ...post, role: CommandRole.OFFICE_DIRECTOR, roleName: '办公室主任' },
      { ...post, body: 'OTHER', role: CommandRole.MEMBER, roleName: '成员' },
    ];
    expect(asksOf(config, twice, facts().activation)).toBe(
      '组织指挥部办公室做好应急值守、信息汇总和协调联络工作；知悉并做好相应准备',
    );
    expect(asksOf(config, [], facts().activation)).toBe('知悉并做好相应准备');
  });

  it('writes China Standard Time and masks the token for storage', () => {
    expect(chinaTime(new Date('2024-12-31T16:30:00Z'))).toBe('2025-01-01 00:30');
    expect(maskToken('链接 https://x/ack/abc123 与 abc123', 'abc123')).toBe('链接 https://x/ack/******** 与 ********');
  });
});

describe('exercises and alerts', () => {
  it('marks every message of an exercise with 【演练】, once', () => {
    for (const kind of ['INITIAL', 'REMINDER', 'ESCALATION', 'RESEND', 'REPORT_ALERT'] as const) {
      const base = facts({ kind });
      const drill = renderMessage(config, { ...base, incident: { ...base.incident, exercise: true } });
      expect(drill.subject.startsWith('【演练】')).toBe(true);
      expect(drill.text.startsWith('【演练】')).toBe(true);
      expect(drill.text.indexOf('【演练】', 1)).toBe(-1);
      expect(renderMessage(config, base).subject.startsWith('【演练】')).toBe(false);
    }
  });
  it('a reporting alert says what is due', () => {
    const alert = renderMessage(config, {
      ...facts({ kind: 'REPORT_ALERT' }),
      alert: '首报应于2024-06-01 10:00前报送，已超时，尚未报送',
    });
    expect(alert.subject).toMatch(/^【信息报送提醒】/);
    expect(alert.text).toContain('首报应于2024-06-01 10:00前报送，已超时，尚未报送。');
  });
});
