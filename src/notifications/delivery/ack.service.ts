import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException, NotFoundException } from '../../common/domain.exception';
import { TransactionService } from '../../database/transaction.service';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import { DeliveryAttemptEntity } from '../entities/delivery-attempt.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { LiveEvents, notificationChanged } from '../live/live-events.service';
import { NotificationStatus } from '../models/notification-status.enum';
import { NotificationQueues } from '../queue/notification-queues.provider';
import { IncidentEventKind, IncidentStatus } from '../../incidents/models/incident-status.enum';
import { AppConfig } from '../../config/app.config';
import { hashToken } from './delivery.service';
import { EscalationService } from './escalation.service';
import { appendIncidentEvent } from '../../incidents/incident-event.writer';

/** API: a duty officer; LINK: the one-click link; SMS: a reply "1 <code>"; VOICE: key 1 during a call. */
export type AckVia = 'API' | 'LINK' | 'SMS' | 'VOICE';

const ACK_VIA_TEXT: Record<Exclude<AckVia, 'API'>, string> = {
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
    private readonly queues: NotificationQueues,
    private readonly live: LiveEvents,
  ) {
    this.linkDaysAfterClose = config.env.ACK_LINK_DAYS_AFTER_CLOSE;
  }

  async acknowledge(id: string, via: AckVia, actor: string | null): Promise<AckResult> {
    const now = new Date();
    const postgres = this.dataSource.options.type === 'postgres';
    const result = await this.transactions.run(async (m) => {
      const found = await m.findOne(NotificationEntity, { where: { id } });
      if (!found) throw new NotFoundException('notification', 'id', id);
      const incident = await m.findOne(IncidentEntity, {
        where: { id: found.incidentId },
        ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      if (!incident) throw new NotFoundException('incident', 'id', found.incidentId);
      const n = (await m.findOne(NotificationEntity, { where: { id } }))!;
      if (n.status === NotificationStatus.ACKNOWLEDGED)
        return { notification: n, incident, changed: false, cancelLevel: null };
      // A closed incident takes no more acknowledgements: nothing to stop, no event after CLOSED.
      if (incident.status === IncidentStatus.CLOSED) {
        // The person (link, SMS reply, key press) gets a page or nothing; only the API answers CONFLICT.
        if (via !== 'API') return { notification: n, incident, changed: false, cancelLevel: null };
        throw new DomainException(
          'CONFLICT',
          `id: the incident "${incident.title}" was closed at ${(incident.closedAt ?? incident.updatedAt).toISOString()}; acknowledgements are no longer recorded`,
          { field: 'id', value: id },
        );
      }
      const changes: Partial<NotificationEntity> = {
        status: NotificationStatus.ACKNOWLEDGED,
        acknowledgedAt: now,
        acknowledgedVia: via,
        acknowledgedBy: actor,
        updatedAt: now,
      };
      await m.update(NotificationEntity, { id }, changes);
      Object.assign(n, changes);
      const cancelLevel = await this.escalations.cancelFor(m, n, incident, now);
      await appendIncidentEvent(m, incident.id, IncidentEventKind.ACKNOWLEDGED, now, actor, {
        summary: `${n.personName}确认收到通知(${via === 'API' ? `值班员登记${actor ? `: ${actor}` : ''}` : ACK_VIA_TEXT[via]})${cancelLevel !== null ? '; 指挥长已确认, 停止升级' : ''}`,
        notificationId: n.id,
        personId: n.personId,
        personName: n.personName,
        via,
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
          `incident ${result.incident.id}: ${result.notification.personName} acknowledged; escalation stopped`,
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
