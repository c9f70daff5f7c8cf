import { ManualClock } from '../src/common/clock.provider';
import { EscalationService } from '../src/notifications/delivery/escalation.service';
import { EscalationEntity } from '../src/notifications/entities/escalation.entity';
import { DeadlineMonitorService } from '../src/reporting/deadline-monitor.service';
import { addDays, chinaDate, dutyMonthRows, MONTH_HEADER } from './support/duty';
import {
  attemptsOf,
  commandersOnlyPolicies,
  giveContacts,
  notificationsConfig,
  notificationsOf,
  personIds,
  report,
  reportingWithoutTimer,
  waitFor,
} from './support/notify';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The duty office in the loop, on a clock the test moves: reporting-deadline alerts reach the
 * 值班员 and the 带班领导 on shift as well as the headquarters office director; escalation keeps on
 * until the confirmation policy is met, starts again when a regrade leaves it unmet, and alerts the
 * duty office when its last level fired in vain. Escalation jobs are fired by the test
 * (EscalationService.fire, what the delayed job runs): the clock is ahead of real time, so the
 * queued jobs wait far longer than the test runs.
 */

const MIN = 60_000;
/** 10:00 China Standard Time tomorrow: a day shift (白班 08:30–17:30), ahead of real time. */
const START = new Date(`${addDays(chinaDate(new Date()), 1)}T10:00:00+08:00`);

function csv(rows: string[][]): string {
  const text = [MONTH_HEADER, ...rows].map((r) => r.join(',')).join('\r\n');
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8').toString('base64');
}

const VIEW = `query($id: ID!) { incident(id: $id) {
  severity events { kind summary data }
  confirmationPolicy { met metAt escalation { status level maxLevels dueAt } }
  confirmations { notificationId person { name } required state confirmedAt recordedAt via recordedBy note }
} }`;
type View = {
  severity: string;
  events: Array<{ kind: string; summary: string; data: string }>;
  confirmationPolicy: {
    met: boolean;
    metAt: string | null;
    escalation: { status: string; level: number; maxLevels: number; dueAt: string | null } | null;
  };
  confirmations: Array<{
    notificationId: string;
    person: { name: string };
    required: boolean;
    state: string;
    confirmedAt: string | null;
    recordedAt: string | null;
    via: string | null;
    recordedBy: string | null;
    note: string | null;
  }>;
};
const ACK = `mutation($id: ID!, $via: AcknowledgementVia, $note: String, $receivedAt: DateTime) {
  acknowledgeNotification(id: $id, via: $via, note: $note, receivedAt: $receivedAt) { id status acknowledgedAt acknowledgementRecordedAt acknowledgedBy }
}`;
const CLOSE = `mutation($id: ID!, $reason: String!) { closeIncident(id: $id, reason: $reason) { id } }`;
const REGRADE = `mutation($id: ID!, $severity: Severity!) { regradeIncident(id: $id, severity: $severity, reason: "伤亡增加") { id } }`;

describe('the duty office in the loop (controllable clock)', () => {
  let t: TestApp;
  const clock = new ManualClock(START);
  beforeAll(async () => {
    t = await createTestApp(
      {
        NOTIFICATIONS_FILE: notificationsConfig({
          escalation: { minutes: { I: 30, II: 40, III: 60, IV: 60 }, maxLevels: 2 },
        }),
        CONFIRMATION_POLICIES_FILE: commandersOnlyPolicies(),
        REPORTING_FILE: reportingWithoutTimer(),
      },
      { clock },
    );
    // The headquarters duty office keeps its roster here: 白班 卢海建, led by 李东升.
    const month = chinaDate(START).slice(0, 7);
    await t.query(`mutation($input: ImportDutyRosterInput!) { importDutyRoster(input: $input) { shiftsRead } }`, {
      input: { month, format: 'CSV', contentBase64: csv(dutyMonthRows(month, START)) },
    });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const view = async (id: string) => (await t.query<{ incident: View }>(VIEW, { id })).incident;
  const escalationOf = (incidentId: string) =>
    t.dataSource.getRepository(EscalationEntity).findOneOrFail({ where: { incidentId } });
  const firedHere = new Set<string>();
  /**
   * Fires a level as its queued job would. The relay schedules the next level's job for its due time
   * on this clock; when the test has already set the clock there, the job runs at once and may fire
   * the level first. That counts the same: this call then finds the level STALE, and the outcome
   * is read from the clock the job left.
   */
  const fire = async (incidentId: string, level: number): Promise<{ outcome: string }> => {
    const result = await t.get(EscalationService).fire(incidentId, level);
    const key = `${incidentId}:${level}`;
    const again = firedHere.has(key);
    firedHere.add(key);
    if (result.outcome !== 'STALE' || again) return result;
    const row = await escalationOf(incidentId);
    if (row.level !== level) return result;
    return { outcome: row.status === 'WAITING' ? 'ESCALATED' : row.status };
  };
  const started = (incidentId: string) =>
    waitFor(
      'the escalation clock',
      async () => (await escalationOf(incidentId).catch(() => null))?.status === 'WAITING',
    );
  const alertsOf = async (incidentId: string, purpose: string) =>
    (await notificationsOf(t.dataSource, incidentId)).filter((n) => n.purpose === purpose);

  it('a 首报 due soon and overdue alerts the 值班员 and the 带班领导 on shift and the office director', async () => {
    clock.set(START);
    const incident = await report(t, { incidentType: 'COAL_MINE_SAFETY', severity: 'III', title: '煤矿顶板冒落' });
    clock.set(new Date(START.getTime() + 46 * MIN));
    const soon = (await t.get(DeadlineMonitorService).scan()).alerts.filter((a) => a.incidentId === incident.id);
    expect(soon.map((a) => [a.kind, [...a.recipients].sort()])).toEqual([
      ['DUE_SOON', ['卢海建', '李东升', '鲍瑞卿'].sort()],
    ]);
    const rows = await waitFor('the alerts delivered', async () => {
      const found = await alertsOf(incident.id, 'REPORT_ALERT');
      return found.length === 3 && found.every((n) => n.status === 'DELIVERED') && found;
    });
    const roles = Object.fromEntries(
      rows.map((n) => [n.personName, (JSON.parse(n.roles) as Array<{ roleName: string }>).map((r) => r.roleName)]),
    );
    expect(roles).toEqual({ 卢海建: ['值班员'], 李东升: ['带班领导'], 鲍瑞卿: ['办公室主任'] });
    const [message] = await attemptsOf(t.dataSource, rows.find((n) => n.personName === '卢海建')!.id);
    expect(message.message).toContain('首报应于');
    expect(message.message).toContain('还剩14分钟');

    clock.set(new Date(START.getTime() + 61 * MIN));
    const overdue = (await t.get(DeadlineMonitorService).scan()).alerts.filter((a) => a.incidentId === incident.id);
    expect(overdue.map((a) => [a.kind, a.recipients.length])).toEqual([['OVERDUE', 3]]);
    const event = (await view(incident.id)).events.at(-1)!;
    expect(event.kind).toBe('DEADLINE_ALERT');
    expect(event.summary).toMatch(/已超时.*提醒.*卢海建/);
  });

  it('a grade-II incident needing both commanders escalates after the first confirms and stops after the second', async () => {
    clock.set(START);
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'II', title: '隧道内多车相撞' });
    await started(incident.id);
    let state = await view(incident.id);
    const commanders = state.confirmations.filter((c) => c.required);
    expect(commanders.map((c) => c.person.name).sort()).toEqual(['王宏微', '王斌权']);
    const [first, second] = ['王斌权', '王宏微'].map((name) => commanders.find((c) => c.person.name === name)!);

    clock.set(new Date(START.getTime() + 5 * MIN));
    await t.query(ACK, { id: first.notificationId });
    expect((await escalationOf(incident.id)).status).toBe('WAITING');

    clock.set(new Date(START.getTime() + 40 * MIN));
    expect((await fire(incident.id, 1)).outcome).toBe('ESCALATED');
    state = await view(incident.id);
    const escalated = state.events.filter((e) => e.kind === 'ESCALATED');
    expect(escalated).toHaveLength(1);
    expect(JSON.parse(escalated[0].data)).toMatchObject({ level: 1, unacknowledged: ['王宏微'], resent: ['王宏微'] });
    expect(state.confirmationPolicy.escalation).toEqual({
      status: 'WAITING',
      level: 1,
      maxLevels: 2,
      dueAt: new Date(START.getTime() + 80 * MIN).toISOString(),
    });

    // The second confirms by telephone at 10:42; the duty officer records it at 10:45.
    const receivedAt = new Date(START.getTime() + 42 * MIN).toISOString();
    clock.set(new Date(START.getTime() + 45 * MIN));
    const future = await t.gql(ACK, {
      id: second.notificationId,
      via: 'PHONE',
      receivedAt: new Date(START.getTime() + 50 * MIN).toISOString(),
    });
    expect(future.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(future.errors?.[0].message).toMatch(/receivedAt.*future/);
    const early = await t.gql(ACK, {
      id: second.notificationId,
      via: 'PHONE',
      receivedAt: new Date(START.getTime() - 60 * MIN).toISOString(),
    });
    expect(early.errors?.[0].message).toMatch(/receivedAt.*before 王宏微 was notified/);
    expect((await escalationOf(incident.id)).status).toBe('WAITING');

    const { acknowledgeNotification: acked } = await t.query(ACK, {
      id: second.notificationId,
      via: 'PHONE',
      note: '王宏微来电确认',
      receivedAt,
    });
    expect(acked).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedAt: receivedAt,
      acknowledgementRecordedAt: new Date(START.getTime() + 45 * MIN).toISOString(),
      acknowledgedBy: 'ADMIN_API_KEY',
    });
    expect((await escalationOf(incident.id)).status).toBe('CANCELLED');
    clock.set(new Date(START.getTime() + 80 * MIN));
    expect((await fire(incident.id, 2)).outcome).toBe('STALE');
    state = await view(incident.id);
    expect(state.events.filter((e) => e.kind === 'ESCALATED')).toHaveLength(1);
    expect(state.confirmationPolicy).toMatchObject({ met: true, metAt: receivedAt });
    expect(state.confirmations.find((c) => c.person.name === '王宏微')).toMatchObject({
      state: 'CONFIRMED',
      via: 'PHONE',
      confirmedAt: receivedAt,
      recordedAt: new Date(START.getTime() + 45 * MIN).toISOString(),
      recordedBy: 'ADMIN_API_KEY',
      note: '王宏微来电确认',
    });
    expect(state.events.filter((e) => e.kind === 'ACKNOWLEDGED').at(-1)!.summary).toContain('来电时间');
  });

  it('the last escalation in vain alerts the duty office; a regrade that leaves the policy unmet starts a new run', async () => {
    clock.set(START);
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'III', title: '客车侧翻' });
    await started(incident.id);
    clock.set(new Date(START.getTime() + 60 * MIN));
    expect((await fire(incident.id, 1)).outcome).toBe('ESCALATED');
    clock.set(new Date(START.getTime() + 120 * MIN));
    expect((await fire(incident.id, 2)).outcome).toBe('EXHAUSTED');

    let state = await view(incident.id);
    expect(state.confirmationPolicy.escalation).toEqual({ status: 'EXHAUSTED', level: 2, maxLevels: 2, dueAt: null });
    const exhausted = state.events.filter((e) => e.kind === 'ESCALATION_EXHAUSTED');
    expect(exhausted).toHaveLength(1);
    expect(exhausted[0].summary).toMatch(/^升级已达最高次数\(2次\), 确认要求仍未满足: .+未确认; 提醒值班室/);
    expect([...(JSON.parse(exhausted[0].data) as { notified: string[] }).notified].sort()).toEqual(
      ['卢海建', '李东升', '鲍瑞卿'].sort(),
    );
    const alerts = await waitFor('the duty alerts delivered', async () => {
      const found = await alertsOf(incident.id, 'DUTY_ALERT');
      return found.length === 3 && found.every((n) => n.status === 'DELIVERED') && found;
    });
    const [message] = await attemptsOf(t.dataSource, alerts.find((n) => n.personName === '卢海建')!.id);
    expect(message.message).toContain('【值班提醒】');
    expect(message.message).toContain('已升级2次(最高次数), 确认要求"指挥长至少1人确认"仍未满足');
    // Nothing more fires in this run.
    clock.set(new Date(START.getTime() + 180 * MIN));
    expect((await fire(incident.id, 3)).outcome).toBe('STALE');

    // Regraded to II with nobody confirmed: a new run of two escalations at the grade-II interval.
    await t.query(REGRADE, { id: incident.id, severity: 'II' });
    state = await view(incident.id);
    expect(state.events.find((e) => e.kind === 'REGRADED')!.summary).toContain('重新开始升级, 40分钟内未确认即升级');
    expect(state.confirmationPolicy.escalation).toEqual({
      status: 'WAITING',
      level: 2,
      maxLevels: 2,
      dueAt: new Date(START.getTime() + 220 * MIN).toISOString(),
    });
    clock.set(new Date(START.getTime() + 220 * MIN));
    expect((await fire(incident.id, 3)).outcome).toBe('ESCALATED');
    expect((await escalationOf(incident.id)).status).toBe('WAITING');
    clock.set(new Date(START.getTime() + 260 * MIN));
    expect((await fire(incident.id, 4)).outcome).toBe('EXHAUSTED');
    expect((await view(incident.id)).events.filter((e) => e.kind === 'ESCALATION_EXHAUSTED')).toHaveLength(2);
    await waitFor('the second duty alerts sent', async () =>
      (await alertsOf(incident.id, 'DUTY_ALERT')).every((n) => n.sendSeq === 1 && n.status === 'DELIVERED'),
    );
  });

  it('a regrade after the policy was met starts escalation again for those the new grade requires', async () => {
    clock.set(START);
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'III', title: '危化品槽车泄漏' });
    await started(incident.id);
    let state = await view(incident.id);
    const first = state.confirmations.find((c) => c.person.name === '王斌权')!;
    clock.set(new Date(START.getTime() + 10 * MIN));
    await t.query(ACK, { id: first.notificationId });
    expect((await escalationOf(incident.id)).status).toBe('CANCELLED');

    clock.set(new Date(START.getTime() + 20 * MIN));
    await t.query(REGRADE, { id: incident.id, severity: 'II' });
    state = await view(incident.id);
    expect(state.confirmationPolicy.met).toBe(false);
    expect(state.confirmationPolicy.escalation).toMatchObject({ status: 'WAITING', level: 0 });
    expect(state.events.find((e) => e.kind === 'REGRADED')!.summary).toContain('(1人未确认): 重新开始升级');
    clock.set(new Date(START.getTime() + 60 * MIN));
    expect((await fire(incident.id, 1)).outcome).toBe('ESCALATED');
    const second = state.confirmations.find((c) => c.person.name === '王宏微')!;
    await t.query(ACK, { id: second.notificationId });
    expect((await escalationOf(incident.id)).status).toBe('CANCELLED');

    // Back to III: the policy stays met, nothing starts.
    await t.query(REGRADE, { id: incident.id, severity: 'III' });
    expect((await escalationOf(incident.id)).status).toBe('CANCELLED');
  });

  it('a commander who is also the next level up is reminded on his next contact method, not sent a report about himself', async () => {
    clock.set(START);
    const zhang = (await personIds(t, ['张利锋']))['张利锋'];
    const [office, mobile] = await giveContacts(t, zhang, [
      { kind: 'OFFICE_PHONE', value: '0356-2020001' },
      { kind: 'MOBILE', value: '13900000077' },
    ]);
    const incident = await report(t, { incidentType: 'PRODUCTION_SAFETY', severity: 'III', title: '化工厂储罐爆炸' });
    await started(incident.id);
    // His notice went out on the first contact method, the office phone.
    await waitFor('the notice to 张利锋 sent', async () => {
      const n = (await notificationsOf(t.dataSource, incident.id)).find((r) => r.personName === '张利锋');
      return n?.contactMethodId === office.id;
    });
    clock.set(new Date(START.getTime() + 61 * MIN));
    expect((await fire(incident.id, 1)).outcome).toBe('ESCALATED');
    const after = (await notificationsOf(t.dataSource, incident.id)).find((n) => n.personName === '张利锋')!;
    expect(after).toMatchObject({ messageKind: 'REMINDER', escalationLevel: 1, contactMethodId: mobile.id });
    const escalated = (await view(incident.id)).events.filter((e) => e.kind === 'ESCALATED').pop()!;
    const data = JSON.parse(escalated.data) as { resent: string[]; notified: string[] };
    expect(data.resent).toContain('张利锋');
    expect(data.notified).not.toContain('张利锋');
    await t.query(CLOSE, { id: incident.id, reason: '测试结束' });
  });

  it('a closed incident shows its escalation over at once, before the waiting job comes due', async () => {
    clock.set(START);
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'II', title: '高速公路客车侧翻' });
    await started(incident.id);
    expect((await view(incident.id)).confirmationPolicy.escalation).toMatchObject({ status: 'WAITING' });
    await t.query(CLOSE, { id: incident.id, reason: '处置完毕' });
    expect((await view(incident.id)).confirmationPolicy.escalation).toMatchObject({ status: 'CLOSED', dueAt: null });
    clock.set(new Date(START.getTime() + 40 * MIN));
    expect((await fire(incident.id, 1)).outcome).toBe('CLOSED');
  });
});
