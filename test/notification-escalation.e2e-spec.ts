import { ApiKeyService } from '../src/auth/api-key.service';
import { ApiRole } from '../src/auth/api-role.enum';
import { EscalationEntity } from '../src/notifications/entities/escalation.entity';
import { escalationJobId } from '../src/notifications/notification.jobs';
import { NotificationQueuesService } from '../src/notifications/queue/notification-queues.service';
import {
  attemptsOf,
  giveContacts,
  notificationsConfig,
  notificationsOf,
  personIds,
  report,
  sleep,
  waitFor,
} from './support/notify';
import { createTestApp, TestApp } from './support/test-app';

/** Escalation seconds instead of minutes: III gets 1.5 s to acknowledge. */
const ESCALATION_MINUTES = 0.025;
const WAIT_PAST_DEADLINE_MS = 1500 + 2500;

const INCIDENT = `query($id: ID!) { incident(id: $id) {
  events { seq kind actor summary data }
  notifications { id status messageKind escalationLevel acknowledgedAt acknowledgedVia reason person { name } roles { body role } }
} }`;
type Events = Array<{ seq: number; kind: string; actor: string | null; summary: string; data: string }>;
type Notes = Array<{
  id: string;
  status: string;
  messageKind: string;
  escalationLevel: number;
  acknowledgedAt: string | null;
  acknowledgedVia: string | null;
  reason: string;
  person: { name: string };
  roles: Array<{ body: string; role: string }>;
}>;

const ACK = `mutation($id: ID!) { acknowledgeNotification(id: $id) { id status acknowledgedAt acknowledgedVia person { name } } }`;

describe('acknowledgement and escalation', () => {
  let t: TestApp;
  let ids: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({
      NOTIFICATIONS_FILE: notificationsConfig({
        escalation: {
          minutes: { I: ESCALATION_MINUTES, II: ESCALATION_MINUTES, III: ESCALATION_MINUTES, IV: ESCALATION_MINUTES },
          maxLevels: 1,
        },
      }),
    });
    ids = await personIds(t, ['王斌权', '王宏微', '张利锋', '鲍瑞卿', '张海芳']);
  });
  afterAll(async () => {
    await t.close();
  });

  const incidentOf = async (id: string) =>
    (await t.query<{ incident: { events: Events; notifications: Notes } }>(INCIDENT, { id })).incident;
  const escalationOf = (incidentId: string) =>
    t.dataSource.getRepository(EscalationEntity).findOneOrFail({ where: { incidentId } });

  it('without an acknowledgement: re-sends to the commanders on their next contact method and tells the next level up, as an incident event', async () => {
    // 王斌权 can be reached two ways (both log channels in the default config): the reminder uses the second.
    const [mobile, office] = await giveContacts(t, ids['王斌权'], [
      { kind: 'MOBILE', value: '13900000001' },
      { kind: 'OFFICE_PHONE', value: '0356-2021234' },
    ]);
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'III', title: '高速公路多车相撞' });
    const first = await incidentOf(incident.id);
    expect(first.notifications.map((n) => n.person.name)).not.toContain('张利锋');
    await waitFor(
      'the escalation clock started',
      async () => (await escalationOf(incident.id).catch(() => null))?.status === 'WAITING',
    );

    const escalated = await waitFor(
      'the ESCALATED event',
      async () => (await incidentOf(incident.id)).events.find((e) => e.kind === 'ESCALATED'),
      20000,
      100,
    );
    expect(escalated.actor).toBe('system');
    expect(escalated.summary).toContain('第1次升级');
    expect(escalated.summary).toContain('指挥长王斌权、王宏微');
    expect(escalated.summary).toContain('上报张利锋、鲍瑞卿');
    const data = JSON.parse(escalated.data) as {
      level: number;
      unacknowledged: string[];
      resent: string[];
      notified: string[];
    };
    expect(data).toMatchObject({
      level: 1,
      unacknowledged: ['王斌权', '王宏微'],
      resent: ['王斌权', '王宏微'],
      notified: ['张利锋', '鲍瑞卿'],
    });

    const after = await waitFor('the re-sends delivered', async () => {
      const rows = await notificationsOf(t.dataSource, incident.id);
      const moved = rows.filter((n) => n.escalationLevel === 1);
      return moved.length === 4 && moved.every((n) => n.status === 'DELIVERED') && rows;
    });
    // The incident's notices (the duty office's alert after the last level travels in rows of its own).
    const byName = new Map(after.filter((n) => n.purpose === 'NOTICE').map((n) => [n.personName, n]));
    // The commanders: a reminder, on the next contact method.
    for (const name of ['王斌权', '王宏微'])
      expect(byName.get(name)).toMatchObject({ messageKind: 'REMINDER', escalationLevel: 1, sendSeq: 1 });
    const wangAttempts = await attemptsOf(t.dataSource, byName.get('王斌权')!.id);
    expect(wangAttempts.map((a) => `${a.sendSeq} ${a.contactKind} ${a.outcome}`)).toEqual([
      '0 MOBILE DELIVERED',
      '1 OFFICE_PHONE DELIVERED',
    ]);
    expect(wangAttempts.map((a) => a.contactMethodId)).toEqual([mobile.id, office.id]);
    expect(wangAttempts[1].message).toContain('【催办·第1次】');
    expect(wangAttempts[1].message).toContain('尚未收到您的确认');
    // The next level up: 常务副总指挥 (not told before: a new notification) and the HQ office director (told again).
    const zhang = byName.get('张利锋')!;
    expect(zhang).toMatchObject({ messageKind: 'ESCALATION', escalationLevel: 1, sendSeq: 0 });
    expect(zhang.reason).toContain('升级通知(第1次)');
    const [zhangAttempt] = await attemptsOf(t.dataSource, zhang.id);
    expect(zhangAttempt.message).toContain('【升级报告·第1次】高速公路多车相撞：指挥长未确认');
    expect(zhangAttempt.message).toContain('较大及以上交通事故应急指挥部指挥长王斌权、王宏微在0.03分钟内未确认');
    expect(zhangAttempt.message).toContain('常务副总指挥');
    expect(byName.get('鲍瑞卿')).toMatchObject({ messageKind: 'ESCALATION', escalationLevel: 1, sendSeq: 1 });
    // Deputies and other office directors are not re-sent.
    expect(byName.get('张海芳')).toMatchObject({ messageKind: 'INITIAL', escalationLevel: 0, sendSeq: 0 });
    expect((await escalationOf(incident.id)).status).toBe('EXHAUSTED');
  });

  it('never undoes an acknowledgement: a next-level person who already confirmed is not re-sent', async () => {
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'III', title: '国道货车侧翻' });
    // Acknowledged once delivered (the person read it). An acknowledgement racing the first delivery
    // once answered INTERNAL_SERVER_ERROR on Postgres in CI; not reproduced since, still under study.
    await waitFor('delivered', async () =>
      (await notificationsOf(t.dataSource, incident.id)).every((n) => n.status === 'DELIVERED'),
    );
    const director = (await incidentOf(incident.id)).notifications.find((n) => n.person.name === '鲍瑞卿')!;
    const { acknowledgeNotification: acked } = await t.query<{
      acknowledgeNotification: { status: string; acknowledgedAt: string };
    }>(ACK, { id: director.id });
    expect(acked.status).toBe('ACKNOWLEDGED');

    const escalated = await waitFor(
      'the ESCALATED event',
      async () => (await incidentOf(incident.id)).events.find((e) => e.kind === 'ESCALATED'),
      20000,
      100,
    );
    expect((JSON.parse(escalated.data) as { notified: string[] }).notified).toEqual(['张利锋']);
    await waitFor('the escalation delivered', async () => {
      const rows = await notificationsOf(t.dataSource, incident.id);
      return (
        rows.filter((n) => n.escalationLevel === 1).every((n) => n.status === 'DELIVERED') &&
        rows.some((n) => n.personName === '张利锋')
      );
    });
    const after = (await incidentOf(incident.id)).notifications.find((n) => n.person.name === '鲍瑞卿')!;
    expect(after).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedAt: acked.acknowledgedAt, escalationLevel: 0 });
  });

  it('a commander acknowledging in time stops the escalation, and its delayed job is removed', async () => {
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'III', title: '隧道内车辆起火' });
    const rows = await waitFor('delivered', async () => {
      const found = await notificationsOf(t.dataSource, incident.id);
      return found.every((n) => n.status === 'DELIVERED') && found;
    });
    const escalation = await waitFor('the escalation job queued', async () => {
      const row = await escalationOf(incident.id);
      return row.queuedJobs === 1 && row;
    });
    const queues = t.get(NotificationQueuesService);
    expect(await queues.job('escalation', escalationJobId(incident.id, 1))).toBeDefined();

    // A deputy acknowledging does not stop it …
    const deputy = rows.find((n) => n.personName === '张海芳')!;
    await t.query(ACK, { id: deputy.id });
    expect((await escalationOf(incident.id)).status).toBe('WAITING');
    // … a commander does.
    const commander = rows.find((n) => n.personName === '王宏微')!;
    const { acknowledgeNotification: acked } = await t.query<{
      acknowledgeNotification: { status: string; acknowledgedAt: string; acknowledgedVia: string };
    }>(ACK, { id: commander.id });
    expect(acked).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedVia: 'API' });
    const row = await escalationOf(incident.id);
    expect(row).toMatchObject({ status: 'CANCELLED', cancelledBy: commander.id, level: 0 });
    expect(escalation.dueAt.getTime()).toBeGreaterThan(Date.now() - 5000);
    await waitFor(
      'the delayed job removed',
      async () => (await queues.job('escalation', escalationJobId(incident.id, 1))) === undefined,
    );

    await sleep(WAIT_PAST_DEADLINE_MS);
    const later = await incidentOf(incident.id);
    expect(later.events.map((e) => e.kind)).toEqual(['REPORTED', 'ACKNOWLEDGED', 'ACKNOWLEDGED']);
    expect(later.events[2].summary).toBe('王宏微确认收到通知(值班员登记: ADMIN_API_KEY); 确认要求已满足, 停止升级');
    expect(later.notifications.every((n) => n.escalationLevel === 0 && n.messageKind === 'INITIAL')).toBe(true);
    expect(later.notifications.find((n) => n.person.name === '王宏微')).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedAt: acked.acknowledgedAt,
    });

    // Acknowledging again changes nothing.
    const again = await t.query<{ acknowledgeNotification: { acknowledgedAt: string } }>(ACK, { id: commander.id });
    expect(again.acknowledgeNotification.acknowledgedAt).toBe(acked.acknowledgedAt);
    expect((await incidentOf(incident.id)).events).toHaveLength(3);
  });

  it('an escalation job that fires after the acknowledgement (Redis was away when it was cancelled) does nothing', async () => {
    const incident = await report(t, { incidentType: 'CULTURE_TOURISM', severity: 'III', title: '景区游客踩踏' });
    const rows = await waitFor('delivered', async () => {
      const found = await notificationsOf(t.dataSource, incident.id);
      return found.every((n) => n.status === 'DELIVERED') && found;
    });
    await waitFor('the escalation job queued', async () => (await escalationOf(incident.id)).queuedJobs === 1);
    const queues = t.get(NotificationQueuesService);
    const job = await queues.job('escalation', escalationJobId(incident.id, 1));
    // Acknowledge behind the queue's back: the database says CANCELLED, the delayed job is still there.
    await t.dataSource.query(
      `UPDATE notification SET status = 'ACKNOWLEDGED' WHERE id = ${t.env.DB_TYPE === 'postgres' ? '$1' : '?'}`,
      [rows.find((n) => n.personName === '梁丽萍')!.id],
    );
    expect(job).toBeDefined();
    await waitFor('the job ran', async () => (await job!.getState()) === 'completed', 10000, 100);
    expect(await (await queues.job('escalation', escalationJobId(incident.id, 1)))!.returnvalue).toBe('CANCELLED');
    expect((await incidentOf(incident.id)).events.map((e) => e.kind)).toEqual(['REPORTED']);
    expect((await escalationOf(incident.id)).status).toBe('CANCELLED');
  });

  it('does not start an escalation clock when the post is not activated', async () => {
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'IV', title: '小型车辆刮擦' });
    await waitFor('delivered', async () =>
      (await notificationsOf(t.dataSource, incident.id)).every((n) => n.status === 'DELIVERED'),
    );
    expect((await escalationOf(incident.id)).status).toBe('NONE');
    expect((await escalationOf(incident.id)).queuedJobs).toBe(0);
  });

  it('acknowledgeNotification needs the role duty_officer and names an unknown id', async () => {
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'IV', title: '车辆追尾' });
    const { secret } = await t.get(ApiKeyService).create({ name: 'reader-board', roles: [ApiRole.reader] });
    const refused = await t.gql(ACK, { id: incident.notifications[0].id }, { Authorization: `Bearer ${secret}` });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await notificationsOf(t.dataSource, incident.id))[0].status).not.toBe('ACKNOWLEDGED');
    const { secret: duty } = await t.get(ApiKeyService).create({ name: '值班员甲', roles: [ApiRole.duty_officer] });
    const ok = await t.query<{ acknowledgeNotification: { status: string; acknowledgedVia: string } }>(
      ACK,
      { id: incident.notifications[0].id },
      { Authorization: `Bearer ${duty}` },
    );
    expect(ok.acknowledgeNotification).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedVia: 'API' });
    const acked = (await notificationsOf(t.dataSource, incident.id))[0];
    expect(acked.acknowledgedBy).toBe('值班员甲');
    const missing = await t.gql(ACK, { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(missing.errors?.[0].message).toContain('00000000-0000-4000-8000-000000000000');
  });
});
