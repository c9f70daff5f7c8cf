import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, In, IsNull, LessThanOrEqual } from 'typeorm';
import type { ResolvedRole } from '../activation/core/resolve-activation';
import { Clock } from '../common/clock.provider';
import { AppConfig } from '../config/app.config';
import { instantParam } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import { roleLabel } from '../roster/core/command-role';
import { ContactMethodEntity } from '../contacts/entities/contact-method.entity';
import { RosterViewService } from '../roster/roster-view.service';
import { IncidentEntity } from '../incidents/entities/incident.entity';
import { appendIncidentEvent } from '../incidents/incident-event.writer';
import { IncidentEventKind } from '../incidents/models/incident-status.enum';
import { firstContact, orderedContacts } from '../contacts/core/contact-route';
import { OutboxRelayService } from '../notifications/delivery/outbox-relay.service';
import { LiveEventsService } from '../notifications/live/live-events.service';
import {
  newPendingNotification,
  NotificationEntity,
  REPORT_ALERT,
} from '../notifications/entities/notification.entity';
import { chinaTime } from '../notifications/core/message-renderer';
import { NotificationStatus } from '../notifications/models/notification-status.enum';
import { alertDue, DEADLINE_KIND_NAMES, DeadlineAlertKind } from './core/deadlines';
import { ReportingDeadlineEntity } from './entities/reporting-deadline.entity';

export interface ScanResult {
  alerts: Array<{ deadlineId: string; incidentId: string; kind: DeadlineAlertKind; recipients: string[] }>;
}

/**
 * Watches the open reporting deadlines: one due within alerts.dueSoonMinutes alerts once
 * (DUE_SOON), once more when it is overdue (OVERDUE). An alert is a message through the normal
 * notification path (an outbox row of purpose REPORT_ALERT per recipient and incident, re-sent for
 * each later alert) to the configured recipients (the headquarters office director; the duty officer
 * on shift once the duty roster is kept), and an incident event. Runs on a timer of
 * alerts.scanIntervalSeconds against the injected Clock; tests call scan() after moving the clock.
 * Safe in several processes: each alert is claimed by a conditional update first.
 */
@Injectable()
export class DeadlineMonitor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeadlineMonitor.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ScanResult> | null = null;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly clock: Clock,
    private readonly views: RosterViewService,
    private readonly relay: OutboxRelayService,
    private readonly live: LiveEventsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.scan().catch((error: unknown) =>
        this.logger.warn(`deadline scan failed (tried again next time): ${(error as Error).message}`),
      );
    }, this.config.reporting.alerts.scanIntervalSeconds * 1000);
    this.timer.unref();
  }

  beforeApplicationShutdown(): Promise<unknown> | void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.running?.catch(() => undefined);
  }

  /** One pass at the clock's now (one at a time per process). */
  async scan(): Promise<ScanResult> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass(this.clock.now()).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(now: Date): Promise<ScanResult> {
    const soonMinutes = this.config.reporting.alerts.dueSoonMinutes;
    const horizon = new Date(now.getTime() + soonMinutes * 60_000);
    const candidates = await this.dataSource.manager.find(ReportingDeadlineEntity, {
      where: { filedAt: IsNull(), cancelledAt: IsNull(), dueAt: LessThanOrEqual(horizon) },
      order: { dueAt: 'ASC' },
      take: 500,
    });
    const result: ScanResult = { alerts: [] };
    for (const candidate of candidates) {
      const kind = alertDue(candidate, now, soonMinutes);
      if (!kind) continue;
      const recipients = await this.alert(candidate, kind, now);
      if (recipients)
        result.alerts.push({ deadlineId: candidate.id, incidentId: candidate.incidentId, kind, recipients });
    }
    if (result.alerts.length) this.changed([...new Set(result.alerts.map((a) => a.incidentId))]);
    return result;
  }

  /** Outbox rows of these incidents were written: the relay hands them to the queue now; boards hear of it. */
  private changed(incidentIds: string[]): void {
    this.relay.kick();
    this.live.publish(incidentIds.map((id) => ({ type: 'incident' as const, id })));
  }

  /** Claims the alert and writes its messages; null when another pass claimed it first. */
  private async alert(deadline: ReportingDeadlineEntity, kind: DeadlineAlertKind, now: Date): Promise<string[] | null> {
    const view = await this.views.current();
    return this.transactions.run(async (m) => {
      const column = kind === 'DUE_SOON' ? 'alerted_soon_at' : 'alerted_overdue_at';
      const claimed = await m
        .createQueryBuilder()
        .update(ReportingDeadlineEntity)
        .set(kind === 'DUE_SOON' ? { alertedSoonAt: now, updatedAt: now } : { alertedOverdueAt: now, updatedAt: now })
        .where(`id = :id AND ${column} IS NULL AND filed_at IS NULL AND cancelled_at IS NULL AND due_at = :due`, {
          id: deadline.id,
          due: instantParam(deadline.dueAt),
        })
        .execute();
      if (!claimed.affected) return null;
      const incident = await m.findOneOrFail(IncidentEntity, { where: { id: deadline.incidentId } });
      const name = `${DEADLINE_KIND_NAMES[deadline.kind]}${deadline.kind === 'FOLLOW_UP' ? `(第${deadline.seq}次)` : ''}`;
      const minutesLeft = Math.max(0, Math.round((deadline.dueAt.getTime() - now.getTime()) / 60_000));
      const text =
        kind === 'DUE_SOON'
          ? `${name}应于${chinaTime(deadline.dueAt)}前报送，还剩${minutesLeft}分钟，尚未报送`
          : `${name}应于${chinaTime(deadline.dueAt)}前报送，已超时，尚未报送`;

      // The recipients: the configured seats as filled now, one per person with every role.
      const people = new Map<string, { name: string; roles: ResolvedRole[] }>();
      for (const wanted of this.config.reporting.alerts.recipients) {
        const body = view.body(wanted.body);
        if (!body) continue;
        for (const seat of view.seatsAt(body, now, wanted.role)) {
          if (!seat.person) continue;
          const entry = people.get(seat.person.id) ?? { name: seat.person.name, roles: [] };
          entry.roles.push({
            body: body.code,
            bodyName: body.name,
            role: seat.role,
            roleName: roleLabel(seat.role, body.kind === 'HEADQUARTERS'),
            title: seat.title,
            acting: seat.acting,
          });
          people.set(seat.person.id, entry);
        }
      }
      const ids = [...people.keys()];
      const existing = ids.length
        ? await m.find(NotificationEntity, {
            where: { incidentId: incident.id, purpose: REPORT_ALERT, personId: In(ids) },
          })
        : [];
      const contacts = ids.length ? await m.find(ContactMethodEntity, { where: { personId: In(ids) } }) : [];
      let ordinal = (
        await m.find(NotificationEntity, { where: { incidentId: incident.id }, select: { ordinal: true } })
      ).reduce((max, n) => Math.max(max, n.ordinal), 0);
      for (const [personId, person] of people) {
        const choice = firstContact(orderedContacts(contacts.filter((c) => c.personId === personId)));
        const row = existing.find((n) => n.personId === personId);
        if (row) {
          await m.update(
            NotificationEntity,
            { id: row.id },
            {
              sendSeq: row.sendSeq + 1,
              queuedSends: Math.min(row.queuedSends, row.sendSeq + 1),
              status: NotificationStatus.PENDING,
              reason: text,
              roles: JSON.stringify(person.roles),
              contactMethodId: choice.method?.id ?? null,
              contactStep: choice.step,
              acknowledgedAt: null,
              acknowledgedVia: null,
              acknowledgedBy: null,
              acknowledgementNote: null,
              updatedAt: now,
            },
          );
        } else {
          await m.insert(
            NotificationEntity,
            newPendingNotification(
              {
                incidentId: incident.id,
                ordinal: ++ordinal,
                personId,
                personName: person.name,
                roles: JSON.stringify(person.roles),
                channel: this.config.notifications.fallbackChannel,
                reason: text,
                purpose: REPORT_ALERT,
                messageKind: 'REPORT_ALERT',
                contactMethodId: choice.method?.id ?? null,
                contactStep: choice.step,
              },
              now,
            ),
          );
        }
      }
      const names = [...people.values()].map((p) => p.name);
      await appendIncidentEvent(m, incident.id, IncidentEventKind.DEADLINE_ALERT, now, 'system', {
        summary: `${kind === 'DUE_SOON' ? '报送时限临近' : '报送超时'}: ${text}; 提醒${names.join('、') || '(无人: 席位空缺)'}`,
        alert: kind,
        deadlineId: deadline.id,
        kind: deadline.kind,
        seq: deadline.seq,
        dueAt: deadline.dueAt.toISOString(),
        notified: names,
      });
      this.logger.log(
        `incident ${incident.id}: ${kind} alert for ${deadline.kind} ${deadline.seq} (due ${deadline.dueAt.toISOString()})`,
      );
      return names;
    });
  }
}
