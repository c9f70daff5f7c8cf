import { hostname } from 'node:os';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '../../config/app.config';
import { DeliverJob, EscalateJob, QUEUES } from '../notification.jobs';
import { LiveEventsService } from '../live/live-events.service';
import { workerRedisOptions } from '../queue/notification-queues.service';
import { DeliveryService } from './delivery.service';
import type { DeliveryOutcomeSummary } from './delivery.types';
import { RetryLaterError } from './delivery.errors';
import { EscalationService } from './escalation.service';
import { OutboxRelayService } from './outbox-relay.service';

/** How long a graceful shutdown waits for active jobs before it stops them. */
export const DRAIN_TIMEOUT_MS = 25_000;

/**
 * The BullMQ workers of this process: in-process by default (WORKERS=on, the quick start needs no
 * second command), in `node dist/worker.js` processes, and none on API nodes with WORKERS=off.
 * A graceful shutdown (SIGTERM) stops taking jobs and waits for the active ones to finish.
 */
@Injectable()
export class NotificationWorkersService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotificationWorkersService.name);
  private workers: Worker[] = [];
  private active = 0;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly delivery: DeliveryService,
    private readonly escalations: EscalationService,
    private readonly relay: OutboxRelayService,
    private readonly live: LiveEventsService,
  ) {}

  get enabled(): boolean {
    return this.config.env.WORKERS === 'on';
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const d = this.config.notifications.delivery;
    const common = {
      connection: workerRedisOptions(this.config.env.REDIS_URL),
      prefix: this.config.env.QUEUE_PREFIX,
      lockDuration: d.lockDurationMs,
      stalledInterval: d.stalledIntervalMs,
      maxStalledCount: 3,
      name: `${hostname()}:${process.pid}`,
    };
    const delivery = new Worker<DeliverJob, DeliveryOutcomeSummary>(
      QUEUES.delivery,
      (job: Job<DeliverJob>) => {
        const attempt = job.attemptsMade + 1;
        return this.counted(() =>
          this.delivery.deliver(job.data, { attempt, last: attempt >= (job.opts.attempts ?? 1) }),
        );
      },
      { ...common, concurrency: d.concurrency },
    );
    const escalation = new Worker<EscalateJob, string>(
      QUEUES.escalation,
      (job: Job<EscalateJob>) =>
        this.counted(async () => {
          const result = await this.escalations.fire(job.data.incidentId, job.data.level);
          this.live.publish(result.events);
          if (result.outcome === 'ESCALATED') this.relay.kick();
          return result.outcome;
        }),
      { ...common, concurrency: 2 },
    );
    for (const worker of [delivery, escalation]) {
      let lastError = '';
      worker.on('error', (error: Error) => {
        if (error.message !== lastError) this.logger.warn(`${worker.name}: ${error.message}`);
        lastError = error.message;
      });
      worker.on('failed', (job: Job | undefined, error: Error) => {
        if (error instanceof RetryLaterError || error.name === 'RetryLaterError') {
          this.logger.debug(`${job?.name} ${job?.id}: ${error.message}; retried`);
        } else {
          this.logger.warn(`${job?.name} ${job?.id} failed (try ${job?.attemptsMade}): ${error.message}`);
        }
      });
    }
    this.workers = [delivery, escalation];
    this.logger.log(
      `notification workers started (delivery concurrency ${d.concurrency}, queue prefix ${this.config.env.QUEUE_PREFIX})`,
    );
  }

  /**
   * Stops taking jobs and lets the active ones finish (at most DRAIN_TIMEOUT_MS), then closes the
   * connections. BullMQ's own graceful close waits for Redis, which may be down; so this process
   * counts its running handlers itself and closes with force once they are done (a job whose
   * completion did not reach Redis is run again later and finds its notification already sent).
   */
  async beforeApplicationShutdown(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    if (workers.length === 0) return;
    await Promise.all(workers.map((w) => withDeadline(w.pause(true), 1000)));
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (this.active > 0 && Date.now() < deadline) await sleep(50);
    if (this.active > 0)
      this.logger.warn(
        `${this.active} job(s) still running after ${DRAIN_TIMEOUT_MS} ms; stopping them (they are taken up again)`,
      );
    else await sleep(200); // lets BullMQ record the last completions
    await Promise.all(workers.map((w) => w.close(true).catch(() => undefined)));
  }

  /** Runs a handler, counted for the graceful shutdown. */
  private async counted<T>(work: () => Promise<T>): Promise<T> {
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
    }
  }
}

/** Waits for `promise` at most `ms` (it may hang while Redis is down); never throws. */
async function withDeadline(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
