import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DeliveryAttemptEntity } from '../src/notifications/entities/delivery-attempt.entity';
import type { Client } from 'graphql-ws';
import { listen, subscribe, wsClient } from './support/live';
import { giveContacts, notificationsConfig, notificationsOf, report, waitFor, WebhookReceiver } from './support/notify';
import { ADMIN_HEADERS, createTestApp, TestApp } from './support/test-app';
import { buildWorker, WorkerProcess, workerEnv } from './support/worker-process';

/**
 * Separate worker processes (`node dist/worker.js`), the API with WORKERS=off: a worker killed
 * mid-send, and a worker stopped gracefully while a send is in flight.
 */
describe('worker processes', () => {
  let script: string;
  let receiver: WebhookReceiver;
  let t: TestApp;
  const workers: WorkerProcess[] = [];
  let live: Client | null = null;
  const spawnWorker = async () => {
    const worker = new WorkerProcess(script, workerEnv(t.env));
    workers.push(worker);
    await worker.ready;
    return worker;
  };

  beforeAll(async () => {
    script = buildWorker();
    receiver = await new WebhookReceiver().start();
    t = await createTestApp({
      WORKERS: 'off',
      NOTIFICATIONS_FILE: notificationsConfig({
        channels: { MOBILE: { channel: 'webhook', url: receiver.url('/gw') } },
        webhook: { timeoutMs: 10000 },
        delivery: { concurrency: 4, lockDurationMs: 1500, stalledIntervalMs: 500 },
      }),
    });
    const persons = (await t.dataSource.query('SELECT id FROM person')) as Array<{ id: string }>;
    for (const [i, p] of persons.entries())
      await giveContacts(t, p.id, [{ kind: 'MOBILE', value: `137${String(i).padStart(8, '0')}` }]);
  }, 240000); // compiling src/ for the worker takes minutes on a busy machine

  afterAll(async () => {
    await live?.dispose();
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await t?.close();
    await receiver?.stop();
    if (script) rmSync(dirname(script), { recursive: true, force: true });
  });

  it('a worker killed mid-send: every notification is delivered exactly once at the receiver', async () => {
    // The gateway holds the first try of each message for a while: the worker is killed meanwhile.
    receiver.respond = (_req, nth) => (nth === 1 ? { status: 200, delayMs: 2500 } : 200);
    const first = await spawnWorker();
    // A duty board on the API node (no workers there) sees what the worker processes deliver (Redis pub/sub).
    live = wsClient(await listen(t), ADMIN_HEADERS.Authorization);
    const board = subscribe<{ notificationStatusChanged: { id: string; status: string } }>(
      live,
      'subscription { notificationStatusChanged { id status } }',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const incident = await report(t, { title: '某煤矿冲击地压事故' });
    expect(incident.notifications).toHaveLength(8);
    await waitFor('sends in flight', async () => receiver.requests.length >= 4, 15000, 20);
    first.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const killedMidSend = new Set(receiver.requests.map((r) => r.key));

    const second = await spawnWorker();
    const rows = await waitFor(
      'every notification SENT',
      async () => {
        const found = await notificationsOf(t.dataSource, incident.id);
        return found.every((n) => n.status === 'SENT') && found;
      },
      30000,
      100,
    );
    await waitFor('the held answers given', async () => receiver.delivered.size === 8, 10000);

    for (const n of rows) {
      const key = `${n.id}.0`;
      // At the receiver: one delivery per notification; a repeat only where the first worker died mid-send.
      expect(receiver.delivered.get(key)?.body.notificationId).toBe(n.id);
      const seen = receiver.requests.filter((r) => r.key === key).length;
      expect(seen).toBe(killedMidSend.has(key) ? 2 : 1);
      const attempts = await t.dataSource
        .getRepository(DeliveryAttemptEntity)
        .find({ where: { notificationId: n.id }, order: { at: 'ASC' } });
      if (killedMidSend.has(key)) {
        expect(attempts.map((a) => `${a.outcome} ${a.worker?.split(':')[1]}`)).toEqual([
          `INTERRUPTED ${first.pid}`,
          `SENT ${second.pid}`,
        ]);
        expect(attempts.map((a) => a.dedupKey)).toEqual([key, key]);
      } else {
        expect(attempts.map((a) => a.outcome)).toEqual(['SENT']);
      }
    }
    expect(killedMidSend.size).toBeGreaterThanOrEqual(4);
    await board.until((got) =>
      rows.every((n) =>
        got.some(
          (e) => e.data?.notificationStatusChanged.id === n.id && e.data.notificationStatusChanged.status === 'SENT',
        ),
      ),
    );
    board.stop();
    expect(receiver.requests.length).toBe(8 + killedMidSend.size);
  }, 60000);

  it('a graceful stop (SIGTERM) lets the sends in flight finish before the worker exits', async () => {
    receiver.respond = () => ({ status: 200, delayMs: 1500 });
    const before = receiver.requests.length;
    const worker = workers[workers.length - 1];
    const incident = await report(t, { incidentType: 'TRAFFIC_ACCIDENT', severity: 'IV', title: '货车追尾' });
    await waitFor(
      'sends in flight',
      async () => receiver.requests.length - before === incident.notifications.length,
      15000,
      20,
    );
    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    const rows = await notificationsOf(t.dataSource, incident.id);
    expect(rows.map((n) => n.status)).toEqual(rows.map(() => 'SENT'));
    for (const n of rows) {
      const attempts = await t.dataSource
        .getRepository(DeliveryAttemptEntity)
        .find({ where: { notificationId: n.id } });
      expect(attempts.map((a) => a.outcome)).toEqual(['SENT']);
    }
  }, 60000);
});
