import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AppConfig } from '../../config/app.config';
import { Clock } from '../../common/clock.provider';
import { TransactionService } from '../../database/transaction.service';
import { ContactMethodEntity } from '../../contacts/entities/contact-method.entity';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import { Channel, ChannelError, ChannelResult, ChannelTry, OutgoingMessage } from '../channels/channel.types';
import { EmailChannel } from '../channels/email.channel';
import { LogChannel } from '../channels/log.channel';
import { WebhookChannel } from '../channels/webhook.channel';
import { SmsChannel } from '../channels/sms.channel';
import { VoiceChannel } from '../channels/voice.channel';
import { DingtalkChannel } from '../channels/dingtalk.channel';
import { DeliveryErrorCode, scrubDetail } from '../core/delivery-error';
import { recordTries } from '../providers/provider-delivery.helper';
import { DeliveryAttemptEntity } from '../entities/delivery-attempt.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { DeliverJob } from '../notification.jobs';
import { LiveEventsService, notificationChanged } from '../live/live-events.service';
import { NotificationStatus } from '../models/notification-status.enum';
import { EscalationService } from './escalation.service';
import { OutboxRelayService } from './outbox-relay.service';
import { RetryLaterError } from './delivery.errors';
import { ACK_PATH, Begun, DeliveryOutcomeSummary, JobTry, redact } from './delivery.types';
import { composeMessage } from './message-composer.helper';
import { DeliveryBatchWriter } from './delivery-batch.writer';
import { failCurrentSend } from './fail-send.helper';

/**
 * The delivery job: sends a notification's current send on its contact method and records the
 * attempt. Reloads everything from the database and is idempotent:
 *   - a job for an older send, an acknowledged notification, or a send already SENT/DELIVERED/FAILED
 *     does nothing;
 *   - the attempt is written (SENDING, with the hash of the message's acknowledgement token) before
 *     the channel is called, so a worker killed mid-send leaves a trace, and the retry passes the
 *     same dedup key (webhook Idempotency-Key, email Message-ID) so the receiver can drop the repeat.
 * Retryable failures are thrown for BullMQ to retry with backoff; a permanent one (or the last
 * retry) marks the notification FAILED with the reason and moves it to the person's next contact
 * method (a new send the relay queues), or leaves it FAILED when there is none.
 * The database work of the jobs running at once in this process goes in batches (DeliveryBatchWriter):
 * one transaction begins them all, one records their successful sends; each is decided as above.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly channels: Record<string, Channel>;
  private readonly batch: DeliveryBatchWriter;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly escalations: EscalationService,
    private readonly live: LiveEventsService,
    private readonly relay: OutboxRelayService,
    private readonly clock: Clock,
    log: LogChannel,
    webhook: WebhookChannel,
    email: EmailChannel,
    sms: SmsChannel,
    voice: VoiceChannel,
    dingtalk: DingtalkChannel,
  ) {
    this.channels = { log, webhook, email, sms, voice, dingtalk };
    this.batch = new DeliveryBatchWriter(
      config,
      transactions,
      live,
      clock,
      (n, incident, contact, token, replyCode) => this.render(n, incident, contact, token, replyCode),
      (m, begun, tries, now) => this.recordChannelTries(m, begun, tries, now),
    );
  }

  get publicBaseUrl(): string {
    return this.config.env.PUBLIC_BASE_URL ?? `http://localhost:${this.config.env.PORT}`;
  }

  async deliver(job: DeliverJob, attempt: JobTry): Promise<DeliveryOutcomeSummary> {
    const token = randomBytes(32).toString('base64url');
    const begun = await this.batch.begin({ job, attempt, token });
    if (begun === 'SKIPPED_GONE') {
      // Notifications are never deleted: this worker reads another database than the process that
      // queued the job (a shared QUEUE_PREFIX). Fail the try, so that a worker of the right
      // deployment takes it up, instead of completing a job that delivered nothing.
      throw new Error(
        `notification ${job.notificationId} is not in this database (a worker of another deployment shares QUEUE_PREFIX?)`,
      );
    }
    if (typeof begun === 'string') return begun;
    const channel = this.channels[begun.route.channel];
    let result: ChannelResult;
    try {
      result = await channel.send(begun.message, begun.route);
    } catch (error) {
      const raw =
        error instanceof ChannelError
          ? error
          : new ChannelError('INTERNAL', `${begun.route.channel}: ${(error as Error).message}`, true);
      // Contact values are personal data: never in errors (an SMTP answer may quote the address);
      // readers get the code only, admins this scrubbed detail.
      const value = begun.message.contact?.value;
      const failure = new ChannelError(
        raw.code,
        scrubDetail(redact(raw.message, value), value),
        raw.retryable,
        raw.tries,
      );
      if (failure.retryable && !attempt.last) {
        await this.recordRetryable(begun, failure.code, failure.message, failure.tries);
        throw new RetryLaterError(`${failure.code}: ${failure.message}`);
      }
      const reason = failure.retryable ? `${failure.message} (已重试${attempt.attempt}次)` : failure.message;
      return this.recordPermanent(
        begun,
        job,
        failure.retryable ? 'RETRYABLE_ERROR' : 'PERMANENT_ERROR',
        failure.code,
        reason,
        failure.tries,
      );
    }
    return this.batch.recordSuccess({ begun, job, result });
  }

  private async render(
    n: NotificationEntity,
    incident: IncidentEntity,
    contact: ContactMethodEntity | null,
    token: string,
    replyCode?: string,
  ): Promise<OutgoingMessage> {
    const escalating = n.messageKind === 'REMINDER' || n.messageKind === 'ESCALATION';
    const facts = escalating ? await this.escalations.messageFacts(incident.id) : null;
    const ackUrl = `${this.publicBaseUrl}${ACK_PATH}${token}`;
    return composeMessage(this.config, { n, incident, contact, ackUrl, escalation: facts, replyCode });
  }

  private async recordRetryable(
    begun: Begun,
    code: DeliveryErrorCode,
    error: string,
    tries: ChannelTry[],
  ): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run(async (m) => {
      await this.recordChannelTries(m, begun, tries, now);
      await m.update(
        DeliveryAttemptEntity,
        { id: begun.attemptId },
        { outcome: 'RETRYABLE_ERROR', finishedAt: now, error, errorCode: code },
      );
      await m.update(
        NotificationEntity,
        { id: begun.notification.id },
        { lastError: error, lastErrorCode: code, updatedAt: now },
      );
    });
  }

  private async recordPermanent(
    begun: Begun,
    job: DeliverJob,
    outcome: 'PERMANENT_ERROR' | 'RETRYABLE_ERROR',
    code: DeliveryErrorCode,
    reason: string,
    tries: ChannelTry[] = [],
  ): Promise<DeliveryOutcomeSummary> {
    const now = this.clock.now();
    let failed: NotificationEntity | null = null;
    const result = await this.transactions.run(async (m): Promise<DeliveryOutcomeSummary> => {
      failed = null;
      await this.recordChannelTries(m, begun, tries, now);
      await m.update(
        DeliveryAttemptEntity,
        { id: begun.attemptId },
        {
          outcome,
          finishedAt: now,
          error: reason,
          errorCode: code,
        },
      );
      const n = await m.findOne(NotificationEntity, { where: { id: begun.notification.id } });
      if (!n || n.sendSeq !== job.seq || n.status === NotificationStatus.ACKNOWLEDGED) return 'SKIPPED_SUPERSEDED';
      const moved = await failCurrentSend(m, n, reason, code, now);
      failed = await m.findOne(NotificationEntity, { where: { id: n.id } });
      return moved;
    });
    const n = begun.notification;
    if (failed) this.live.publish([notificationChanged(failed)]);
    if (result === 'NEXT_CONTACT')
      this.relay.kick(); // the relay queues the new send
    else if (result === 'FAILED') this.logger.warn(`notification ${n.id} (${n.personName}) FAILED: ${reason}`);
    return result;
  }

  /** The tries within a send that did not go out (another provider, a budget) as attempts of their own. */
  private async recordChannelTries(m: EntityManager, begun: Begun, tries: ChannelTry[] | undefined, now: Date) {
    if (!tries?.length) return;
    const attempt = await m.findOne(DeliveryAttemptEntity, { where: { id: begun.attemptId } });
    if (attempt) await recordTries(m, attempt, tries, begun.message.contact?.value, now);
  }

  /** The delivery attempts of notifications, oldest first (one query; DataLoader batch). */
  async attemptsOf(notificationIds: readonly string[]): Promise<DeliveryAttemptEntity[][]> {
    const rows = notificationIds.length
      ? await this.dataSource.manager.find(DeliveryAttemptEntity, {
          where: { notificationId: In([...new Set(notificationIds)]) },
          order: { at: 'ASC', id: 'ASC' },
        })
      : [];
    const grouped = new Map<string, DeliveryAttemptEntity[]>();
    for (const row of rows) grouped.set(row.notificationId, [...(grouped.get(row.notificationId) ?? []), row]);
    return notificationIds.map((id) => grouped.get(id) ?? []);
  }
}
