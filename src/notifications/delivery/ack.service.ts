import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.provider';
import { BadInputException, DomainException, NotFoundException } from '../../common/domain.exception';
import { TransactionService } from '../../database/transaction.service';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import { DeliveryAttemptEntity } from '../entities/delivery-attempt.entity';
import { DUTY_ALERT, NotificationEntity, NOTICE } from '../entities/notification.entity';
import { LiveEventsService, notificationChanged } from '../live/live-events.service';
import { NotificationStatus } from '../models/notification-status.enum';
import { NotificationQueuesService } from '../queue/notification-queues.service';
import { IncidentEventKind, IncidentStatus } from '../../incidents/models/incident-status.enum';
import { AppConfig } from '../../config/app.config';
import { chinaTime } from '../core/message-renderer';
import { hashToken } from './delivery.types';
import { EscalationService } from './escalation.service';
import { appendIncidentEvent } from '../../incidents/incident-event.writer';
import { findOneForUpdate } from '../../database/row-lock.helper';

/**
 * How a confirmation arrived: API (a duty officer recorded it), PHONE (a duty officer took it by
 * telephone, with a note), LINK (the one-click link), SMS (a reply "1 <code>"), VOICE (key 1 during a call).
 */
export type AckVia = 'API' | 'LINK' | 'PHONE' | 'SMS' | 'VOICE';

export interface AckOptions {
  /** What the duty officer noted (PHONE); at most 500 characters. */
  note?: string | null;
  /**
   * When the person confirmed, if earlier than now (a call recorded afterwards); API and PHONE only.
   * Not in the future, not before the notification was written.
   */
  receivedAt?: Date | null;
}

const VIA_TEXT: Record<AckVia, string> = {
  API: '值班员登记',
  PHONE: '电话确认, 值班员登记',
  LINK: '点击确认链接',
  SMS: '短信回复确认码',
  VOICE: '语音电话按键确认',
};

export interface AckResult {
  notification: NotificationEntity;
  incident: IncidentEntity;
  /** False when it had been acknowledged before, or the incident is closed (nothing changed). */
  changed: boolean;
}

/** What an acknowledgement link stands for, looked up without changing anything. */
export type AckLinkState =
  | { state: 'UNKNOWN' }
  | {
      state: 'EXPIRED' | 'CLOSED' | 'ACKNOWLEDGED' | 'OPEN';
      notification: NotificationEntity;
      incident: IncidentEntity;
    };

/**
 * Acknowledgement: by a duty officer through the API (acknowledgeNotification) or by the person
 * through the one-click link (GET /ack/:token). Sets ACKNOWLEDGED with the time, keeps an incident
 * event, and stops the incident's escalation when the person is a commander of the activated post.
 * Acknowledging again changes nothing.
 */
@Injectable()
export class AckService {
  private readonly logger = new Logger(AckService.name);
  private readonly linkDaysAfterClose: number;

  constructor(
    @Inject(AppConfig) config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly escalations: EscalationService,
    private readonly queues: NotificationQueuesService,
    private readonly live: LiveEventsService,
    private readonly clock: Clock,
  ) {
    this.linkDaysAfterClose = config.env.ACK_LINK_DAYS_AFTER_CLOSE;
  }

  /**
   * THE acknowledgement path: the API, the link and provider replies (SMS/voice) all end here.
   * Sets ACKNOWLEDGED with the time, how and by whom; stops the escalation once the incident's
   * confirmation policy is met. Acknowledging again changes nothing.
   */
  async acknowledge(id: string, via: AckVia, actor: string | null, options: AckOptions = {}): Promise<AckResult> {
    const now = this.clock.now();
    const note = options.note?.trim() ? options.note.trim() : null;
    if (note && note.length > 500)
      throw new BadInputException('note', `${note.slice(0, 20)}…`, `is ${note.length} characters long; at most 500`);
    const result = await this.transactions.run(async (m) => {
      const found = await m.findOne(NotificationEntity, { where: { id } });
      if (!found) throw new NotFoundException('notification', 'id', id);
      const incident = await findOneForUpdate(m, IncidentEntity, { id: found.incidentId });
      if (!incident) throw new NotFoundException('incident', 'id', found.incidentId);
      const n = (await m.findOne(NotificationEntity, { where: { id } }))!;
      if (n.status === NotificationStatus.ACKNOWLEDGED)
        return { notification: n, incident, changed: false, cancelLevel: null };
      // A closed incident takes no more acknowledgements: nothing to stop, no event after CLOSED.
      if (incident.status === IncidentStatus.CLOSED) {
        // The person (link, SMS reply, key press) gets a page or nothing; whoever records one through the
        // API (a key, or a duty officer entering a phone call) is told it was not recorded.
        if (via === 'LINK' || via === 'SMS' || via === 'VOICE')
          return { notification: n, incident, changed: false, cancelLevel: null };
        const closedAt = incident.closedAt ?? incident.updatedAt;
        throw new DomainException(
          'CONFLICT',
          `id: the incident "${incident.title}" was closed at ${closedAt.toISOString()}; acknowledgements are no longer recorded`,
          { field: 'id', value: id, problemZh: `事件已于 ${chinaTime(closedAt)} 结束，不再记录确认` },
        );
      }
      const receivedAt = options.receivedAt ?? null;
      if (receivedAt) {
        if (via === 'LINK' || via === 'SMS' || via === 'VOICE')
          throw new BadInputException(
            'receivedAt',
            receivedAt.toISOString(),
            `is only for confirmations a duty officer records`,
          );
        if (receivedAt.getTime() > now.getTime())
          throw new BadInputException(
            'receivedAt',
            receivedAt.toISOString(),
            `is in the future (now ${now.toISOString()})`,
          );
        if (receivedAt.getTime() < n.createdAt.getTime())
          throw new BadInputException(
            'receivedAt',
            receivedAt.toISOString(),
            `is before ${n.personName} was notified (${n.createdAt.toISOString()})`,
            `早于通知${n.personName}的时间（${chinaTime(n.createdAt)}），来电确认不能早于通知`,
          );
      }
      const changes: Partial<NotificationEntity> = {
        status: NotificationStatus.ACKNOWLEDGED,
        acknowledgedAt: receivedAt ?? now,
        acknowledgementRecordedAt: now,
        acknowledgedVia: via,
        acknowledgedBy: actor,
        acknowledgementNote: note,
        updatedAt: now,
      };
      await m.update(NotificationEntity, { id }, changes);
      Object.assign(n, changes);
      const { met, level: cancelLevel } = await this.escalations.cancelFor(m, n, incident, now);
      const heard = receivedAt && receivedAt.getTime() !== now.getTime() ? `; 来电时间 ${chinaTime(receivedAt)}` : '';
      const how = `${VIA_TEXT[via] ?? via}${actor && via !== 'LINK' ? `: ${actor}` : ''}${heard}${note ? `; 备注: ${note}` : ''}`;
      const what =
        n.purpose === NOTICE ? '确认收到通知' : n.purpose === DUTY_ALERT ? '确认收到值班提醒' : '确认收到报送提醒';
      await appendIncidentEvent(m, incident.id, IncidentEventKind.ACKNOWLEDGED, now, actor, {
        summary: `${n.personName}${what}(${how})${met ? `; 确认要求已满足${cancelLevel !== null ? ', 停止升级' : ''}` : ''}`,
        notificationId: n.id,
        personId: n.personId,
        personName: n.personName,
        via,
        note,
        receivedAt: (receivedAt ?? now).toISOString(),
        policyMet: met,
        escalationCancelled: cancelLevel !== null,
      });
      return { notification: n, incident, changed: true, cancelLevel };
    });
    if (result.changed) {
      this.live.publish([notificationChanged(result.notification)]);
      if (result.cancelLevel !== null) {
        // The job would find the escalation CANCELLED and do nothing; removing it keeps the queue clean.
        void this.queues.cancelEscalation(result.incident.id, result.cancelLevel).catch(() => undefined);
        this.logger.log(
          `incident ${result.incident.id}: ${result.notification.personName} acknowledged; confirmation policy met, escalation stopped`,
        );
      }
    }
    return { notification: result.notification, incident: result.incident, changed: result.changed };
  }

  /**
   * What the link's token stands for, read only (GET and HEAD of the page, link previews, mail
   * scanners). The token names exactly one notification; only its SHA-256 is stored. A link works
   * while its incident is open and ACK_LINK_DAYS_AFTER_CLOSE days after it closed.
   */
  async inspectToken(token: string, now = new Date()): Promise<AckLinkState> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: 'UNKNOWN' };
    const attempt = await this.dataSource.manager.findOne(DeliveryAttemptEntity, {
      where: { ackTokenHash: hashToken(token) },
      select: { id: true, notificationId: true },
    });
    if (!attempt) return { state: 'UNKNOWN' };
    const notification = await this.dataSource.manager.findOne(NotificationEntity, {
      where: { id: attempt.notificationId },
    });
    const incident =
      notification &&
      (await this.dataSource.manager.findOne(IncidentEntity, { where: { id: notification.incidentId } }));
    if (!notification || !incident) return { state: 'UNKNOWN' };
    if (incident.status === IncidentStatus.CLOSED) {
      const closedAt = incident.closedAt ?? incident.updatedAt;
      const expired = now.getTime() - closedAt.getTime() > this.linkDaysAfterClose * 86_400_000;
      return { state: expired ? 'EXPIRED' : 'CLOSED', notification, incident };
    }
    if (notification.status === NotificationStatus.ACKNOWLEDGED)
      return { state: 'ACKNOWLEDGED', notification, incident };
    return { state: 'OPEN', notification, incident };
  }

  /** The POST of the link's page: acknowledges when the link is OPEN; otherwise changes nothing. */
  async acknowledgeByToken(token: string): Promise<{ link: AckLinkState; result: AckResult | null }> {
    const link = await this.inspectToken(token);
    if (link.state !== 'OPEN') return { link, result: null };
    return { link, result: await this.acknowledge(link.notification.id, 'LINK', null) };
  }
}
