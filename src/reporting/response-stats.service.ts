import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { ActivationResult } from '../activation/core/resolve-activation';
import { gradeLabel } from '../activation/core/resolve-activation';
import { BadInputException } from '../common/domain.exception';
import { Severity } from '../common/models/severity.enum';
import { AppConfig } from '../config/app.config';
import { instantParam } from '../database/columns.helper';
import { IncidentEntity } from '../incidents/entities/incident.entity';
import { evaluateIncident } from '../notifications/confirmations/incident-policy.helper';
import { DeliveryAttemptEntity } from '../notifications/entities/delivery-attempt.entity';
import { NOTICE, NotificationEntity } from '../notifications/entities/notification.entity';
import {
  IncidentFigureInput,
  IncidentFigures,
  incidentFigures,
  responseStats,
  STATS_GROUP_BYS,
  StatsGroupBy,
  StatsRow,
} from './core/response-stats';

/** At most this many incidents in one figures request. */
export const MAX_STATS_INCIDENTS = 20000;

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * After-action figures (src/reporting/core/response-stats.ts) from the database: the incidents
 * reported in a period, their notices, the first send a channel accepted per notice (delivery
 * attempts SENT or DELIVERED) and their confirmations, with the confirmation policy of each incident.
 */
@Injectable()
export class ResponseStatsService {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  checkPeriod(from: Date, to: Date): void {
    if (!(from instanceof Date) || Number.isNaN(from.getTime()))
      throw new BadInputException('from', from, 'must be an instant (ISO-8601)');
    if (!(to instanceof Date) || Number.isNaN(to.getTime()))
      throw new BadInputException('to', to, 'must be an instant (ISO-8601)');
    if (to.getTime() <= from.getTime())
      throw new BadInputException('to', to.toISOString(), `must be after from (${from.toISOString()})`);
  }

  async stats(from: Date, to: Date, groupBy: StatsGroupBy, includeExercises = false): Promise<StatsRow[]> {
    this.checkPeriod(from, to);
    if (!STATS_GROUP_BYS.includes(groupBy))
      throw new BadInputException('groupBy', groupBy, `must be one of ${STATS_GROUP_BYS.join(', ')}`);
    const qb = this.dataSource.manager
      .createQueryBuilder(IncidentEntity, 'i')
      .where('i.reportedAt >= :from AND i.reportedAt < :to', { from: instantParam(from), to: instantParam(to) });
    if (!includeExercises) qb.andWhere('i.exercise = :no', { no: false });
    const incidents = await qb
      .orderBy('i.reportedAt', 'ASC')
      .take(MAX_STATS_INCIDENTS + 1)
      .getMany();
    if (incidents.length > MAX_STATS_INCIDENTS) {
      throw new BadInputException(
        'from',
        from.toISOString(),
        `the period holds more than ${MAX_STATS_INCIDENTS} incidents; ask for a shorter one`,
      );
    }
    const inputs = await this.inputs(incidents);
    return responseStats(inputs, groupBy, { includeExercises, gradeLabel: (g) => gradeLabel(g as Severity) });
  }

  /** The figures of each incident (DataLoader batch). */
  async figuresByIncidentIds(ids: readonly string[]): Promise<Array<IncidentFigures | null>> {
    const incidents = ids.length
      ? await this.dataSource.manager.find(IncidentEntity, { where: { id: In([...new Set(ids)]) } })
      : [];
    const inputs = await this.inputs(incidents);
    const byId = new Map(inputs.map((input) => [input.incidentId, incidentFigures(input)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private async inputs(incidents: IncidentEntity[]): Promise<IncidentFigureInput[]> {
    if (incidents.length === 0) return [];
    const notices: NotificationEntity[] = [];
    for (const part of chunks(incidents.map((i) => i.id))) {
      notices.push(
        ...(await this.dataSource.manager.find(NotificationEntity, {
          where: { incidentId: In(part), purpose: NOTICE },
          order: { ordinal: 'ASC' },
        })),
      );
    }
    // The first send a channel accepted (SENT) or completed (DELIVERED), per notification.
    const first = new Map<string, { at: Date; channel: string }>();
    for (const part of chunks(notices.map((n) => n.id))) {
      const attempts = await this.dataSource.manager.find(DeliveryAttemptEntity, {
        where: { notificationId: In(part), outcome: In(['SENT', 'DELIVERED']) },
        select: { notificationId: true, finishedAt: true, at: true, channel: true },
      });
      for (const a of attempts) {
        const at = a.finishedAt ?? a.at;
        const seen = first.get(a.notificationId);
        if (!seen || at.getTime() < seen.at.getTime()) first.set(a.notificationId, { at, channel: a.channel });
      }
    }
    const byIncident = new Map<string, NotificationEntity[]>();
    for (const n of notices) byIncident.set(n.incidentId, [...(byIncident.get(n.incidentId) ?? []), n]);
    return incidents.map((incident): IncidentFigureInput => {
      const rows = byIncident.get(incident.id) ?? [];
      const confirmations = evaluateIncident(this.config, incident, rows);
      const activation = JSON.parse(incident.activationJson) as ActivationResult;
      return {
        incidentId: incident.id,
        reportedAt: incident.reportedAt,
        severity: incident.severity,
        postCode: activation.postCode,
        postName: activation.postName,
        exercise: incident.exercise,
        policyMetAt: confirmations.metAt,
        people: rows.map((n) => ({
          personId: n.personId,
          personName: n.personName,
          channel: first.get(n.id)?.channel ?? null,
          firstMessageAt: first.get(n.id)?.at ?? null,
          confirmedAt: n.status === 'ACKNOWLEDGED' ? n.acknowledgedAt : null,
          required: confirmations.state.required.has(n.personId),
        })),
      };
    });
  }
}
