import { Severity } from '../../common/core/severity';
import { NotificationEntity } from '../entities/notification.entity';
import { NotificationStatus } from '../models/notification-status.enum';
import { DeliveryBench } from './delivery.fixture';
import { OutboxRelayService } from './outbox-relay.service';

const MINUTE = 60_000;

describe('OutboxRelayService', () => {
  let bench: DeliveryBench;
  let relay: OutboxRelayService;
  beforeAll(async () => {
    bench = await DeliveryBench.open({ realRelay: true });
    relay = bench.get(OutboxRelayService);
  });
  afterAll(async () => {
    await bench?.close();
  });

  /** One relay pass (as the timer or a kick runs it), to its end. */
  const pass = async () => {
    relay.kick();
    await relay.settle();
  };
  const byId = (a: { notificationId: string }, b: { notificationId: string }) =>
    a.notificationId.localeCompare(b.notificationId);
  const jobsOf = (rows: NotificationEntity[], seq = 0) => rows.map((n) => ({ notificationId: n.id, seq })).sort(byId);

  it('hands the PENDING notifications to the queue in one call and marks them QUEUED at the clock’s time', async () => {
    const { incident, notices } = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
    const calls = bench.queues.deliveryCalls.length;
    const queuedAt = bench.clock.advance(2000);

    await pass();

    expect(bench.queues.deliveryCalls.length).toBe(calls + 1);
    expect([...bench.queues.deliveryCalls.at(-1)!].sort(byId)).toEqual(jobsOf(notices));
    const rows = await bench.notificationsOf(incident.id);
    expect(rows).toHaveLength(notices.length);
    for (const row of rows)
      expect(row).toMatchObject({ status: NotificationStatus.QUEUED, queuedAt, updatedAt: queuedAt, queuedSends: 1 });
    expect(bench.live.events).toContainEqual(expect.objectContaining({ id: notices[0].id }));
  });

  it('a repeated pass queues nothing and changes nothing', async () => {
    const { incident } = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
    await pass();
    const before = { calls: bench.queues.deliveryCalls.length, rows: await bench.notificationsOf(incident.id) };
    bench.clock.advance(1000);

    await pass();
    await pass();

    expect(bench.queues.deliveryCalls.length).toBe(before.calls);
    expect(await bench.notificationsOf(incident.id)).toEqual(before.rows);
  });

  it('tells subscribers exactly the rows it moved to QUEUED, not one a fast worker took further meanwhile', async () => {
    const { notices } = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
    const [taken, ...rest] = notices;
    const takenAt = bench.clock.advance(1000);
    // While the relay hands the jobs over, a worker already begins the first one.
    const add = bench.queues.addDeliveries.bind(bench.queues);
    bench.queues.addDeliveries = async (jobs) => {
      await add(jobs);
      await bench.dataSource.manager.update(
        NotificationEntity,
        { id: taken.id },
        { status: NotificationStatus.SENT, queuedSends: 1, updatedAt: takenAt },
      );
    };
    const events = bench.live.events.length;
    try {
      await pass();
    } finally {
      bench.queues.addDeliveries = add;
    }

    const told = bench.live.events.slice(events).map((e) => (e as { id?: string }).id);
    expect([...told].sort()).toEqual(rest.map((n) => n.id).sort());
    expect(await bench.notification(taken.id)).toMatchObject({ status: NotificationStatus.SENT, queuedSends: 1 });
  });

  it('queues again a FAILED notification moving to its next contact method, as its new send; not one FAILED for good', async () => {
    const { incident, notices } = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
    await pass();
    const [moving, done] = notices;
    const m = bench.dataSource.manager;
    // As delivery leaves them after a permanent failure: the next send (1) not queued yet, or none.
    await m.update(
      NotificationEntity,
      { id: moving.id },
      { status: NotificationStatus.FAILED, sendSeq: 1, queuedSends: 1 },
    );
    await m.update(
      NotificationEntity,
      { id: done.id },
      { status: NotificationStatus.FAILED, sendSeq: 0, queuedSends: 1 },
    );
    const calls = bench.queues.deliveryCalls.length;
    const queuedAt = bench.clock.advance(1000);

    await pass();

    expect(bench.queues.deliveryCalls.slice(calls)).toEqual([[{ notificationId: moving.id, seq: 1 }]]);
    expect(await bench.notification(moving.id)).toMatchObject({
      status: NotificationStatus.QUEUED,
      sendSeq: 1,
      queuedSends: 2,
      queuedAt,
    });
    expect(await bench.notification(done.id)).toMatchObject({ status: NotificationStatus.FAILED, queuedSends: 1 });
    expect((await bench.notificationsOf(incident.id)).length).toBe(notices.length);
  });

  it('starts the escalation clock with the first sends and queues its job for the due time', async () => {
    const { incident } = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
    const queuedAt = bench.clock.advance(1000);

    await pass();

    expect(await bench.escalationOf(incident.id)).toMatchObject({
      status: 'WAITING',
      level: 0,
      queuedJobs: 1,
      dueAt: new Date(queuedAt.getTime() + 15 * MINUTE),
    });
    const queued = bench.queues.escalations.filter((e) => e.job.incidentId === incident.id);
    expect(queued).toEqual([{ job: { incidentId: incident.id, level: 1 }, delayMs: 15 * MINUTE }]);
    // Queued once: a later pass leaves it.
    await pass();
    expect(bench.queues.escalations.filter((e) => e.job.incidentId === incident.id)).toHaveLength(1);
  });

  it('starts no clock for an incident below its post’s threshold', async () => {
    const { incident } = await bench.report('TRAFFIC_ACCIDENT', Severity.IV);
    await pass();
    expect(await bench.escalationOf(incident.id)).toMatchObject({ status: 'NONE', queuedJobs: 0 });
    expect(bench.queues.escalations.filter((e) => e.job.incidentId === incident.id)).toEqual([]);
  });

  it('leaves everything PENDING while Redis is away and hands it over as soon as it is back', async () => {
    const { incident, notices } = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
    const calls = bench.queues.deliveryCalls.length;
    bench.queues.connected = false;
    try {
      await pass();
      expect(bench.queues.deliveryCalls.length).toBe(calls);
      expect((await bench.notificationsOf(incident.id)).map((n) => n.status)).toEqual(
        notices.map(() => NotificationStatus.PENDING),
      );
    } finally {
      bench.queues.connected = true;
    }

    await pass();

    expect([...bench.queues.deliveries.slice(-notices.length)].sort(byId)).toEqual(jobsOf(notices));
    expect((await bench.notificationsOf(incident.id)).every((n) => n.status === NotificationStatus.QUEUED)).toBe(true);
  });

  it('after Redis lost its data queues again every QUEUED notification and waiting clock, once', async () => {
    const { incident, notices } = await bench.report('TRAFFIC_ACCIDENT', Severity.III);
    await pass();
    const delivered = bench.queues.deliveries.length;
    const escalations = bench.queues.escalations.length;
    const requeuedAt = bench.clock.advance(MINUTE);
    bench.queues.loseData();
    const asked = bench.queues.stateCalls;

    await pass();

    // The batch's jobs are looked up at once: one call for the notifications, one for the clocks.
    expect(bench.queues.stateCalls - asked).toBe(2);

    const again = bench.queues.deliveries.slice(delivered);
    expect(again).toEqual(expect.arrayContaining(jobsOf(notices)));
    expect(new Set(again.map((j) => j.notificationId)).size).toBe(again.length);
    expect(bench.queues.escalations.slice(escalations)).toContainEqual({
      job: { incidentId: incident.id, level: 1 },
      delayMs: 14 * MINUTE,
    });
    for (const row of await bench.notificationsOf(incident.id))
      expect(row).toMatchObject({ status: NotificationStatus.QUEUED, updatedAt: requeuedAt });
    // Redis holds them again: the next pass leaves them.
    const total = bench.queues.deliveries.length;
    await pass();
    expect(bench.queues.deliveries.length).toBe(total);
  });
});
