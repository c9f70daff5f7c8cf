import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ActivationResult, gradeLabel } from '../activation/core/resolve-activation';
import { ActivationService } from '../activation/activation.service';
import { Clock } from '../common/clock.provider';
import { Severity } from '../common/core/severity';
import { BadInputException, NotFoundException } from '../common/domain.exception';
import { activationSummary, FACT_LABELS, jsonValue } from './core/event-summaries';
import {
  checkOccurredAt,
  checkOptionalText,
  checkReason,
  checkTitle,
  CountyIndex,
  IncidentFacts,
} from './core/incident-validation';
import { IncidentEntity } from './entities/incident.entity';
import { assertOpen, IncidentChangesService } from './incident-changes.service';
import { appendIncidentEvent } from './incident-event.writer';
import { IncidentEventKind, IncidentStatus } from './models/incident-status.enum';

export type FactsPatch = Partial<Record<keyof IncidentFacts, unknown>>;

const FACT_FIELDS = Object.keys(FACT_LABELS) as Array<keyof IncidentFacts>;

/**
 * An incident's life after intake: corrected facts, a new grade (a new activation, the persons not
 * yet told are told), closing. Each change is one transaction of IncidentChangesService.
 */
@Injectable()
export class IncidentLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activations: ActivationService,
    private readonly changes: IncidentChangesService,
    private readonly counties: CountyIndex,
    private readonly clock: Clock,
  ) {}

  /** Corrects facts. Omitted fields stay; null clears an optional one. No change, no event. */
  async update(id: string, patch: FactsPatch, actor: string | null): Promise<IncidentEntity> {
    const given = FACT_FIELDS.filter((f) => patch[f] !== undefined);
    if (given.length === 0) {
      throw new BadInputException(
        'input',
        {},
        `names no field to change; give one or more of ${FACT_FIELDS.join(', ')}`,
      );
    }
    const now = this.clock.now();
    const next: Partial<IncidentFacts> = {};
    for (const field of given) next[field] = this.checkFact(field, patch[field], now) as never;
    return this.changes.run(async (m, publish) => {
      const incident = await this.changes.lockOpen(m, id);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const changed: Partial<IncidentFacts> = {};
      for (const field of given) {
        const from = incident[field];
        const to = next[field] ?? null;
        if (jsonValue(from) !== jsonValue(to)) {
          changes[field] = { from: jsonValue(from), to: jsonValue(to) };
          changed[field] = to as never;
        }
      }
      const fields = Object.keys(changed) as Array<keyof IncidentFacts>;
      if (fields.length === 0) return incident;
      Object.assign(incident, changed, { updatedAt: now });
      await m.update(IncidentEntity, { id }, { ...changed, updatedAt: now });
      await publish({ kind: 'updated', at: now, incident });
      await appendIncidentEvent(m, id, IncidentEventKind.UPDATED, now, actor, {
        summary: `更正事实: ${fields.map((f) => FACT_LABELS[f]).join('、')}`,
        changes,
      });
      return incident;
    });
  }

  /**
   * Changes the grade: re-resolves the activation at now, freezes it on the incident (the earlier
   * one stays in the events), and notifies only the persons this incident has not notified yet.
   */
  async regrade(id: string, severity: Severity, reasonText: unknown, actor: string | null): Promise<IncidentEntity> {
    const reason = checkReason(reasonText);
    const current = await this.dataSource.manager.findOne(IncidentEntity, { where: { id } });
    if (!current) throw new NotFoundException('incident', 'id', id);
    assertOpen(current);
    const now = this.clock.now();
    const activation = await this.activations.resolve(current.incidentType, severity, now);
    return this.changes.run(async (m, publish) => {
      const incident = await this.changes.lockOpen(m, id);
      if (incident.severity === severity) {
        throw new BadInputException('severity', severity, `is already the grade of incident ${id}`);
      }
      const from = incident.severity;
      const previous = JSON.parse(incident.activationJson) as ActivationResult;
      // The row holds the new grade before the handlers hear of it (reporting deadlines follow the grade).
      incident.severity = severity;
      incident.activationJson = JSON.stringify(activation);
      incident.updatedAt = now;
      await m.update(IncidentEntity, { id }, { severity, activationJson: incident.activationJson, updatedAt: now });
      const told = await publish({
        kind: 'regraded',
        incident,
        at: now,
        recipients: activation.recipients,
        reason: `事件调整级别: ${gradeLabel(from)} → ${gradeLabel(severity)}; ${reason}`,
      });
      const already = new Set(told.alreadyNotified);
      const notified = told.notified;
      const notes = told.notes?.length ? `; ${told.notes.join('; ')}` : '';
      await appendIncidentEvent(m, id, IncidentEventKind.REGRADED, now, actor, {
        summary: `级别由${gradeLabel(from)}调整为${gradeLabel(severity)}: ${reason}; ${activationSummary(activation)}; 新通知${notified.length}人${notes}`,
        notes: told.notes ?? [],
        from,
        to: severity,
        reason,
        previousActivation: previous,
        activation,
        notified: notified.map((n) => ({ personId: n.personId, personName: n.personName })),
        alreadyNotified: activation.recipients
          .filter((r) => already.has(r.personId))
          .map((r) => ({ personId: r.personId, personName: r.personName })),
      });
      return incident;
    });
  }

  async close(id: string, reasonText: unknown, actor: string | null): Promise<IncidentEntity> {
    const reason = checkReason(reasonText);
    const now = this.clock.now();
    return this.changes.run(async (m, publish) => {
      const incident = await this.changes.lockOpen(m, id);
      incident.status = IncidentStatus.CLOSED;
      incident.closedAt = now;
      incident.updatedAt = now;
      await m.update(IncidentEntity, { id }, { status: IncidentStatus.CLOSED, closedAt: now, updatedAt: now });
      await publish({ kind: 'closed', at: now, incident });
      await appendIncidentEvent(m, id, IncidentEventKind.CLOSED, now, actor, { summary: `关闭: ${reason}`, reason });
      return incident;
    });
  }

  private checkFact(field: keyof IncidentFacts, value: unknown, now: Date): unknown {
    switch (field) {
      case 'title':
        return checkTitle(value);
      case 'county':
        return this.counties.check(value as string | null);
      case 'occurredAt':
        return checkOccurredAt(value as Date | null, now);
      default:
        return checkOptionalText(field, value as string | null);
    }
  }
}
