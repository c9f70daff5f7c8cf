import { DeliveryAttemptEntity } from '../src/notifications/entities/delivery-attempt.entity';
import { NotificationQueuesService } from '../src/notifications/queue/notification-queues.service';
import { attemptsOf, notificationsConfig, notificationsOf, report, waitFor } from './support/notify';
import { createTestApp, TestApp } from './support/test-app';

/** Intake → relay → BullMQ on the real Redis → in-process worker → log channel. */
describe('notification delivery through the log channel', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      NOTIFICATIONS_FILE: notificationsConfig(),
      PUBLIC_BASE_URL: 'https://yingji.example.gov.cn',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('delivers every notification of an intake via log, each exactly once, with its message and acknowledgement link', async () => {
    const incident = await report(t, {
      title: '某煤矿井下瓦斯爆炸',
      location: '某煤矿',
      county: '沁水县',
      description: '3人被困',
    });
    expect(incident.notifications).toHaveLength(8);
    const rows = await waitFor('all 8 notifications DELIVERED', async () => {
      const found = await notificationsOf(t.dataSource, incident.id);
      return found.every((n) => n.status === 'DELIVERED') && found;
    });
    for (const n of rows) {
      expect(n).toMatchObject({
        channel: 'log',
        attempts: 1,
        sendSeq: 0,
        queuedSends: 1,
        messageKind: 'INITIAL',
        lastError: null,
      });
      expect(n.queuedAt).not.toBeNull();
      expect(n.deliveredAt).not.toBeNull();
      const attempts = await attemptsOf(t.dataSource, n.id);
      expect(attempts.map((a) => `${a.outcome} ${a.channel} ${a.dedupKey}`)).toEqual([`DELIVERED log ${n.id}.0`]);
      expect(attempts[0].ackTokenHash).toMatch(/^[0-9a-f]{64}$/);
    }
    const zhang = rows.find((n) => n.personName === '张利锋')!;
    const [attempt] = await attemptsOf(t.dataSource, zhang.id);
    // The rendered message, its link's token masked (only the token's hash is stored).
    expect(attempt.message).toContain('【III级(较大)煤矿生产安全事故】某煤矿井下瓦斯爆炸');
    expect(attempt.message).toContain('张利锋同志');
    expect(attempt.message).toContain('地点：沁水县 某煤矿');
    expect(attempt.message).toContain('情况：3人被困');
    expect(attempt.message).toContain('较大及以上煤矿生产安全事故应急指挥部指挥长');
    expect(attempt.message).toContain('立即组织指挥应急处置工作');
    expect(attempt.message).toContain('https://yingji.example.gov.cn/ack/********');
    const bao = rows.find((n) => n.personName === '鲍瑞卿')!;
    const [baoAttempt] = await attemptsOf(t.dataSource, bao.id);
    // Every role the person holds, and what each asks of them (headquarters office included).
    expect(baoAttempt.message).toContain('副指挥长、较大及以上煤矿生产安全事故应急指挥部办公室主任、');
    expect(baoAttempt.message).toContain('信息收集、汇总、报送和发布');
  });

  it('serves the attempts and the delivery state in the API (without contact values)', async () => {
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'IV', title: '高速公路货车侧翻' });
    await waitFor('delivered', async () =>
      (await notificationsOf(t.dataSource, incident.id)).every((n) => n.status === 'DELIVERED'),
    );
    const data = await t.query<{ incident: { notifications: Array<Record<string, any>> } }>(
      `query($id: ID!) { incident(id: $id) { notifications { id status channel messageKind escalationLevel attempts deliveredAt
        person { name } deliveryAttempts { channel contactKind outcome error sendSeq jobAttempt dedupKey message at finishedAt } } } }`,
      { id: incident.id },
    );
    expect(data.incident.notifications.map((n) => n.person.name)).toEqual(['张海芳', '张鹏', '鲍瑞卿']);
    for (const n of data.incident.notifications) {
      expect(n).toMatchObject({
        status: 'DELIVERED',
        channel: 'log',
        messageKind: 'INITIAL',
        escalationLevel: 0,
        attempts: 1,
      });
      expect(n.deliveryAttempts).toEqual([
        expect.objectContaining({
          channel: 'log',
          contactKind: null,
          outcome: 'DELIVERED',
          error: null,
          sendSeq: 0,
          jobAttempt: 1,
          dedupKey: `${n.id}.0`,
        }),
      ]);
      expect(n.deliveryAttempts[0].message).toContain(
        '较大及以上交通事故应急指挥部不启动，由事发地县(市、区)负责处置(属地管理)',
      );
    }
  });

  it('handing the same rows to the queue again (a relay retried after a crash) adds no job and sends nothing twice', async () => {
    const incident = await report(t, { incidentType: 'SOCIAL_SECURITY', severity: 'III', title: '群体性事件' });
    const rows = await waitFor('delivered', async () => {
      const found = await notificationsOf(t.dataSource, incident.id);
      return found.every((n) => n.status === 'DELIVERED') && found;
    });
    const queues = t.get(NotificationQueuesService);
    const delivery = (await queues.queues())!.delivery;
    // A row is DELIVERED before its job leaves 'active' for 'completed' (the handler returns after writing it).
    await waitFor('the delivery jobs finished', async () => {
      const open = await delivery.getJobCounts('waiting', 'active', 'delayed');
      return open.waiting + open.active + open.delayed === 0;
    });
    const before = await delivery.getJobCounts('completed');
    await queues.addDeliveries(rows.map((n) => ({ notificationId: n.id, seq: 0 })));
    expect(await delivery.getJobCounts('waiting', 'active', 'delayed', 'completed')).toEqual({
      waiting: 0,
      active: 0,
      delayed: 0,
      completed: before.completed,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const n of rows) {
      const attempts = await t.dataSource
        .getRepository(DeliveryAttemptEntity)
        .count({ where: { notificationId: n.id } });
      expect(attempts).toBe(1);
    }
  });

  it('queues again a notification left QUEUED whose job finished without delivering it', async () => {
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'IV', title: '货车侧翻' });
    const [row] = await waitFor('delivered', async () => {
      const found = await notificationsOf(t.dataSource, incident.id);
      return found.every((n) => n.status === 'DELIVERED') && found;
    });
    // As if a worker of another deployment (same QUEUE_PREFIX) had completed the job: the row is still QUEUED.
    const p = t.env.DB_TYPE === 'postgres' ? '$1' : '?';
    await t.dataSource.query(
      `UPDATE notification SET status = 'QUEUED', updated_at = '2000-01-01T00:00:00.000Z' WHERE id = ${p}`,
      [row.id],
    );
    await waitFor(
      'delivered again',
      async () =>
        (await notificationsOf(t.dataSource, incident.id)).find((n) => n.id === row.id)!.status === 'DELIVERED',
      15000,
      100,
    );
    expect((await attemptsOf(t.dataSource, row.id)).map((a) => a.outcome)).toEqual(['DELIVERED', 'DELIVERED']);
  });
});
