import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../src/config/app.config';
import { deliveryJobId, QUEUES } from '../src/notifications/notification.jobs';
import { NotificationQueuesService } from '../src/notifications/queue/notification-queues.service';
import { dropTestQueues } from './support/queues';
import { testEnv } from './support/test-app';

/**
 * The producer side of the queues against the real Redis: where jobs stand (one round trip for a batch,
 * what the relay's reconcile asks), and the deployment's marker key that tells a loss of Redis's data.
 */
describe('notification queues (real Redis)', () => {
  const env = testEnv();
  const config = AppConfig.load(env);
  const services: NotificationQueuesService[] = [];
  const open = async () => {
    const service = new NotificationQueuesService(config);
    services.push(service);
    await waitFor(async () => (await service.queues()) !== null);
    return service;
  };
  const admin = new Redis(env.REDIS_URL);

  afterAll(async () => {
    for (const s of services) await s.onApplicationShutdown();
    admin.disconnect();
    await dropTestQueues(env);
  });

  it('tells present, finished and missing jobs apart, a batch in one round trip, and releases finished ones', async () => {
    const queues = await open();
    const ids = { done: randomUUID(), failed: randomUUID(), waiting: randomUUID(), lost: randomUUID() };
    await queues.addDeliveries([
      { notificationId: ids.done, seq: 0 },
      { notificationId: ids.failed, seq: 0 },
    ]);
    // A worker finishes the two jobs: one completed, one failed for good.
    const finished = new Set<string>();
    const connection = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker(
      QUEUES.delivery,
      async (job) => {
        if ((job.data as { notificationId: string }).notificationId === ids.failed) {
          throw new UnrecoverableError('no more tries');
        }
      },
      { connection, prefix: env.QUEUE_PREFIX },
    );
    worker.on('completed', (job) => finished.add(job.id!));
    worker.on('failed', (job) => finished.add(job!.id!));
    await waitFor(() => finished.size === 2);
    await worker.close();
    connection.disconnect();
    await queues.addDeliveries([{ notificationId: ids.waiting, seq: 0 }]);

    const jobIds = [ids.done, ids.failed, ids.waiting, ids.lost].map((id) => deliveryJobId(id, 0));
    const sent = await commandsSent(queues.redis, () => queues.jobStates('delivery', jobIds));
    expect(sent.result).toEqual(['finished', 'finished', 'present', 'missing']);
    expect(sent.writes).toBe(1);

    // What the relay asks: which jobs Redis no longer holds for running (finished ones removed, to be added again).
    expect(await queues.releasedJobs('delivery', jobIds)).toEqual([true, true, false, true]);
    expect(await queues.jobStates('delivery', jobIds)).toEqual(['missing', 'missing', 'present', 'missing']);
    await queues.addDeliveries([{ notificationId: ids.done, seq: 0 }]);
    expect(await queues.jobStates('delivery', jobIds.slice(0, 1))).toEqual(['present']);
    expect(await queues.jobStates('delivery', [])).toEqual([]);
  });

  it('one process of a deployment, not each, answers that Redis lost its data', async () => {
    const a = await open();
    const b = await open();
    // The deployment's first process writes the marker; one started beside it finds it.
    expect([await a.lostData(), await b.lostData()]).toEqual([true, false]);
    expect([await a.lostData(), await b.lostData()]).toEqual([false, false]);
    // Redis loses its data: the first to look writes the marker again, and only it answers true.
    await admin.del(`${env.QUEUE_PREFIX}:relay-marker`);
    expect([await b.lostData(), await a.lostData()]).toEqual([true, false]);
    // A process that stops leaves the marker to the others.
    await a.onApplicationShutdown();
    expect(await b.lostData()).toBe(false);
    expect(await admin.ttl(`${env.QUEUE_PREFIX}:relay-marker`)).toBeGreaterThan(0);
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached within the limit');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `work` and counts the writes the Redis client of the queues made meanwhile (one per round trip). */
async function commandsSent<T>(redis: Redis, work: () => Promise<T>): Promise<{ result: T; writes: number }> {
  // ioredis writes a pipeline in one stream write; commands sent one by one are one write each.
  const stream = (redis as unknown as { stream: { write: (...args: unknown[]) => boolean } }).stream;
  const write = stream.write.bind(stream);
  let writes = 0;
  stream.write = (...args: unknown[]) => {
    writes++;
    return write(...args);
  };
  try {
    return { result: await work(), writes };
  } finally {
    stream.write = write;
  }
}
