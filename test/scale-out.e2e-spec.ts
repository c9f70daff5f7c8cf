import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DeliveryAttemptEntity } from '../src/notifications/entities/delivery-attempt.entity';
import { NotificationEntity } from '../src/notifications/entities/notification.entity';
import {
  giveContacts,
  notificationsConfig,
  report,
  ReportedIncident,
  waitFor,
  WebhookReceiver,
} from './support/notify';
import { createPeerApp, createTestApp, TestApp } from './support/test-app';
import { buildWorker, WorkerProcess, workerEnv } from './support/worker-process';

const TYPES = [
  'COAL_MINE_SAFETY',
  'EARTHQUAKE',
  'TRAFFIC_ACCIDENT',
  'PUBLIC_HEALTH',
  'FLOOD_DROUGHT',
  'PRODUCTION_SAFETY',
];

/**
 * Scale out on the engines the service already uses: two API instances (WORKERS=off) and two
 * worker processes (`node worker.js`) on one database and one Redis. Incidents reported through
 * both APIs at once are delivered by both workers, every notification exactly once.
 */
describe('scale out: two APIs and two worker processes on one database and Redis', () => {
  let script: string;
  let receiver: WebhookReceiver;
  let first: TestApp;
  let second: TestApp;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    script = buildWorker();
    receiver = await new WebhookReceiver().start();
    // Each send takes a little while at the gateway, so that both workers have work in flight.
    receiver.respond = () => ({ status: 200, delayMs: 30 });
    first = await createTestApp({
      WORKERS: 'off',
      NOTIFICATIONS_FILE: notificationsConfig({
        channels: { MOBILE: { channel: 'webhook', url: receiver.url('/gw') } },
        // Production's timeouts and locks: a busy test machine must not pass for a dead gateway or worker.
        webhook: { timeoutMs: 10000 },
        delivery: { concurrency: 4, lockDurationMs: 30000, stalledIntervalMs: 15000 },
      }),
    });
    // The second API node: same environment, so the same database, Redis and queue prefix.
    second = await createPeerApp(first.env);
    const persons = (await first.dataSource.query('SELECT id FROM person')) as Array<{ id: string }>;
    for (const [i, p] of persons.entries())
      await giveContacts(first, p.id, [{ kind: 'MOBILE', value: `139${String(i).padStart(8, '0')}` }]);
    for (let i = 0; i < 2; i++) {
      // One after the other, with time to boot on a busy machine.
      workers.push(new WorkerProcess(script, workerEnv(first.env), 90000));
      await workers[i].ready;
    }
  }, 480000); // compiling src/ for the workers and booting them take minutes on a busy machine

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await second?.app.close(); // the database is first's to drop
    await first?.close();
    await receiver?.stop();
    if (script) rmSync(dirname(script), { recursive: true, force: true });
  });

  it('delivers every notification exactly once, with both workers taking part', async () => {
    const incidents: ReportedIncident[] = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        report(i % 2 === 0 ? first : second, {
          incidentType: TYPES[i % TYPES.length],
          severity: i % 3 === 0 ? 'II' : 'III',
          title: `扩容测试事件 ${i}`,
        }),
      ),
    );
    const ids = incidents.flatMap((incident) => incident.notifications.map((n) => n.id));
    expect(ids.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ids).size).toBe(ids.length);

    const repository = first.dataSource.getRepository(NotificationEntity);
    await waitFor(
      'every notification SENT',
      async () => {
        const rows = await repository.find({ select: { id: true, status: true } });
        return rows.length === ids.length && rows.every((n) => n.status === 'SENT');
      },
      60000,
      200,
    );
    // Nothing more arrives later (a second delivery of anything would show up here).
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // At the gateway: one request per notification, no repeat, nothing unknown.
    const keys = receiver.requests.map((r) => r.key);
    expect(keys.length).toBe(ids.length);
    expect(new Set(keys).size).toBe(ids.length);
    expect(new Set(receiver.requests.map((r) => r.body.notificationId as string))).toEqual(new Set(ids));

    // In the database: one SENT attempt per notification, made by one of the two workers, and both worked.
    const attempts = await first.dataSource.getRepository(DeliveryAttemptEntity).find();
    expect(attempts.length).toBe(ids.length);
    expect(attempts.every((a) => a.outcome === 'SENT')).toBe(true);
    expect(new Set(attempts.map((a) => a.notificationId)).size).toBe(ids.length);
    const pids = new Map<string, number>();
    for (const a of attempts) {
      const pid = a.worker?.split(':')[1] ?? '?';
      pids.set(pid, (pids.get(pid) ?? 0) + 1);
    }
    expect([...pids.keys()].sort()).toEqual(workers.map((w) => String(w.pid)).sort());
  }, 120000);
});
