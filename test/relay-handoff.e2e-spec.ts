import Redis from 'ioredis';
import { NotificationStatus } from '../src/notifications/models/notification-status.enum';
import { deliveryJobId } from '../src/notifications/notification.jobs';
import { NotificationQueuesService } from '../src/notifications/queue/notification-queues.service';
import { OutboxRelayService } from '../src/notifications/delivery/outbox-relay.service';
import { notificationsConfig, notificationsOf, report, ReportedIncident, sleep, waitFor } from './support/notify';
import { createPeerApp, createTestApp, TestApp } from './support/test-app';

/**
 * An API node with RELAY=off (WORKERS=off) leaves the outbox to the processes that relay: it hands nothing
 * to the queue itself, and after each report it tells them through Redis, so the hand-over does not wait
 * for their timer. The relay timer is set to 10 minutes here: only the API's ping can explain a quick pass.
 */
describe('RELAY=off: the API node leaves the outbox to the relaying processes', () => {
  let api: TestApp;
  let peer: TestApp | undefined;
  let queues: NotificationQueuesService;

  beforeAll(async () => {
    api = await createTestApp({
      WORKERS: 'off',
      RELAY: 'off',
      NOTIFICATIONS_FILE: notificationsConfig({ relay: { intervalMs: 600000 } }),
    });
    queues = api.get(NotificationQueuesService);
  }, 60000);
  afterAll(async () => {
    await peer?.app.close(); // the database is the API's to drop
    await api?.close();
  });

  const statuses = async (incident: ReportedIncident) =>
    (await notificationsOf(api.dataSource, incident.id)).map((n) => n.status);
  const jobsPresent = async (incident: ReportedIncident) => {
    for (const n of await notificationsOf(api.dataSource, incident.id))
      if (!(await queues.job('delivery', deliveryJobId(n.id, n.sendSeq)))) return false;
    return true;
  };

  it('hands nothing to the queue itself and tells the relaying processes once per turn of its event loop', async () => {
    const listener = new Redis(api.env.REDIS_URL);
    const pings: string[] = [];
    try {
      await listener.subscribe(`${api.env.QUEUE_PREFIX}:relay`);
      listener.on('message', (channel: string) => pings.push(channel));
      const reported = await Promise.all([report(api, { severity: 'II' }), report(api, { severity: 'II' })]);
      await sleep(1500);
      for (const incident of reported) {
        expect(incident.notifications.length).toBeGreaterThan(0);
        expect(new Set(await statuses(incident))).toEqual(new Set([NotificationStatus.PENDING]));
        expect(await queues.job('delivery', deliveryJobId(incident.notifications[0].id, 0))).toBeUndefined();
      }
      // Each report told them (at least one ping each, never one per notification).
      expect(pings.length).toBeGreaterThanOrEqual(1);
      expect(pings.length).toBeLessThanOrEqual(reported.length);
    } finally {
      listener.disconnect();
    }
  }, 30000);

  it('a relaying process started later takes what waited, and hands each new report over on the ping', async () => {
    const waited = (await notificationsOf(api.dataSource, (await report(api, { severity: 'III' })).id))[0];
    expect(waited.status).toBe(NotificationStatus.PENDING);
    // Another node of the deployment that relays (RELAY on, no workers): same database, Redis and prefix.
    peer = await createPeerApp({ ...api.env, RELAY: 'on' });
    // Its first pass (at start) takes the backlog.
    await waitFor(
      'the waiting notification QUEUED by the relaying node',
      async () => (await notificationsOf(api.dataSource, waited.incidentId)).every((n) => n.status !== 'PENDING'),
      15000,
    );
    await peer.get(OutboxRelayService).settle();
    // Its subscription to the pings is made at start without waiting: wait for Redis to count it.
    const admin = new Redis(api.env.REDIS_URL);
    try {
      await waitFor(
        'the relaying node subscribed to the pings',
        async () =>
          Number(((await admin.pubsub('NUMSUB', `${api.env.QUEUE_PREFIX}:relay`)) as [string, number])[1]) > 0,
        10000,
      );
    } finally {
      admin.disconnect();
    }

    const fresh = await report(api, { incidentType: 'EARTHQUAKE', severity: 'II' });
    expect(fresh.notifications.length).toBeGreaterThan(0);
    await waitFor(
      'the new report handed over on the ping (the timer is 10 minutes)',
      async () => (await statuses(fresh)).every((s) => s !== NotificationStatus.PENDING) && (await jobsPresent(fresh)),
      10000,
    );
  }, 60000);
});
