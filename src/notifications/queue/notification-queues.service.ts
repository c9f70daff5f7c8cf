import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue, RedisOptions as BullRedisOptions } from 'bullmq';
import Redis, { RedisOptions } from 'ioredis';
import { AppConfig } from '../../config/app.config';
import { QueueUnavailableError } from './queue.errors';
import {
  DeliverJob,
  deliveryJobOptions,
  EscalateJob,
  escalationJobId,
  escalationJobOptions,
  JOBS,
  QUEUES,
} from '../notification.jobs';

/** How long a producer command may take before the relay gives up on this pass. */
export const PRODUCER_TIMEOUT_MS = 3000;

/** The longest pause between two attempts to reconnect to Redis. */
export const RECONNECT_MAX_MS = 1000;

/** Lifetime of the deployment's marker key (refreshed on every relay pass; if it expires, one extra reconcile). */
const MARKER_TTL_SECONDS = 3600;

/**
 * Connection options of a producer: fails fast while Redis is away (no offline queue, one try per
 * command), reconnects in the background for ever.
 */
export function producerRedisOptions(): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    disconnectTimeout: 200,
    // Reconnect at least every second: what waited in the outbox goes out within a second or two of Redis's return.
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), RECONNECT_MAX_MS),
  };
}

/**
 * Connection options of a subscriber (pub/sub): its SUBSCRIBE waits while Redis is away, and it reconnects
 * and subscribes again for ever.
 */
export function subscriberRedisOptions(): RedisOptions {
  return {
    maxRetriesPerRequest: null,
    disconnectTimeout: 200,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
  };
}

/**
 * Connection options of a worker: commands wait while Redis is away (maxRetriesPerRequest null, as
 * BullMQ requires for blocking connections) and it reconnects for ever.
 */
export function workerRedisOptions(url: string): BullRedisOptions {
  return {
    url,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    connectTimeout: 5000,
    disconnectTimeout: 200,
    retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), RECONNECT_MAX_MS),
  };
}

/** Where a job stands in Redis (jobStates). */
export type JobPresence = 'missing' | 'finished' | 'present';

export interface QueuePair {
  delivery: Queue<DeliverJob>;
  escalation: Queue<EscalateJob>;
}

/**
 * The producer side of the notification queues. Nothing here waits for Redis: while Redis is down
 * `queues()` answers null at once and callers leave their rows PENDING for a later relay pass.
 */
@Injectable()
export class NotificationQueuesService implements OnApplicationShutdown {
  private readonly logger = new Logger(NotificationQueuesService.name);
  readonly redis: Redis;
  private pair: QueuePair | null = null;
  private creating: Promise<QueuePair | null> | null = null;
  private lastError = '';
  private closed = false;
  /**
   * A key the deployment's processes keep (QUEUE_PREFIX): gone means Redis lost its data (a restart without
   * persistence, FLUSHALL), or that no process of the deployment ran for its lifetime.
   */
  private readonly markerKey: string;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    this.markerKey = `${config.env.QUEUE_PREFIX}:relay-marker`;
    this.redis = new Redis(config.env.REDIS_URL, producerRedisOptions());
    this.redis.on('error', (error: Error) => {
      if (error.message !== this.lastError) this.logger.warn(`Redis (producer): ${error.message}`);
      this.lastError = error.message;
    });
    this.redis.on('ready', () => {
      if (this.lastError) this.logger.log('Redis (producer) is back');
      this.lastError = '';
    });
  }

  get prefix(): string {
    return this.config.env.QUEUE_PREFIX;
  }

  /** True while the producer connection to Redis is up. */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  /** Calls `listener` each time the producer connection becomes ready (the first time and every reconnect). */
  onReady(listener: () => void): void {
    this.redis.on('ready', listener);
  }

  /**
   * True when Redis lost its data since the marker key was last refreshed: the key is gone (Redis restarted
   * without persistence, FLUSHALL, a failover to an empty replica), and this process is the one that writes
   * it again, so that one process of the deployment, not each, checks what Redis holds. A process that
   * starts beside others (a worker restarted during a mass event) finds the key and answers false. One
   * command when nothing happened. Throws while Redis is away.
   */
  async lostData(): Promise<boolean> {
    const kept = await withTimeout(
      this.redis.set(this.markerKey, '1', 'EX', MARKER_TTL_SECONDS, 'XX'),
      PRODUCER_TIMEOUT_MS,
      'refreshing the marker key',
    );
    if (kept === 'OK') return false;
    const written = await withTimeout(
      this.redis.set(this.markerKey, '1', 'EX', MARKER_TTL_SECONDS, 'NX'),
      PRODUCER_TIMEOUT_MS,
      'writing the marker key',
    );
    return written === 'OK';
  }

  /** The queues, or null while Redis is unreachable (never waits for it). */
  async queues(): Promise<QueuePair | null> {
    if (this.closed || !this.connected) return null;
    if (this.pair) return this.pair;
    this.creating ??= this.create().finally(() => (this.creating = null));
    return this.creating;
  }

  private async create(): Promise<QueuePair | null> {
    const options = { connection: this.redis, prefix: this.prefix };
    const pair: QueuePair = {
      delivery: new Queue<DeliverJob>(QUEUES.delivery, options),
      escalation: new Queue<EscalateJob>(QUEUES.escalation, options),
    };
    for (const queue of [pair.delivery, pair.escalation]) queue.on('error', () => undefined);
    try {
      await withTimeout(
        Promise.all([pair.delivery.waitUntilReady(), pair.escalation.waitUntilReady()]),
        PRODUCER_TIMEOUT_MS,
        'queue setup',
      );
      this.pair = pair;
      return pair;
    } catch {
      await Promise.allSettled([pair.delivery.close(), pair.escalation.close()]);
      return null;
    }
  }

  /** The queues; throws QueueUnavailableError while Redis is unreachable. */
  private async available(): Promise<QueuePair> {
    const pair = await this.queues();
    if (!pair) throw new QueueUnavailableError();
    return pair;
  }

  /** Adds delivery jobs (ids derive from notification id and send, so a repeat adds nothing). */
  async addDeliveries(jobs: DeliverJob[]): Promise<void> {
    const pair = await this.available();
    if (jobs.length === 0) return;
    await withTimeout(
      pair.delivery.addBulk(
        jobs.map((data) => ({ name: JOBS.deliver, data, opts: deliveryJobOptions(this.config.notifications, data) })),
      ),
      PRODUCER_TIMEOUT_MS,
      'adding delivery jobs',
    );
  }

  async addEscalation(job: EscalateJob, delayMs: number): Promise<void> {
    const pair = await this.available();
    await withTimeout(
      pair.escalation.add(JOBS.escalate, job, escalationJobOptions(this.config.notifications, job, delayMs)),
      PRODUCER_TIMEOUT_MS,
      'adding an escalation job',
    );
  }

  /** Adds escalation jobs, each delayed until its clock runs out, in one Redis round trip. */
  async addEscalations(jobs: Array<{ job: EscalateJob; delayMs: number }>): Promise<void> {
    const pair = await this.available();
    if (jobs.length === 0) return;
    await withTimeout(
      pair.escalation.addBulk(
        jobs.map(({ job, delayMs }) => ({
          name: JOBS.escalate,
          data: job,
          opts: escalationJobOptions(this.config.notifications, job, delayMs),
        })),
      ),
      PRODUCER_TIMEOUT_MS,
      'adding escalation jobs',
    );
  }

  /** Removes a waiting escalation job (acknowledged in time). False when Redis is away or the job runs. */
  async cancelEscalation(incidentId: string, level: number): Promise<boolean> {
    const pair = await this.queues();
    if (!pair) return false;
    try {
      return (
        (await withTimeout(
          pair.escalation.remove(escalationJobId(incidentId, level)),
          PRODUCER_TIMEOUT_MS,
          'removing an escalation job',
        )) === 1
      );
    } catch {
      return false;
    }
  }

  /**
   * Where each job stands in Redis, in one round trip for all of them: `missing` (Redis no longer has
   * it), `finished` (completed or failed, kept for the record) or `present` (waiting, delayed or
   * running). Throws while Redis is away.
   */
  async jobStates(queue: keyof QueuePair, ids: readonly string[]): Promise<JobPresence[]> {
    const pair = await this.available();
    if (ids.length === 0) return [];
    const source: Queue = pair[queue] as Queue;
    const pipeline = this.redis.pipeline();
    for (const id of ids)
      pipeline.exists(source.toKey(id)).zscore(source.keys.completed, id).zscore(source.keys.failed, id);
    const answers = await withTimeout(pipeline.exec(), PRODUCER_TIMEOUT_MS, 'reading job states');
    return ids.map((_, i): JobPresence => {
      const [exists, completed, failed] = [0, 1, 2].map((k) => {
        const [error, value] = answers![i * 3 + k];
        if (error) throw error;
        return value;
      });
      if (completed !== null || failed !== null) return 'finished';
      return exists ? 'present' : 'missing';
    });
  }

  /**
   * For each job, true when Redis no longer holds it for running: missing, or finished (completed or
   * failed; those are removed, so that a job of the same id can be added again). One round trip, and one
   * more only when some finished. Throws while Redis is away.
   */
  async releasedJobs(queue: keyof QueuePair, ids: readonly string[]): Promise<boolean[]> {
    const states = await this.jobStates(queue, ids);
    const finished = ids.filter((_, i) => states[i] === 'finished');
    if (finished.length) await this.removeJobs(queue, finished);
    return states.map((state) => state !== 'present');
  }

  /** The job, if Redis still has it; throws while Redis is away. */
  async job(queue: keyof QueuePair, id: string): Promise<Job | undefined> {
    const pair = await this.available();
    const source: Queue = pair[queue] as Queue;
    return withTimeout(source.getJob(id) as Promise<Job | undefined>, PRODUCER_TIMEOUT_MS, 'reading a job');
  }

  /** Removes finished jobs, so that a job of the same id can be added again. Throws while Redis is away. */
  private async removeJobs(queue: keyof QueuePair, ids: readonly string[]): Promise<void> {
    const pair = await this.available();
    const source: Queue = pair[queue] as Queue;
    await withTimeout(Promise.all(ids.map((id) => source.remove(id))), PRODUCER_TIMEOUT_MS, 'removing jobs');
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const pair = this.pair;
    this.pair = null;
    if (pair) await Promise.allSettled([pair.delivery.close(), pair.escalation.close()]);
    this.redis.disconnect();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}
