import { ManualClock } from '../src/common/clock.provider';
import { DeadlineMonitorService } from '../src/reporting/deadline-monitor.service';
import { listen, subscribe, wsClient } from './support/live';
import {
  attemptsOf,
  notificationsConfig,
  notificationsOf,
  report,
  reportingWithoutTimer,
  waitFor,
} from './support/notify';
import { createTestApp, TEST_ADMIN_KEY, TestApp } from './support/test-app';

const DEADLINES = `query($id: ID!) { incident(id: $id) {
  severity events { kind summary }
  reportingDeadlines { id kind seq dueAt filedAt overdue filedLate cancelledAt alertedSoonAt alertedOverdueAt reportId }
  reports { kind text filedBy deadline { kind seq } }
} }`;
type Deadline = {
  id: string;
  kind: string;
  seq: number;
  dueAt: string;
  filedAt: string | null;
  overdue: boolean;
  filedLate: boolean;
  cancelledAt: string | null;
  alertedSoonAt: string | null;
  alertedOverdueAt: string | null;
  reportId: string | null;
};
type View = {
  severity: string;
  events: Array<{ kind: string; summary: string }>;
  reportingDeadlines: Deadline[];
  reports: Array<{ kind: string; text: string; filedBy: string; deadline: { kind: string; seq: number } | null }>;
};

const FILE = `mutation($input: FileReportInput!) { fileReport(input: $input) { id kind text filedAt filedBy deadline { kind seq filedAt overdue filedLate } } }`;
const DRAFT = `query($id: ID!, $kind: ReportKind!) { draftReport(incidentId: $id, kind: $kind) { kind title text deadline { kind dueAt } } }`;

const at = (iso: string) => new Date(iso);

describe('reporting deadlines (信息报送)', () => {
  let t: TestApp;
  const clock = new ManualClock(at('2026-06-01T01:00:00.000Z')); // 09:00 China Standard Time
  beforeAll(async () => {
    t = await createTestApp(
      { NOTIFICATIONS_FILE: notificationsConfig(), REPORTING_FILE: reportingWithoutTimer() },
      { clock },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const view = async (id: string) => (await t.query<{ incident: View }>(DEADLINES, { id })).incident;
  /** Scans; the alerts of one incident (the suites' incidents share the database). */
  const scan = async (incidentId?: string) => {
    const result = await t.get(DeadlineMonitorService).scan();
    return { alerts: result.alerts.filter((a) => !incidentId || a.incidentId === incidentId) };
  };
  const alertsOf = async (incidentId: string) =>
    (await notificationsOf(t.dataSource, incidentId)).filter((n) => n.purpose === 'REPORT_ALERT');

  it('a grade-III 首报 alerts when due soon and when overdue, and clears when filed', async () => {
    clock.set(at('2026-06-01T01:00:00.000Z'));
    const incident = await report(t, { incidentType: 'COAL_MINE_SAFETY', severity: 'III', title: '煤矿顶板事故' });
    let state = await view(incident.id);
    expect(state.reportingDeadlines.map((d) => [d.kind, d.seq, d.dueAt, d.overdue])).toEqual([
      ['INITIAL', 0, '2026-06-01T02:00:00.000Z', false], // within the hour (较大及以上)
      ['FOLLOW_UP', 1, '2026-06-01T09:00:00.000Z', false], // 17:00 CST
    ]);
    expect((await scan(incident.id)).alerts).toEqual([]);

    // 14 minutes before: due soon, once.
    clock.set(at('2026-06-01T01:46:00.000Z'));
    const soon = await scan(incident.id);
    expect(soon.alerts).toEqual([
      { deadlineId: state.reportingDeadlines[0].id, incidentId: incident.id, kind: 'DUE_SOON', recipients: ['鲍瑞卿'] },
    ]);
    expect((await scan(incident.id)).alerts).toEqual([]);
    const [alert] = await waitFor('the alert delivered', async () => {
      const rows = await alertsOf(incident.id);
      return rows.length === 1 && rows[0].status === 'DELIVERED' && rows;
    });
    expect(alert).toMatchObject({ personName: '鲍瑞卿', messageKind: 'REPORT_ALERT', sendSeq: 0 });
    const [message] = await attemptsOf(t.dataSource, alert.id);
    expect(message.message).toContain('【信息报送提醒】III级(较大)');
    expect(message.message).toContain('首报应于2026-06-01 10:00前报送，还剩14分钟，尚未报送');
    // The notice of the incident is untouched and the alert is not one of Incident.notifications.
    expect(incident.notifications.every((n) => n.id !== alert.id)).toBe(true);
    state = await view(incident.id);
    expect(state.reportingDeadlines[0]).toMatchObject({
      overdue: false,
      alertedSoonAt: '2026-06-01T01:46:00.000Z',
      alertedOverdueAt: null,
    });
    expect(state.events.at(-1)).toEqual({
      kind: 'DEADLINE_ALERT',
      summary: '报送时限临近: 首报应于2026-06-01 10:00前报送，还剩14分钟，尚未报送; 提醒鲍瑞卿',
    });

    // Due time passed: overdue, once; the same alert row is sent again.
    clock.set(at('2026-06-01T02:01:00.000Z'));
    expect((await scan(incident.id)).alerts.map((a) => a.kind)).toEqual(['OVERDUE']);
    expect((await scan(incident.id)).alerts).toEqual([]);
    await waitFor('the overdue alert delivered', async () => {
      const rows = await alertsOf(incident.id);
      return rows.length === 1 && rows[0].sendSeq === 1 && rows[0].status === 'DELIVERED';
    });
    expect((await attemptsOf(t.dataSource, alert.id))[1].message).toContain(
      '首报应于2026-06-01 10:00前报送，已超时，尚未报送',
    );
    expect((await view(incident.id)).reportingDeadlines[0]).toMatchObject({
      overdue: true,
      alertedOverdueAt: '2026-06-01T02:01:00.000Z',
    });

    // Filed (late): no longer overdue, never alerts again; incidentChanged carries it.
    const url = await listen(t);
    const client = wsClient(url, `Bearer ${TEST_ADMIN_KEY}`);
    const watch = subscribe<{ incidentChanged: { reportingDeadlines: Deadline[] } }>(
      client,
      `subscription($id: ID!) { incidentChanged(id: $id) { reportingDeadlines { kind seq filedAt overdue } } }`,
      { id: incident.id },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    clock.set(at('2026-06-01T02:05:00.000Z'));
    const { fileReport: filed } = await t.query<{
      fileReport: { kind: string; filedAt: string; filedBy: string; deadline: Record<string, unknown> };
    }>(FILE, {
      input: { incidentId: incident.id, kind: 'INITIAL', text: '关于煤矿顶板事故的首报……' },
    });
    expect(filed).toMatchObject({
      kind: 'INITIAL',
      filedAt: '2026-06-01T02:05:00.000Z',
      filedBy: 'ADMIN_API_KEY',
      deadline: { kind: 'INITIAL', seq: 0, overdue: false, filedLate: true },
    });
    const events = await watch.until((got) =>
      got.some((e) => e.data?.incidentChanged.reportingDeadlines.some((d) => d.kind === 'INITIAL' && d.filedAt)),
    );
    expect(events.at(-1)!.data!.incidentChanged.reportingDeadlines[0]).toEqual({
      kind: 'INITIAL',
      seq: 0,
      filedAt: '2026-06-01T02:05:00.000Z',
      overdue: false,
    });
    watch.stop();
    await client.dispose();
    clock.set(at('2026-06-01T03:00:00.000Z'));
    expect((await scan(incident.id)).alerts).toEqual([]);
    state = await view(incident.id);
    expect(state.reportingDeadlines[0]).toMatchObject({
      overdue: false,
      filedLate: true,
      filedAt: '2026-06-01T02:05:00.000Z',
    });
    expect(state.events.at(-1)!.summary).toBe('报送首报: 超时报送(时限2026-06-01 10:00)');
    expect(state.reports).toEqual([
      {
        kind: 'INITIAL',
        text: '关于煤矿顶板事故的首报……',
        filedBy: 'ADMIN_API_KEY',
        deadline: { kind: 'INITIAL', seq: 0 },
      },
    ]);

    // A 续报 filed opens the next one on the schedule (next day 08:00 CST).
    await t.query(FILE, { input: { incidentId: incident.id, kind: 'FOLLOW_UP', text: '第1次续报' } });
    state = await view(incident.id);
    expect(
      state.reportingDeadlines.filter((d) => d.kind === 'FOLLOW_UP').map((d) => [d.seq, d.dueAt, Boolean(d.filedAt)]),
    ).toEqual([
      [1, '2026-06-01T09:00:00.000Z', true],
      [2, '2026-06-02T00:00:00.000Z', false],
    ]);
  });

  it('a regrade moves the open deadlines, and a moved deadline alerts again', async () => {
    clock.set(at('2026-06-01T01:00:00.000Z'));
    const incident = await report(t, { incidentType: 'COAL_MINE_SAFETY', severity: 'IV', title: '煤矿运输事故' });
    let state = await view(incident.id);
    expect(state.reportingDeadlines.map((d) => [d.kind, d.seq, d.dueAt])).toEqual([
      ['INITIAL', 0, '2026-06-01T03:00:00.000Z'], // 一般: 2 hours
      ['FOLLOW_UP', 1, '2026-06-02T03:00:00.000Z'], // every 24 hours
    ]);
    clock.set(at('2026-06-01T02:50:00.000Z'));
    expect((await scan(incident.id)).alerts.map((a) => a.kind)).toEqual(['DUE_SOON']);

    await t.query(`mutation($id: ID!) { regradeIncident(id: $id, severity: III, reason: "3人死亡") { id } }`, {
      id: incident.id,
    });
    state = await view(incident.id);
    expect(state.reportingDeadlines.map((d) => [d.kind, d.seq, d.dueAt, d.overdue, d.alertedSoonAt])).toEqual([
      ['INITIAL', 0, '2026-06-01T02:00:00.000Z', true, null],
      ['FOLLOW_UP', 1, '2026-06-01T09:00:00.000Z', false, null],
    ]);
    const regraded = state.events.find((e) => e.kind === 'REGRADED')!;
    expect(regraded.summary).toContain(
      '报送时限重算: 首报时限由2026-06-01 11:00改为2026-06-01 10:00; 续报(第1次)时限由2026-06-02 11:00改为2026-06-01 17:00',
    );
    // Already past the new due time: straight to overdue.
    expect((await scan(incident.id)).alerts.map((a) => a.kind)).toEqual(['OVERDUE']);

    // A filed deadline stays where it was.
    await t.query(FILE, { input: { incidentId: incident.id, kind: 'INITIAL', text: '首报' } });
    await t.query(`mutation($id: ID!) { regradeIncident(id: $id, severity: II, reason: "死亡人数升至10人") { id } }`, {
      id: incident.id,
    });
    state = await view(incident.id);
    expect(state.reportingDeadlines[0]).toMatchObject({ kind: 'INITIAL', dueAt: '2026-06-01T02:00:00.000Z' });
  });

  it('draftReport fills the official layout; the 终报 is due after close and filed then', async () => {
    clock.set(at('2026-06-01T01:00:00.000Z'));
    const incident = await report(t, {
      incidentType: 'COAL_MINE_SAFETY',
      severity: 'III',
      title: '某煤矿瓦斯爆炸',
      county: '阳城县',
      location: '某煤矿井下',
      description: '井下发生瓦斯爆炸。已造成3人死亡，2人受伤。',
      reporter: '值班员王五',
    });
    const { draftReport: draft } = await t.query<{
      draftReport: { title: string; text: string; deadline: { kind: string; dueAt: string } };
    }>(DRAFT, { id: incident.id, kind: 'INITIAL' });
    expect(draft.title).toBe('关于某煤矿瓦斯爆炸的首报');
    expect(draft.deadline).toEqual({ kind: 'INITIAL', dueAt: '2026-06-01T02:00:00.000Z' });
    for (const part of [
      '一、时间：',
      '二、地点：阳城县 某煤矿井下。',
      '三、事件类型与等级：煤矿',
      'III级(较大)',
      '四、伤亡与损失：已造成3人死亡，2人受伤。',
      '五、已采取的措施：',
      '六、下一步工作：',
      '按时报送续报（2026-06-01 17:00前）',
      '七、报告人：ADMIN_API_KEY，晋城市应急救援总指挥部办公室',
    ]) {
      expect(draft.text).toContain(part);
    }
    expect(draft.text).toMatch(/2026-06-01 09:00接报后，.*启动应急响应，通知\d+名领导和有关人员。/);

    const early = await t.gql(FILE, { input: { incidentId: incident.id, kind: 'FINAL', text: '终报' } });
    expect(early.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(early.errors?.[0].message).toContain('kind');
    const empty = await t.gql(FILE, { input: { incidentId: incident.id, kind: 'INITIAL', text: '  ' } });
    expect(empty.errors?.[0].message).toMatch(/text: .*empty/);
    expect((await view(incident.id)).reports).toEqual([]);

    clock.set(at('2026-06-01T05:00:00.000Z'));
    await t.query(`mutation($id: ID!) { closeIncident(id: $id, reason: "救援结束") { id } }`, { id: incident.id });
    let state = await view(incident.id);
    expect(state.reportingDeadlines.map((d) => [d.kind, d.dueAt, Boolean(d.cancelledAt)])).toEqual([
      ['INITIAL', '2026-06-01T02:00:00.000Z', false], // still owed
      ['FOLLOW_UP', '2026-06-01T09:00:00.000Z', true],
      ['FINAL', '2026-06-03T05:00:00.000Z', false], // 48 hours after close
    ]);
    const { draftReport: final } = await t.query<{ draftReport: { title: string; text: string } }>(DRAFT, {
      id: incident.id,
      kind: 'FINAL',
    });
    expect(final.title).toBe('关于某煤矿瓦斯爆炸的终报');
    expect(final.text).toContain('2026-06-01 13:00应急响应结束：救援结束。');
    await t.query(FILE, { input: { incidentId: incident.id, kind: 'FINAL', text: final.text } });
    state = await view(incident.id);
    expect(state.reportingDeadlines.find((d) => d.kind === 'FINAL')).toMatchObject({
      filedAt: '2026-06-01T05:00:00.000Z',
      overdue: false,
      filedLate: false,
    });
    clock.set(at('2026-06-05T00:00:00.000Z'));
    const later = await scan(incident.id);
    expect(later.alerts.map((a) => a.kind)).toEqual(['OVERDUE']); // the 首报 never filed
  });
});
