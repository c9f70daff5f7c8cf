import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, IsNull, LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock.provider';
import { AppConfig } from '../config/app.config';
import { instantParam } from '../database/columns.helper';
import { findOneForUpdate } from '../database/row-lock.helper';
import { TransactionService } from '../database/transaction.service';
import { RosterViewService } from '../roster/roster-view.service';
import { IncidentEntity } from '../incidents/entities/incident.entity';
import { appendIncidentEvent } from '../incidents/incident-event.writer';
import { IncidentEventKind } from '../incidents/models/incident-status.enum';
import { DutyOnShiftService } from '../duty/duty-on-shift.service';
import {
  AlertPerson,
  mergeAlertPeople,
  seatPeople,
  writeOfficeAlerts,
} from '../notifications/delivery/office-alerts.writer';
import { OutboxRelayService } from '../notifications/delivery/outbox-relay.service';
import { LiveEventsService } from '../notifications/live/live-events.service';
import { REPORT_ALERT } from '../notifications/entities/notification.entity';
import { chinaTime } from '../notifications/core/message-renderer';
import { alertDue, DEADLINE_KIND_NAMES, DeadlineAlertKind } from './core/deadlines';
import { ReportingDeadlineEntity } from './entities/reporting-deadline.entity';

export interface ScanResult {
  alerts: Array<{ deadlineId: string; incidentId: string; kind: DeadlineAlertKind; recipients: string[] }>;
}

/**
 * Watches the open reporting deadlines: one due within alerts.dueSoonMinutes alerts once
 * (DUE_SOON), once more when it is overdue (OVERDUE). An alert is a message through the normal
 * notification path (an outbox row of purpose REPORT_ALERT per recipient and incident, re-sent for
 * each later alert) to the 值班员 and the 带班领导 on shift (config/duty.yaml's office, its 值班表)
 * and the configured seats (the headquarters office director), and an incident event. Runs on a timer of
 * alerts.scanIntervalSeconds against the injected Clock; tests call scan() after moving the clock.
 * Safe in several processes: each alert is claimed by a conditional update first.
 */
@Injectable()
export class DeadlineMonitorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeadlineMonitorService.name);
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
    private readonly onShift: DutyOnShiftService,
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
    // Read before the transaction: the roster view and the duty roster, as they are now.
    const people = await this.recipients(now);
    return this.transactions.run(async (m) => {
      // The incident first, locked like every other writer of its events (acknowledgements, filed
      // reports): unlocked, an acknowledgement appending at the same moment took the same event seq.
      const incident = await findOneForUpdate(m, IncidentEntity, { id: deadline.incidentId });
      if (!incident) return null;
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
      const name = `${DEADLINE_KIND_NAMES[deadline.kind]}${deadline.kind === 'FOLLOW_UP' ? `(第${deadline.seq}次)` : ''}`;
      const minutesLeft = Math.max(0, Math.round((deadline.dueAt.getTime() - now.getTime()) / 60_000));
      const text =
        kind === 'DUE_SOON'
          ? `${name}应于${chinaTime(deadline.dueAt)}前报送，还剩${minutesLeft}分钟，尚未报送`
          : `${name}应于${chinaTime(deadline.dueAt)}前报送，已超时，尚未报送`;

      await writeOfficeAlerts(
        m,
        {
          incidentId: incident.id,
          purpose: REPORT_ALERT,
          messageKind: 'REPORT_ALERT',
          people,
          text,
          fallbackChannel: this.config.notifications.fallbackChannel,
        },
        now,
      );
      const names = people.map((p) => p.personName);
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

  /**
   * Who an alert goes to now: the configured seats as filled (the headquarters office director),
   * and the 值班员 and the 带班领导 on shift (alerts.onShift); one entry per person with every role.
   */
  async recipients(now: Date): Promise<AlertPerson[]> {
    const view = await this.views.current();
    const people = new Map<string, AlertPerson>();
    if (this.config.reporting.alerts.onShift) mergeAlertPeople(people, await this.onShift.people(now, view));
    mergeAlertPeople(people, seatPeople(view, this.config.reporting.alerts.recipients, now));
    return [...people.values()];
  }
}
