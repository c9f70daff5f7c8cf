import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app.config';
import { NotificationEntity } from '../entities/notification.entity';
import { NotificationStatus } from '../models/notification-status.enum';
import { NotificationQueuesService, withTimeout } from '../queue/notification-queues.service';

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface NotificationHealth {
  /** From the database: notifications not yet handed to the queue, and how long the oldest has waited. */
  outbox: { pending: number; oldestPendingAgeSeconds: number | null };
  /** From Redis; status down while Redis is unreachable (the outbox keeps everything meanwhile). */
  queue:
    | {
        status: 'up';
        delivery: QueueCounts & { oldestWaitingAgeSeconds: number | null; workers: number };
        escalation: QueueCounts;
      }
    | { status: 'down'; reason: string };
  /** Whether this process runs workers (WORKERS). */
  workersInProcess: boolean;
  /** What is wrong with delivery (names), empty when nothing. */
  degraded: string[];
}

const QUEUE_DOWN = 'the notification queue (Redis) does not answer: notifications wait in the outbox';

/** Outbox and queue state for GET /health. Never throws and never waits long for Redis. */
@Injectable()
export class DeliveryHealthService {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly queues: NotificationQueuesService,
  ) {}

  async report(): Promise<NotificationHealth> {
    const [outbox, queue] = await Promise.all([this.outbox(), this.queue()]);
    const degraded: string[] = [];
    if (queue.status === 'down') degraded.push('notification-queue');
    else if (queue.delivery.workers === 0 && queue.delivery.waiting + queue.delivery.active > 0)
      degraded.push('notification-workers');
    const stuckAfter = this.config.notifications.relay.reconcileAfterMs / 1000;
    if (outbox.oldestPendingAgeSeconds !== null && outbox.oldestPendingAgeSeconds > stuckAfter)
      degraded.push('notification-outbox');
    return { outbox, queue, workersInProcess: this.config.env.WORKERS === 'on', degraded };
  }

  private async outbox(): Promise<NotificationHealth['outbox']> {
    try {
      const row = await this.dataSource.manager
        .createQueryBuilder(NotificationEntity, 'n')
        .select('COUNT(*)', 'pending')
        .addSelect('MIN(n.createdAt)', 'oldest')
        .where('n.status = :status', { status: NotificationStatus.PENDING })
        .getRawOne<{ pending: string | number; oldest: string | null }>();
      const oldest = row?.oldest ? new Date(row.oldest) : null;
      return {
        pending: Number(row?.pending ?? 0),
        oldestPendingAgeSeconds: oldest ? Math.max(0, Math.round((Date.now() - oldest.getTime()) / 1000)) : null,
      };
    } catch {
      return { pending: -1, oldestPendingAgeSeconds: null };
    }
  }

  private async queue(): Promise<NotificationHealth['queue']> {
    try {
      const pair = await this.queues.queues();
      if (!pair) return { status: 'down', reason: QUEUE_DOWN };
      const types = ['waiting', 'active', 'delayed', 'failed'] as const;
      const [delivery, escalation, oldest, workers] = await withTimeout(
        Promise.all([
          pair.delivery.getJobCounts(...types),
          pair.escalation.getJobCounts(...types),
          pair.delivery.getJobs(['wait'], 0, 0, true),
          pair.delivery.getWorkersCount(),
        ]),
        1000,
        'queue state',
      );
      const counts = (c: Record<string, number>): QueueCounts => ({
        waiting: c.waiting ?? 0,
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
      });
      const first = oldest[0];
      return {
        status: 'up',
        delivery: {
          ...counts(delivery),
          oldestWaitingAgeSeconds: first ? Math.max(0, Math.round((Date.now() - first.timestamp) / 1000)) : null,
          workers,
        },
        escalation: counts(escalation),
      };
    } catch {
      return { status: 'down', reason: QUEUE_DOWN };
    }
  }
}
