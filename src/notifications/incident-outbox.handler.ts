import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  IncidentChange,
  IncidentChangeHandler,
  IncidentChangeOutcome,
} from '../incidents/events/incident-change.event';
import { NO_OUTCOME } from '../incidents/events/incident-change.event';
import { EscalationService } from './delivery/escalation.service';
import { OutboxRelayService } from './delivery/outbox-relay.service';
import { DEFAULT_CHANNEL, NotificationEntity, newPendingNotification } from './entities/notification.entity';
import { LiveEventsService } from './live/live-events.service';
import { insertRows } from '../database/insert-rows.helper';
import { holdForRequest } from '../common/request-scope.helper';
import { heldNotificationsKey } from './notifications.service';

/**
 * Notifications' side of incident intake. Inside the incident's transaction: one PENDING outbox
 * row per person the activation tells and this incident has not told yet. After the commit: kicks
 * the relay (its timer would within relay.intervalMs anyway) and tells the live subscribers; never
 * waits for Redis, never throws.
 */
@Injectable()
export class IncidentOutboxHandler implements IncidentChangeHandler {
  /** The rows a report's transaction wrote: after its commit, its request answers Incident.notifications from them. */
  private readonly written = new WeakMap<IncidentChange, NotificationEntity[]>();

  constructor(
    private readonly relay: OutboxRelayService,
    private readonly live: LiveEventsService,
    private readonly escalations: EscalationService,
  ) {}

  async inTransaction(m: EntityManager, change: IncidentChange): Promise<IncidentChangeOutcome> {
    if (change.kind !== 'recorded' && change.kind !== 'regraded') return NO_OUTCOME;
    const told =
      change.kind === 'recorded'
        ? new Set<string>()
        : new Set(
            (
              await m.find(NotificationEntity, {
                where: { incidentId: change.incident.id },
                select: { personId: true },
              })
            ).map((n) => n.personId),
          );
    const fresh = change.recipients.filter((r) => !told.has(r.personId));
    const rows = fresh.map((r, i) =>
      newPendingNotification(
        {
          incidentId: change.incident.id,
          ordinal: told.size + i + 1,
          personId: r.personId,
          personName: r.personName,
          roles: JSON.stringify(r.roles),
          channel: DEFAULT_CHANNEL,
          reason: change.reason,
        },
        change.at,
      ),
    );
    for (let i = 0; i < rows.length; i += 100) await insertRows(m, NotificationEntity, rows.slice(i, i + 100));
    if (change.kind === 'recorded') this.written.set(change, rows);
    // A regrade may leave the confirmation policy unmet (or meet it): the escalation follows.
    const escalation =
      change.kind === 'regraded' ? await this.escalations.regraded(m, change.incident.id, change.at) : null;
    return {
      ...(escalation ? { notes: [escalation] } : {}),
      notified: rows.map((n) => ({ personId: n.personId, personName: n.personName })),
      alreadyNotified: change.recipients.filter((r) => told.has(r.personId)).map((r) => r.personId),
    };
  }

  afterCommit(change: IncidentChange): void {
    // A new incident's notifications are exactly the rows just committed: the report's answer is not read back.
    const rows = this.written.get(change);
    if (rows) holdForRequest(heldNotificationsKey(change.incident.id), rows);
    try {
      this.relay.kick();
      this.live.publish([{ type: 'incident', id: change.incident.id }]);
    } catch {
      // Delivery must never fail intake; the relay's timer picks the rows up.
    }
  }
}
