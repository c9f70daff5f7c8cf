import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ResolvedRole } from '../../activation/core/resolve-activation';
import { AppConfig } from '../../config/app.config';
import { DutyOnShiftService } from '../../duty/duty-on-shift.service';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import { appendIncidentEvent } from '../../incidents/incident-event.writer';
import { IncidentEventKind, IncidentStatus } from '../../incidents/models/incident-status.enum';
import type { RosterView } from '../../roster/core/roster-view';
import { evaluateIncident } from '../confirmations/incident-policy.helper';
import { EscalationEntity } from '../entities/escalation.entity';
import { DUTY_ALERT, NOTICE, NotificationEntity } from '../entities/notification.entity';
import { AlertPerson, mergeAlertPeople, seatPeople, writeOfficeAlerts } from './office-alerts.writer';

/** What the last escalation found, kept on the escalation row for the messages. */
export interface EscalationData {
  level?: number;
  /** The level the current run of maxLevels escalations counts from (a regrade restarts the count). */
  base?: number;
  /** Commanders of the activated post who had not acknowledged (names; vacant seats as 空缺). */
  unacknowledged?: string[];
  /** What they are called in messages: 指挥长 when only the post's commanders are waited for, else 须确认人员. */
  waitingRole?: string;
  /** The next level up told at the last escalation: their roles there, by person id. */
  up?: Record<string, ResolvedRole[]>;
}

export function parseEscalationData(json: string): EscalationData {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' ? (value as EscalationData) : {};
  } catch {
    return {};
  }
}

/** Time allowed for confirmation at each level of an incident of this grade (escalation.minutes). */
export function escalationIntervalMs(config: AppConfig, severity: string): number {
  const minutes = config.notifications.escalation.minutes[severity as keyof NotificationsMinutes];
  return Math.max(1, Math.round((minutes ?? 30) * 60_000));
}

type NotificationsMinutes = AppConfig['notifications']['escalation']['minutes'];

/**
 * The ends of an escalation run: maxLevels escalations fired with the confirmation policy unmet
 * (the duty office is alerted), and a regrade that starts a run again or stops one.
 */
@Injectable()
export class EscalationLimitsService {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly onShift: DutyOnShiftService,
  ) {}

  /**
   * The last escalation fired and the confirmation policy is still not met: the incident says so
   * (ESCALATION_EXHAUSTED) and the duty office is alerted through the normal notification path (the
   * 值班员 and the 带班领导 on shift, and the seats of reporting.yaml alerts.recipients), to reach the
   * people still waited for by other means (telephone) and record their confirmations.
   */
  async exhausted(
    m: EntityManager,
    incident: IncidentEntity,
    policy: string,
    unacknowledged: string[],
    level: number,
    view: RosterView,
    now: Date,
  ): Promise<NotificationEntity[]> {
    const people = new Map<string, AlertPerson>();
    mergeAlertPeople(people, await this.onShift.people(now, view));
    mergeAlertPeople(people, seatPeople(view, this.config.reporting.alerts.recipients, now));
    const waiting = unacknowledged.join('、') || '(席位空缺)';
    const text = `已升级${level}次(最高次数), 确认要求"${policy}"仍未满足: ${waiting}未确认; 请电话联系并登记确认`;
    const written = await writeOfficeAlerts(
      m,
      {
        incidentId: incident.id,
        purpose: DUTY_ALERT,
        messageKind: 'DUTY_ALERT',
        people: [...people.values()],
        text,
        fallbackChannel: this.config.notifications.fallbackChannel,
      },
      now,
    );
    const names = [...people.values()].map((p) => p.personName);
    await appendIncidentEvent(m, incident.id, IncidentEventKind.ESCALATION_EXHAUSTED, now, 'system', {
      summary: `升级已达最高次数(${level}次), 确认要求仍未满足: ${waiting}未确认; 提醒值班室${names.join('、') || '(无人: 值班表与席位均空缺)'}`,
      level,
      unacknowledged,
      notified: names,
    });
    return written;
  }

  /**
   * Inside a regrade's transaction (the incident holds its new grade, the new recipients' notices
   * are written): a policy the new grade leaves unmet sets the clock going again (from a stop, an
   * exhausted run or none), with a fresh run of maxLevels escalations; a running clock continues
   * at the new grade's interval; a policy now met stops it. Returns a line for the REGRADED event.
   */
  async regraded(m: EntityManager, incidentId: string, now: Date): Promise<string | null> {
    const incident = await m.findOne(IncidentEntity, { where: { id: incidentId } });
    if (!incident || incident.status !== IncidentStatus.OPEN) return null;
    const row = await m.findOne(EscalationEntity, { where: { incidentId } });
    // No clock yet: the relay starts one when it hands the notices over (EscalationService.ensure).
    if (!row || row.status === 'CLOSED') return null;
    const notices = await m.find(NotificationEntity, { where: { incidentId, purpose: NOTICE } });
    const confirmations = evaluateIncident(this.config, incident, notices);
    const intervalMs = escalationIntervalMs(this.config, incident.severity);
    const minutes = Math.round((intervalMs / 60_000) * 100) / 100;
    const required = confirmations.policy.requirements.length > 0;
    if (!required || confirmations.state.met || this.config.notifications.escalation.maxLevels === 0) {
      if (row.status !== 'WAITING') return null;
      await m.update(
        EscalationEntity,
        { id: row.id, status: 'WAITING' },
        { status: required ? 'CANCELLED' : 'NONE', updatedAt: now },
      );
      return required ? `确认要求"${confirmations.description}"已满足, 停止升级` : '新等级无须确认, 停止升级';
    }
    if (row.status === 'WAITING') {
      await m.update(EscalationEntity, { id: row.id }, { intervalMs, updatedAt: now });
      return null;
    }
    const data: EscalationData = { ...parseEscalationData(row.data), base: row.level };
    await m.update(
      EscalationEntity,
      { id: row.id },
      {
        status: 'WAITING',
        intervalMs,
        dueAt: new Date(now.getTime() + intervalMs),
        queuedJobs: row.level,
        data: JSON.stringify(data),
        cancelledBy: null,
        updatedAt: now,
      },
    );
    return `确认要求"${confirmations.description}"未满足(${confirmations.state.waitingFor.length}人未确认): 重新开始升级, ${minutes}分钟内未确认即升级`;
  }
}
