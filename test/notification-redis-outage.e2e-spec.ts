import { ContactKind } from '../src/contacts/entities/contact-method.entity';
import { DeliveryAttemptEntity } from '../src/notifications/entities/delivery-attempt.entity';
import { NotificationEntity } from '../src/notifications/entities/notification.entity';
import { giveContacts, notificationsConfig, notificationsOf, report, waitFor, WebhookReceiver } from './support/notify';
import { PrivateRedis } from './support/redis-server';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Redis stops (and comes back empty, without persistence) while incidents are reported: intake
 * answers, nothing is lost, everything is delivered once Redis is back, nothing twice.
 */
describe('Redis outage during intake', () => {
  let redis: PrivateRedis;
  let receiver: WebhookReceiver;
  let t: TestApp;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    receiver = await new WebhookReceiver().start();
    // A slow gateway, so that jobs are still waiting in Redis when it stops, however long stopping takes
    // on a busy machine (8 messages, 2 at a time: 3 s), answering well within the webhook timeout.
    receiver.respond = () => ({ status: 200, delayMs: 750 });
    t = await createTestApp({
      REDIS_URL: redis.url,
      NOTIFICATIONS_FILE: notificationsConfig({
        channels: { MOBILE: { channel: 'webhook', url: receiver.url('/sms') } },
        webhook: { timeoutMs: 5000 },
        delivery: { concurrency: 2 },
        relay: { intervalMs: 200, reconcileAfterMs: 2000 },
      }),
    });
    // Everyone has a mobile number, reached through the gateway, so the receiver sees every message.
    const persons = (await t.dataSource.query('SELECT id FROM person')) as Array<{ id: string }>;
    for (const [i, p] of persons.entries())
      await giveContacts(t, p.id, [{ kind: 'MOBILE' as ContactKind, value: `139${String(i).padStart(8, '0')}` }]);
  }, 60000);
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
    await redis?.stop();
  });

  it('intake answers while Redis is down; everything is delivered exactly once after it returns', async () => {
    const health = async () => (await t.http().get('/health').expect(200)).body as Record<string, any>;
    expect((await health()).notifications.queue.status).toBe('up');

    const a = await report(t, { title: '停电前报告的事故' });
    await waitFor('the gateway busy with the first incident', async () => receiver.requests.length >= 2, 10000, 20);
    await redis.stop();
    // Jobs still waiting in Redis: lost with it (it comes back empty); the relay must queue them again.
    // (QUEUED, or still PENDING where the relay had not committed its move when Redis went.)
    const waiting = (await notificationsOf(t.dataSource, a.id)).filter(
      (n) => (n.status === 'QUEUED' || n.status === 'PENDING') && n.attempts === 0,
    );
    if (waiting.length === 0)
      console.log(
        'no message waiting when Redis stopped:',
        (await notificationsOf(t.dataSource, a.id)).map((n) => [n.status, n.attempts]),
      );
    expect(waiting.length).toBeGreaterThan(0);

    // Redis is down: reports are taken at once and their notifications stay PENDING.
    const b = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'III', title: 'Redis 停止期间报告的事故' });
    const c = await report(t, { incidentType: 'EARTHQUAKE', severity: 'IV', title: '沁水县4.5级地震' });
    for (const incident of [b, c]) {
      expect(incident.notifications.length).toBeGreaterThan(0);
      expect((await notificationsOf(t.dataSource, incident.id)).every((n) => n.status === 'PENDING')).toBe(true);
    }
    const down = await health();
    expect(down.status).toBe('degraded');
    expect(down.database.status).toBe('up');
    expect(down.degraded).toEqual(expect.arrayContaining(['redis', 'notification-queue']));
    expect(down.notifications.queue.status).toBe('down');
    // Plain states and sentences for people: no Redis client internals.
    expect(down.reason).toMatch(/Redis is not reachable.*outbox/);
    expect(down.redis).toEqual({ status: 'down', reason: expect.stringContaining('Redis is not reachable') });
    expect(JSON.stringify(down)).not.toMatch(/Stream|enableOfflineQueue|ECONNREFUSED|writeable/);
    expect(down.notifications.outbox.pending).toBeGreaterThanOrEqual(b.notifications.length + c.notifications.length);
    expect(down.notifications.outbox.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await notificationsOf(t.dataSource, b.id)).every((n) => n.status === 'PENDING')).toBe(true);

    await redis.start(); // empty: the jobs that were waiting in it are gone
    const all = [a, b, c];
    const expected = all.reduce((sum, i) => sum + i.notifications.length, 0);
    await waitFor(
      'every notification SENT',
      async () => {
        const rows = await t.dataSource.getRepository(NotificationEntity).find();
        return rows.length === expected && rows.every((n) => n.status === 'SENT');
      },
      40000,
      200,
    );

    const rows = await t.dataSource.getRepository(NotificationEntity).find();
    const attempts = await t.dataSource.getRepository(DeliveryAttemptEntity).find();
    for (const n of rows) {
      const mine = attempts.filter((x) => x.notificationId === n.id);
      expect({ person: n.personName, sent: mine.filter((x) => x.outcome === 'SENT').length }).toEqual({
        person: n.personName,
        sent: 1,
      });
      // Nothing twice: the gateway got each message once (not even a repeat to deduplicate).
      expect(receiver.requests.filter((r) => r.key === `${n.id}.0`)).toHaveLength(1);
    }
    expect(receiver.delivered.size).toBe(expected);
    const up = await health();
    expect(up.notifications.queue.status).toBe('up');
    expect(up.status).toBe('up');
    expect(up.notifications.queue.delivery).toEqual(expect.objectContaining({ waiting: 0, failed: 0 }));
    expect(up.notifications.outbox.pending).toBe(0);
  }, 90000);
});
