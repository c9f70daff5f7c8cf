import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource, In } from 'typeorm';
import { AppConfig } from '../../config/app.config';
import { Clock } from '../../common/clock.provider';
import { instantParam } from '../../database/columns.helper';
import { updateReturningRows } from '../../database/update-returning.helper';
import { TransactionService } from '../../database/transaction.service';
import { EscalationEntity } from '../entities/escalation.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { DeliverJob, deliveryJobId, escalationJobId } from '../notification.jobs';
import { LiveEventsService, notificationChanged } from '../live/live-events.service';
import { NotificationStatus } from '../models/notification-status.enum';
import { NotificationQueuesService, subscriberRedisOptions } from '../queue/notification-queues.service';
import { EscalationService } from './escalation.service';
import { unqueuedEscalations, unqueuedNotifications } from './relay-queries.helper';

/**
 * The outbox relay: hands every send the database says is due to the BullMQ queue, then marks it
 * QUEUED. It runs right after intake commits (kick()), after a delivery or escalation makes a new
 * send, and on a short timer, so what was written while Redis was down goes out as soon as Redis is
 * back. Job ids derive from the notification id and send (jobs.ts), so a repeated pass never
 * duplicates a job. It also starts each incident's escalation clock and queues its delayed jobs,
 * and re-queues what Redis lost: on every reconnect, and as soon as a pass finds the deployment's marker
 * key gone (a restart without persistence, FLUSHALL), it checks every QUEUED notification and every
 * waiting escalation clock against Redis at once (a batch's jobs in one round trip); a slow timer
 * (reconcileAfterMs) catches the rest.
 *
 * Safe to run in several processes at once (API nodes and workers): every step is idempotent and
 * every update is conditional.
 *
 * An API node with RELAY=off (and WORKERS=off) relays nothing: its kick() tells the relaying processes
 * instead, one PUBLISH on `${QUEUE_PREFIX}:relay` for all of one turn of the event loop, and each of them
 * runs a pass. Intake then spends nothing on the hand-over, which the worker processes do beside their
 * deliveries. A ping lost while Redis is away costs nothing more: their timers and reconnects relay anyway.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastReconcile = 0;
  private lastError = '';
  /** Set when Redis reconnected or lost its data: the next pass checks every QUEUED job and escalation clock. */
  private recover = false;
  private lastPass = 0;
  /** This process relays (RELAY=on, or workers in it); otherwise its kick() pings the processes that do. */
  private readonly here: boolean;
  private subscriber: Redis | null = null;
  private pinging = false;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly queues: NotificationQueuesService,
    private readonly escalations: EscalationService,
    private readonly live: LiveEventsService,
    private readonly clock: Clock,
  ) {
    this.here = config.env.RELAY === 'on'; // (a process with workers in it always has RELAY=on: env.schema.ts)
  }

  /** Where API nodes with RELAY=off ask for a pass. */
  get pingChannel(): string {
    return `${this.config.env.QUEUE_PREFIX}:relay`;
  }

  onApplicationBootstrap(): void {
    if (!this.here) {
      this.logger.log(
        `RELAY=off: the worker processes hand this node's sends to the queue (asked on ${this.pingChannel})`,
      );
      return;
    }
    this.timer = setInterval(() => this.kick(), this.config.notifications.relay.intervalMs);
    this.timer.unref();
    // Redis is back (or answers again after a network cut): relay what waited and check what it holds, now.
    // (Not on the first connection: the marker key tells whether Redis lost anything before this process started.)
    this.queues.onReady(() => {
      if (this.lastPass) this.recover = true;
      this.kick();
    });
    this.kick();
    this.listenForPings();
  }

  /** Runs a pass soon (now, or right after the one running). Never waits, never throws. */
  kick(): void {
    if (this.stopped) return;
    if (!this.here) return this.ping();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((error: unknown) => {
        const message = (error as Error).message;
        if (message !== this.lastError) this.logger.warn(`relay pass failed (retried on the next pass): ${message}`);
        this.lastError = message;
      })
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** RELAY=off: asks the relaying processes for a pass, once for all of this turn of the event loop (best effort). */
  private ping(): void {
    if (this.pinging) return;
    this.pinging = true;
    setImmediate(() => {
      this.pinging = false;
      if (this.queues.connected) this.queues.redis.publish(this.pingChannel, '1').catch(() => undefined);
    });
  }

  /** A pass for each ping of an API node with RELAY=off (several pings while one runs: one pass more). */
  private listenForPings(): void {
    const subscriber = new Redis(this.config.env.REDIS_URL, subscriberRedisOptions());
    subscriber.on('error', () => undefined); // the producer connection reports Redis trouble
    subscriber.on('message', () => this.kick());
    subscriber.subscribe(this.pingChannel).catch(() => undefined);
    this.subscriber = subscriber;
  }

  /** Resolves once the pass running now (and one asked for meanwhile) is over. For tests and shutdown. */
  async settle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async pass(): Promise<void> {
    if (!this.queues.connected || !(await this.queues.queues())) return;
    const batch = this.config.notifications.relay.batchSize;
    if (await this.queues.lostData()) {
      if (this.lastPass)
        this.logger.warn('Redis lost its data (a restart without persistence, FLUSHALL): re-queueing what it held');
      this.recover = true;
    }
    this.lastPass = this.clock.now().getTime();
    // What waited in the outbox first: it has waited longest.
    while ((await this.relayNotifications(batch)) === batch && !this.stopped) {
      // a full batch: there may be more
    }
    await this.relayEscalations(batch);
    const now = this.clock.now().getTime();
    if (this.recover) {
      this.recover = false;
      this.lastReconcile = now;
      await this.reconcile(batch, true).catch((error: unknown) => {
        this.recover = true; // try again on the next pass
        throw error;
      });
    } else if (now - this.lastReconcile >= this.config.notifications.relay.reconcileAfterMs / 2) {
      this.lastReconcile = now;
      await this.reconcile(batch, false);
    }
    this.lastError = '';
  }

  /** PENDING sends (and FAILED ones moving to the next contact method) → the queue → QUEUED. */
  private async relayNotifications(batch: number): Promise<number> {
    const rows = await unqueuedNotifications(this.dataSource.manager, batch).getMany();
    if (rows.length === 0) return 0;
    await this.queues.addDeliveries(rows.map((r): DeliverJob => ({ notificationId: r.id, seq: r.sendSeq })));
    const now = this.clock.now();
    const queued = await this.transactions.run(async (m) => {
      const bySeq = new Map<number, string[]>();
      for (const row of rows) bySeq.set(row.sendSeq, [...(bySeq.get(row.sendSeq) ?? []), row.id]);
      const moved: NotificationEntity[] = [];
      for (const [seq, ids] of bySeq) {
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = ids.slice(i, i + 500);
          // One statement per chunk that answers exactly the rows it moved to QUEUED, as it left them, so
          // that only those are told to subscribers (a fast worker may have taken some further already).
          const rowsMoved = await updateReturningRows(
            m,
            m
              .createQueryBuilder()
              .update(NotificationEntity)
              .set({ status: NotificationStatus.QUEUED, queuedAt: now, queuedSends: seq + 1, updatedAt: now })
              .where('id IN (:...ids) AND send_seq = :seq AND queued_sends <= :seq AND status IN (:...statuses)', {
                ids: chunk,
                seq,
                statuses: [NotificationStatus.PENDING, NotificationStatus.FAILED],
              }),
          );
          const position = new Map(chunk.map((id, index) => [id, index]));
          moved.push(...rowsMoved.sort((a, b) => position.get(a.id)! - position.get(b.id)!));
          // Rows a fast worker already took further: only remember that the send is queued.
          await m
            .createQueryBuilder()
            .update(NotificationEntity)
            .set({ queuedSends: seq + 1 })
            .where('id IN (:...ids) AND send_seq = :seq AND queued_sends <= :seq', { ids: chunk, seq })
            .execute();
        }
      }
      await this.escalations.ensure(
        m,
        rows.filter((r) => r.sendSeq === 0).map((r) => r.incidentId),
        now,
      );
      return moved;
    });
    this.live.publish(queued.map(notificationChanged));
    return rows.length;
  }

  /** Escalation clocks whose next delayed job is not in the queue yet. */
  private async relayEscalations(batch: number): Promise<void> {
    const rows = await unqueuedEscalations(this.dataSource.manager, batch).getMany();
    if (rows.length === 0) return;
    // A run started again (a regrade) may reuse the id of a job that finished doing nothing.
    await this.queues.releasedJobs(
      'escalation',
      rows.map((row) => escalationJobId(row.incidentId, row.level + 1)),
    );
    const now = this.clock.now().getTime();
    await this.queues.addEscalations(
      rows.map((row) => ({
        job: { incidentId: row.incidentId, level: row.level + 1 },
        delayMs: row.dueAt.getTime() - now,
      })),
    );
    const byLevel = new Map<number, string[]>();
    for (const row of rows) byLevel.set(row.level, [...(byLevel.get(row.level) ?? []), row.id]);
    await this.transactions.run(async (m) => {
      for (const [level, ids] of byLevel)
        await m
          .createQueryBuilder()
          .update(EscalationEntity)
          .set({ queuedJobs: level + 1 })
          .where('id IN (:...ids) AND level = :level AND queued_jobs <= :level', { ids, level })
          .execute();
    });
  }

  /**
   * Re-queues what Redis lost. Periodically: jobs of notifications QUEUED for longer than reconcileAfterMs
   * and of overdue escalations. After Redis lost its data or reconnected (`full`): every QUEUED
   * notification and every waiting escalation clock, checked at once, so nothing waits for the timer.
   */
  private async reconcile(batch: number, full: boolean): Promise<void> {
    const before = new Date(this.clock.now().getTime() - this.config.notifications.relay.reconcileAfterMs);
    let after = '';
    let requeued = 0;
    for (;;) {
      const qb = this.dataSource.manager
        .createQueryBuilder(NotificationEntity, 'n')
        .select(['n.id', 'n.incidentId', 'n.sendSeq', 'n.queuedSends'])
        .where('n.status = :status', { status: NotificationStatus.QUEUED });
      if (full) qb.andWhere('n.id > :after', { after }).orderBy('n.id', 'ASC');
      else qb.andWhere('n.updatedAt < :before', { before: instantParam(before) }).orderBy('n.updatedAt', 'ASC');
      const stale = await qb.take(batch).getMany();
      requeued += await this.requeueNotifications(stale);
      if (!full || stale.length < batch || this.stopped) break;
      after = stale[stale.length - 1].id;
    }
    if (requeued > 0) this.logger.warn(`re-queued ${requeued} notification(s) whose job Redis no longer had`);
    after = '';
    for (;;) {
      const qb = this.dataSource.manager
        .createQueryBuilder(EscalationEntity, 'e')
        .where('e.status = :status', { status: 'WAITING' })
        .andWhere('e.queuedJobs > e.level');
      if (full) qb.andWhere('e.id > :after', { after }).orderBy('e.id', 'ASC');
      else qb.andWhere('e.dueAt < :before', { before: instantParam(before) });
      const waiting = await qb.take(batch).getMany();
      const released = await this.queues.releasedJobs(
        'escalation',
        waiting.map((row) => escalationJobId(row.incidentId, row.level + 1)),
      );
      const lost = waiting.filter((_, i) => released[i]);
      for (const row of lost)
        this.logger.warn(`re-queued the escalation of incident ${row.incidentId} (Redis no longer had its job)`);
      await this.queues.addEscalations(
        lost.map((row) => ({
          job: { incidentId: row.incidentId, level: row.level + 1 },
          delayMs: Math.max(0, row.dueAt.getTime() - this.clock.now().getTime()),
        })),
      );
      if (!full || waiting.length < batch || this.stopped) break;
      after = waiting[waiting.length - 1].id;
    }
  }

  /** Adds again the delivery jobs of QUEUED notifications that Redis no longer has (or finished without them). */
  private async requeueNotifications(
    rows: Array<Pick<NotificationEntity, 'id' | 'sendSeq' | 'queuedSends'>>,
  ): Promise<number> {
    // Not handed over yet (queuedSends <= sendSeq): relayNotifications' business.
    const handed = rows.filter((n) => n.queuedSends > n.sendSeq);
    // A finished job that left its notification QUEUED: its tries ran out on a fault (the database
    // away), or a worker of another deployment took it. Send it again, as one Redis no longer has.
    const released = await this.queues.releasedJobs(
      'delivery',
      handed.map((n) => deliveryJobId(n.id, n.sendSeq)),
    );
    const requeue = handed
      .filter((_, i) => released[i])
      .map((n): DeliverJob => ({ notificationId: n.id, seq: n.sendSeq }));
    if (requeue.length === 0) return 0;
    await this.queues.addDeliveries(requeue);
    const now = this.clock.now();
    await this.transactions.run((m) =>
      m.update(
        NotificationEntity,
        { id: In(requeue.map((j) => j.notificationId)), status: NotificationStatus.QUEUED },
        { updatedAt: now },
      ),
    );
    return requeue.length;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.subscriber?.disconnect();
    this.subscriber = null;
    await this.settle().catch(() => undefined);
  }
}
