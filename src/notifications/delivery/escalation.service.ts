import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ActivationResult, ResolvedRole, whoIsTold } from '../../activation/core/resolve-activation';
import { AppConfig } from '../../config/app.config';
import { newId } from '../../database/columns.helper';
import { TransactionService } from '../../database/transaction.service';
import { CommandRole } from '../../roster/core/command-role';
import { ContactMethodEntity } from '../../contacts/entities/contact-method.entity';
import { RosterViewService } from '../../roster/roster-view.service';
import { Clock } from '../../common/clock.provider';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import { IncidentEventKind, IncidentStatus } from '../../incidents/models/incident-status.enum';
import { firstContact, nextContactCyclic, orderedContacts } from '../../contacts/core/contact-route';
import { EscalationEntity } from '../entities/escalation.entity';
import { NotificationStatus } from '../models/notification-status.enum';
import { evaluateIncident, incidentPolicy } from '../confirmations/incident-policy.helper';
import { NotificationEntity, newPendingNotification, NOTICE } from '../entities/notification.entity';
import {
  EscalationData,
  escalationIntervalMs,
  EscalationLimitsService,
  parseEscalationData,
} from './escalation-limits.service';
import { LiveEvent, notificationChanged } from '../live/live-events.service';
import { appendIncidentEvent } from '../../incidents/incident-event.writer';
import { findOneForUpdate } from '../../database/row-lock.helper';

export type { EscalationData } from './escalation-limits.service';

/** Most escalation clocks one INSERT starts (11 values each: well within SQLite's and Postgres's bound parameters). */
const ENSURE_CHUNK = 500;

export interface FireResult {
  outcome: 'ESCALATED' | 'EXHAUSTED' | 'STALE' | 'CANCELLED' | 'CLOSED' | 'NOT_ACTIVATED';
  events: LiveEvent[];
}

/** The commanders of the activated post among an incident's notifications. */
export function isPostCommander(
  notification: Pick<NotificationEntity, 'roles'>,
  activation: Pick<ActivationResult, 'postCode'>,
): boolean {
  return parseRoles(notification.roles).some((r) => r.body === activation.postCode && r.role === CommandRole.COMMANDER);
}

export function parseRoles(json: string): ResolvedRole[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? (value as ResolvedRole[]) : [];
  } catch {
    return [];
  }
}

/**
 * The escalation clock of each incident (table notification_escalation): started when the
 * incident's notifications are first handed to the queue, if its post is activated; fired by a
 * delayed job; stopped when a commander of the post acknowledges.
 */
@Injectable()
export class EscalationService {
  private readonly logger = new Logger(EscalationService.name);

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly views: RosterViewService,
    private readonly clock: Clock,
    private readonly limits: EscalationLimitsService,
  ) {}

  intervalMs(severity: string): number {
    return escalationIntervalMs(this.config, severity);
  }

  /** A regrade (inside its transaction): see EscalationLimitsService.regraded. */
  regraded(m: EntityManager, incidentId: string, now: Date): Promise<string | null> {
    return this.limits.regraded(m, incidentId, now);
  }

  /**
   * Inside the relay's transaction: starts the clock of each incident that has none yet (or had
   * none because its post was not activated, and now is after a regrading).
   */
  async ensure(m: EntityManager, incidentIds: string[], now: Date): Promise<void> {
    if (incidentIds.length === 0) return;
    const unique = [...new Set(incidentIds)];
    const existing = await m.find(EscalationEntity, { where: { incidentId: In(unique) } });
    const byIncident = new Map(existing.map((e) => [e.incidentId, e]));
    const open = unique.filter((id) => !byIncident.has(id) || byIncident.get(id)!.status === 'NONE');
    if (open.length === 0) return;
    // Only what the clock needs of each incident (its activation, for the confirmation policy).
    const incidents = await m.find(IncidentEntity, {
      where: { id: In(open) },
      select: { id: true, status: true, severity: true, activationJson: true },
    });
    const started: Array<Partial<EscalationEntity>> = [];
    for (const incident of incidents) {
      // A clock runs while the incident's confirmation policy requires someone (none below the threshold by default).
      const waiting =
        incident.status === IncidentStatus.OPEN &&
        incidentPolicy(this.config, incident).policy.requirements.length > 0 &&
        this.config.notifications.escalation.maxLevels > 0;
      const intervalMs = this.intervalMs(incident.severity);
      const row = byIncident.get(incident.id);
      if (row) {
        if (waiting) {
          await m.update(
            EscalationEntity,
            { id: row.id, status: 'NONE' },
            { status: 'WAITING', intervalMs, dueAt: new Date(now.getTime() + intervalMs), updatedAt: now },
          );
        }
        continue;
      }
      started.push({
        id: newId(),
        incidentId: incident.id,
        status: waiting ? 'WAITING' : 'NONE',
        level: 0,
        queuedJobs: 0,
        intervalMs,
        dueAt: new Date(now.getTime() + intervalMs),
        data: '{}',
        createdAt: now,
        updatedAt: now,
        cancelledBy: null,
      });
    }
    // The new clocks of the batch in one INSERT per chunk (a relay pass carries up to its batch of incidents);
    // one that another process started meanwhile is kept as it is.
    for (let i = 0; i < started.length; i += ENSURE_CHUNK)
      await m
        .createQueryBuilder()
        .insert()
        .into(EscalationEntity)
        .values(started.slice(i, i + ENSURE_CHUNK))
        .orIgnore()
        .updateEntity(false)
        .execute();
  }

  /**
   * Inside an acknowledgement's transaction (the notification already ACKNOWLEDGED): stops the
   * clock once the incident's confirmation policy is met. Returns the level whose job to remove
   * from the queue, or null (not met yet, or no clock running).
   */
  async cancelFor(
    m: EntityManager,
    notification: NotificationEntity,
    incident: IncidentEntity,
    now: Date,
  ): Promise<{ met: boolean; level: number | null }> {
    if (notification.purpose !== NOTICE) return { met: false, level: null };
    const notices = await m.find(NotificationEntity, { where: { incidentId: incident.id, purpose: NOTICE } });
    const current = notices.map((n) => (n.id === notification.id ? notification : n));
    const confirmations = evaluateIncident(this.config, incident, current);
    // An empty policy is met from the start: nothing to stop, nothing to announce.
    if (!confirmations.state.met || confirmations.policy.requirements.length === 0) return { met: false, level: null };
    const row = await m.findOne(EscalationEntity, { where: { incidentId: incident.id } });
    if (!row || row.status !== 'WAITING') return { met: true, level: null };
    await m.update(
      EscalationEntity,
      { id: row.id, status: 'WAITING' },
      { status: 'CANCELLED', cancelledBy: notification.id, updatedAt: now },
    );
    return { met: true, level: row.level + 1 };
  }

  /**
   * The escalation job: the confirmation policy was not met in time. The required persons not yet
   * confirmed get the message again on their next contact method and the next level up is told.
   * Idempotent: a stale or repeated job does nothing.
   */
  async fire(incidentId: string, level: number): Promise<FireResult> {
    const now = this.clock.now();
    const view = await this.views.current();
    return this.transactions.run(async (m): Promise<FireResult> => {
      // The incident's lock before the clock is read: two runs of one level (the queued job and a
      // retry or a second worker) then take turns, and the later one finds the level moved on
      // (STALE) instead of escalating, and alerting the duty office, a second time.
      const incident = await findOneForUpdate(m, IncidentEntity, { id: incidentId });
      const row = await m.findOne(EscalationEntity, { where: { incidentId } });
      // Rows are never deleted: a worker of another deployment (shared QUEUE_PREFIX) took the job; fail the try.
      if (!row)
        throw new Error(
          `incident ${incidentId} has no escalation in this database (a worker of another deployment shares QUEUE_PREFIX?)`,
        );
      if (row.status !== 'WAITING' || row.level + 1 !== level) return { outcome: 'STALE', events: [] };
      if (!incident || incident.status !== IncidentStatus.OPEN) {
        await m.update(EscalationEntity, { id: row.id }, { status: 'CLOSED', updatedAt: now });
        return { outcome: 'CLOSED', events: [] };
      }
      const { activation, policy } = incidentPolicy(this.config, incident);
      if (policy.requirements.length === 0) {
        await m.update(EscalationEntity, { id: row.id }, { status: 'NONE', updatedAt: now });
        return { outcome: 'NOT_ACTIVATED', events: [] };
      }
      const notifications = await m.find(NotificationEntity, {
        where: { incidentId, purpose: NOTICE },
        order: { ordinal: 'ASC' },
      });
      const confirmations = evaluateIncident(this.config, incident, notifications);
      if (confirmations.state.met) {
        const last = notifications
          .filter((n) => n.status === NotificationStatus.ACKNOWLEDGED)
          .sort((a, b) => (a.acknowledgedAt?.getTime() ?? 0) - (b.acknowledgedAt?.getTime() ?? 0))
          .pop();
        await m.update(
          EscalationEntity,
          { id: row.id },
          { status: 'CANCELLED', cancelledBy: last?.id ?? null, updatedAt: now },
        );
        return { outcome: 'CANCELLED', events: [] };
      }
      // Who the policy still waits for: reminded; and the vacant seats of roles it requires.
      const waiting = new Set(confirmations.state.waitingFor);
      const commanders = notifications.filter((n) => waiting.has(n.personId));
      const requiredRoles = confirmations.state.requirements
        .filter((r) => !r.met)
        .map((r) => ({ body: r.requirement.body === 'HQ' ? 'HQ' : activation.postCode, role: r.requirement.role }));
      const vacant = activation.vacancies.filter((v) =>
        requiredRoles.some((r) => r.body === v.body && r.role === v.role),
      );
      const unacknowledged = [...commanders.map((n) => n.personName), ...vacant.map((v) => `${v.title}(空缺)`)];
      const onlyCommanders =
        commanders.every((n) => isPostCommander(n, activation)) &&
        vacant.every((v) => v.role === CommandRole.COMMANDER);
      const waitingLabel = onlyCommanders ? '指挥长' : '须确认人员';

      // The next level up: the configured headquarters seats, as filled now (the activation's collector).
      const next = whoIsTold(view, this.config.notifications.escalation.nextLevel, now);
      const up = new Map(next.recipients.map((r) => [r.personId, { name: r.personName, roles: r.roles }]));
      const upVacant = next.vacancies.map((v) => `${v.bodyName}${v.roleName}(${v.title})`);

      const persons = [...new Set([...commanders.map((n) => n.personId), ...up.keys()])];
      const contacts = persons.length ? await m.find(ContactMethodEntity, { where: { personId: In(persons) } }) : [];
      const contactsOf = (personId: string) => orderedContacts(contacts.filter((c) => c.personId === personId));
      const events: LiveEvent[] = [{ type: 'incident', id: incidentId }];
      const resent: string[] = [];
      const told: string[] = [];

      // Everyone the policy waits for is reminded on their next contact method, also one who is in the next
      // level up: a report about themselves would go to the same phone again and again.
      for (const n of commanders) {
        const choice = nextContactCyclic(contactsOf(n.personId), n.contactMethodId, n.contactStep);
        const changes = this.resend(n, 'REMINDER', level, choice.method?.id ?? null, choice.step, now);
        await m.update(NotificationEntity, { id: n.id }, changes);
        resent.push(n.personName);
        events.push(notificationChanged(Object.assign(n, changes)));
      }
      for (const [personId, person] of up) {
        if (waiting.has(personId)) continue; // reminded above
        const existing = notifications.find((n) => n.personId === personId);
        const choice = firstContact(contactsOf(personId));
        if (existing?.status === NotificationStatus.ACKNOWLEDGED) {
          // They have already confirmed this incident: an acknowledgement is never undone by a re-send.
          continue;
        }
        if (existing) {
          const changes = this.resend(existing, 'ESCALATION', level, choice.method?.id ?? null, choice.step, now);
          await m.update(NotificationEntity, { id: existing.id }, changes);
          events.push(notificationChanged(Object.assign(existing, changes)));
        } else {
          const ordinal = Math.max(0, ...notifications.map((n) => n.ordinal ?? 0)) + 1;
          notifications.push(Object.assign(new NotificationEntity(), { personId, ordinal }));
          const row = newPendingNotification(
            {
              incidentId,
              ordinal,
              personId,
              personName: person.name,
              roles: JSON.stringify(person.roles),
              channel: this.config.notifications.fallbackChannel,
              reason: `升级通知(第${level}次): ${activation.postName}指挥长未在规定时间内确认`,
              contactMethodId: choice.method?.id ?? null,
              contactStep: choice.step,
              messageKind: 'ESCALATION',
              escalationLevel: level,
            },
            now,
          );
          await m.insert(NotificationEntity, row);
          events.push(notificationChanged(row));
        }
        told.push(person.name);
      }

      const maxLevels = this.config.notifications.escalation.maxLevels;
      const base = parseEscalationData(row.data).base ?? 0;
      const exhausted = level - base >= maxLevels;
      const data: EscalationData = {
        level,
        base,
        unacknowledged,
        waitingRole: waitingLabel,
        up: Object.fromEntries([...up].filter(([id]) => !waiting.has(id)).map(([id, p]) => [id, p.roles])),
      };
      await m.update(
        EscalationEntity,
        { id: row.id },
        {
          level,
          status: exhausted ? 'EXHAUSTED' : 'WAITING',
          dueAt: new Date(now.getTime() + row.intervalMs),
          data: JSON.stringify(data),
          updatedAt: now,
        },
      );
      const minutes = Math.round((row.intervalMs / 60_000) * 100) / 100;
      await appendIncidentEvent(m, incidentId, IncidentEventKind.ESCALATED, now, 'system', {
        summary:
          `第${level}次升级: ${activation.postName}${waitingLabel}${unacknowledged.join('、') || ''}在${minutes}分钟内未确认收到通知; ` +
          `${resent.length ? `改用下一联系方式重发${resent.join('、')}; ` : ''}上报${told.join('、') || '(无人)'}` +
          `${upVacant.length ? `; 空缺: ${upVacant.join('、')}` : ''}${exhausted ? '; 已达最高升级次数' : ''}`,
        level,
        minutes,
        unacknowledged,
        resent,
        notified: told,
        vacant: upVacant,
      });
      this.logger.warn(`incident ${incidentId}: escalation ${level} (no commander acknowledged within ${minutes} min)`);
      if (exhausted) {
        const alerted = await this.limits.exhausted(
          m,
          incident,
          confirmations.description,
          unacknowledged,
          level,
          view,
          now,
        );
        events.push(...alerted.map(notificationChanged));
        return { outcome: 'EXHAUSTED', events };
      }
      return { outcome: 'ESCALATED', events };
    });
  }

  /** The columns of a notification getting a new send. */
  private resend(
    n: NotificationEntity,
    kind: 'REMINDER' | 'ESCALATION',
    level: number,
    contactMethodId: string | null,
    contactStep: number,
    now: Date,
  ): Partial<NotificationEntity> {
    return {
      sendSeq: n.sendSeq + 1,
      queuedSends: Math.min(n.queuedSends, n.sendSeq + 1),
      status: NotificationStatus.PENDING,
      messageKind: kind,
      escalationLevel: level,
      contactMethodId,
      contactStep,
      updatedAt: now,
    };
  }

  /** The facts the messages of reminders and escalations quote. */
  async messageFacts(incidentId: string): Promise<{ minutes: number; data: EscalationData }> {
    const row = await this.dataSource.manager.findOne(EscalationEntity, { where: { incidentId } });
    if (!row) return { minutes: 0, data: {} };
    const data = parseEscalationData(row.data);
    return { minutes: Math.round((row.intervalMs / 60_000) * 100) / 100, data };
  }
}
