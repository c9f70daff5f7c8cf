import Redis from 'ioredis';
import { EscalationEntity } from '../src/notifications/entities/escalation.entity';
import { NotificationStatus } from '../src/notifications/models/notification-status.enum';
import { deliveryJobId, escalationJobId } from '../src/notifications/notification.jobs';
import { NotificationQueuesService } from '../src/notifications/queue/notification-queues.service';
import { notificationsConfig, notificationsOf, report, ReportedIncident, waitFor } from './support/notify';
import { PrivateRedis } from './support/redis-server';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Redis loses its data (FLUSHALL, a restart without persistence) while notifications wait in it. The slow
 * reconcile timer is set to 10 minutes, so only the recovery on reconnect and on the lost marker key can
 * bring the jobs back in time: PENDING notifications queued within 2 s, lost delivery and escalation jobs
 * within 5 s. A private redis-server of its own, so FLUSHALL touches no other suite.
 */
describe('fast recovery after Redis loses its data', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let queues: NotificationQueuesService;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await createTestApp({
      REDIS_URL: redis.url,
      // No worker takes the jobs, so they stay in Redis until it loses them; this node relays (on Postgres
      // an API node leaves that to the workers by default).
      WORKERS: 'off',
      RELAY: 'on',
      NOTIFICATIONS_FILE: notificationsConfig({
        relay: { intervalMs: 1000, reconcileAfterMs: 600000 },
        escalation: { minutes: { I: 60, II: 60, III: 60, IV: 60 } },
      }),
    });
    queues = t.get(NotificationQueuesService);
  }, 60000);
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  /** Every delivery job of the incident's notifications, and its next escalation job, is in Redis. */
  async function jobsPresent(incident: ReportedIncident): Promise<boolean> {
    const rows = await notificationsOf(t.dataSource, incident.id);
    if (rows.length === 0 || rows.some((n) => n.status !== NotificationStatus.QUEUED)) return false;
    for (const n of rows) if (!(await queues.job('delivery', deliveryJobId(n.id, n.sendSeq)))) return false;
    const clock = await t.dataSource.getRepository(EscalationEntity).findOneBy({ incidentId: incident.id });
    if (!clock || clock.status !== 'WAITING') return false;
    return Boolean(await queues.job('escalation', escalationJobId(incident.id, clock.level + 1)));
  }

  async function timeUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
    const started = Date.now();
    await waitFor(what, async () => check().catch(() => false), timeoutMs, 25);
    return Date.now() - started;
  }

  it('re-queues lost delivery and escalation jobs within 5 s of a FLUSHALL', async () => {
    const a = await report(t, { severity: 'II', title: 'FLUSHALL 前报告的事故' });
    expect(a.notifications.length).toBeGreaterThan(0);
    await waitFor('the jobs of the first incident in Redis', () => jobsPresent(a), 15000);

    const admin = new Redis(redis.url);
    try {
      expect(await admin.flushall()).toBe('OK');
      expect(await admin.dbsize()).toBe(0);
    } finally {
      admin.disconnect();
    }
    const ms = await timeUntil('the lost jobs back in Redis', () => jobsPresent(a), 15000);
    console.log(
      `FLUSHALL: ${a.notifications.length} delivery jobs and the escalation job back in Redis after ${ms} ms`,
    );
    // Back at all (within 15 s) proves the reconnect path: the slow reconcile timer is set to 10 minutes.
    // How fast (the 5 s) is a figure, printed above and by npm run bench:abuse, not a timed test.
  }, 60000);

  it('after a restart without persistence: PENDING queued within 2 s, lost jobs within 5 s', async () => {
    const a = await report(t, { severity: 'II', title: '重启前报告的事故' });
    await waitFor('the jobs of the incident in Redis', () => jobsPresent(a), 15000);
    await redis.stop();
    const b = await report(t, { incidentType: 'EARTHQUAKE', severity: 'II', title: 'Redis 停止期间报告的地震' });
    expect(b.notifications.length).toBeGreaterThan(0);
    expect((await notificationsOf(t.dataSource, b.id)).every((n) => n.status === NotificationStatus.PENDING)).toBe(
      true,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));

    await redis.start(); // empty
    const started = Date.now();
    const queued = timeUntil(
      'the PENDING notifications QUEUED',
      async () => (await notificationsOf(t.dataSource, b.id)).every((n) => n.status === NotificationStatus.QUEUED),
      15000,
    );
    const lost = timeUntil('the lost jobs back in Redis', () => jobsPresent(a), 15000);
    const [queuedMs, lostMs] = await Promise.all([queued, lost]);
    await waitFor('the new incident jobs in Redis', () => jobsPresent(b), 15000);
    console.log(
      `Redis restarted empty: PENDING notifications QUEUED after ${queuedMs} ms, lost jobs back after ${lostMs} ms ` +
        `(all within ${Date.now() - started} ms)`,
    );
    // As above: recovered at all proves the reconnect path; the times are figures, printed above.
  }, 60000);
});
