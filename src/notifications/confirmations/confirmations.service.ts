import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock } from '../../common/clock.provider';
import { DomainException, NotFoundException } from '../../common/domain.exception';
import { AppConfig } from '../../config/app.config';
import { TransactionService } from '../../database/transaction.service';
import { ContactMethodEntity } from '../../contacts/entities/contact-method.entity';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import { IncidentEventKind, IncidentStatus } from '../../incidents/models/incident-status.enum';
import { nextContactCyclic, orderedContacts } from '../../contacts/core/contact-route';
import { EscalationEntity } from '../entities/escalation.entity';
import { NOTICE, NotificationEntity } from '../entities/notification.entity';
import { OutboxRelayService } from '../delivery/outbox-relay.service';
import { LiveEventsService } from '../live/live-events.service';
import { appendIncidentEvent } from '../../incidents/incident-event.writer';
import { evaluateIncident, IncidentConfirmations } from './incident-policy.helper';
import { NotificationStatus } from '../models/notification-status.enum';
import { findOneForUpdate } from '../../database/row-lock.helper';

/**
 * Confirmation policies applied to incidents (config/confirmation-policies.yaml): who is required
 * to confirm, who has, whether the policy is met and when; and resending to everyone not confirmed.
 */
@Injectable()
export class ConfirmationsService {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly clock: Clock,
    private readonly relay: OutboxRelayService,
    private readonly live: LiveEventsService,
  ) {}

  /** One query for the incidents and one for their notices (DataLoader batch). */
  async byIncidentIds(ids: readonly string[]): Promise<Array<IncidentConfirmations | null>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const incidents = await this.dataSource.manager.find(IncidentEntity, { where: { id: In(unique) } });
    const notices = await this.dataSource.manager.find(NotificationEntity, {
      where: { incidentId: In(unique), purpose: NOTICE },
      order: { ordinal: 'ASC' },
    });
    const escalations = await this.dataSource.manager.find(EscalationEntity, { where: { incidentId: In(unique) } });
    const byIncident = new Map<string, NotificationEntity[]>();
    for (const n of notices) byIncident.set(n.incidentId, [...(byIncident.get(n.incidentId) ?? []), n]);
    const result = new Map(
      incidents.map((i) => [
        i.id,
        {
          ...evaluateIncident(this.config, i, byIncident.get(i.id) ?? []),
          escalation: escalations.find((e) => e.incidentId === i.id) ?? null,
        },
      ]),
    );
    return ids.map((id) => result.get(id) ?? null);
  }

  /**
   * Sends the incident's message again to every person told about it who has not confirmed, on
   * their next contact method (wrapping round); confirmed persons get nothing. Returns the
   * notifications sent again. An incident event (RESENT) records who.
   */
  async resendToUnconfirmed(incidentId: string, actor: string | null): Promise<NotificationEntity[]> {
    const now = this.clock.now();
    const resent = await this.transactions.run(async (m) => {
      const incident = await findOneForUpdate(m, IncidentEntity, { id: incidentId });
      if (!incident) throw new NotFoundException('incident', 'incidentId', incidentId);
      if (incident.status !== IncidentStatus.OPEN) {
        throw new DomainException(
          'CONFLICT',
          `incidentId: incident ${incidentId} is closed; nothing is sent for a closed incident`,
          { field: 'incidentId', value: incidentId, problemZh: '事件已结束，不再发送' },
        );
      }
      const notices = await m.find(NotificationEntity, {
        where: { incidentId, purpose: NOTICE },
        order: { ordinal: 'ASC' },
      });
      const waiting = notices.filter((n) => n.status !== NotificationStatus.ACKNOWLEDGED);
      if (waiting.length === 0) return [];
      const persons = waiting.map((n) => n.personId);
      const contacts = await m.find(ContactMethodEntity, { where: { personId: In(persons) } });
      for (const n of waiting) {
        const choice = nextContactCyclic(
          orderedContacts(contacts.filter((c) => c.personId === n.personId)),
          n.contactMethodId,
          n.contactStep,
        );
        const changes: Partial<NotificationEntity> = {
          sendSeq: n.sendSeq + 1,
          queuedSends: Math.min(n.queuedSends, n.sendSeq + 1),
          status: NotificationStatus.PENDING,
          messageKind: 'RESEND',
          contactMethodId: choice.method?.id ?? null,
          contactStep: choice.step,
          updatedAt: now,
        };
        await m.update(NotificationEntity, { id: n.id, status: n.status }, changes);
        Object.assign(n, changes);
      }
      await appendIncidentEvent(m, incidentId, IncidentEventKind.RESENT, now, actor, {
        summary: `再次通知未确认的${waiting.length}人: ${waiting.map((n) => n.personName).join('、')}`,
        notified: waiting.map((n) => ({ notificationId: n.id, personId: n.personId, personName: n.personName })),
        confirmed: notices.filter((n) => n.status === NotificationStatus.ACKNOWLEDGED).map((n) => n.personName),
      });
      return waiting;
    });
    if (resent.length) {
      this.relay.kick();
      this.live.publish([{ type: 'incident', id: incidentId }]);
    }
    return resent;
  }
}
