import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ActivationResult, gradeLabel } from '../activation/core/resolve-activation';
import { ActivationService } from '../activation/activation.service';
import { Clock } from '../common/clock.provider';
import { DomainException } from '../common/domain.exception';
import { newId } from '../database/columns.helper';
import { driverCode } from '../database/sqlite-write-lock.helper';
import { activationSummary } from './core/event-summaries';
import {
  CountyIndex,
  normalizeReport,
  NormalizedReport,
  reportFacts,
  reportHash,
  ReportFields,
} from './core/incident-validation';
import { IncidentEntity } from './entities/incident.entity';
import { IncidentChangesService, Publish } from './incident-changes.service';
import { appendIncidentEvent } from './incident-event.writer';
import { IncidentEventKind, IncidentStatus } from './models/incident-status.enum';
import { insertRows } from '../database/insert-rows.helper';

/**
 * Incident intake: a report becomes the incident, its activation resolved now (frozen), what the
 * change handlers write (one PENDING notification per recipient) and a REPORTED event, in one
 * transaction. Activations are resolved against the in-memory roster view before the transaction.
 */
@Injectable()
export class IncidentIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activations: ActivationService,
    private readonly changes: IncidentChangesService,
    private readonly counties: CountyIndex,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a report. The same idempotency key with the same content returns the first incident
   * and writes nothing; with another content it is refused.
   */
  async report(input: ReportFields, actor: string | null): Promise<IncidentEntity> {
    const now = this.clock.now();
    const report = normalizeReport(input, {
      now,
      checkType: (code) => void this.activations.incidentType(code),
      counties: this.counties,
    });
    const hash = reportHash(report);
    const key = report.idempotencyKey;
    const activation = await this.activations.resolve(report.incidentType, report.severity, now);
    try {
      // No lookup first: the incident's INSERT, the transaction's first statement, is refused by the
      // key's unique index when the key was used (one read fewer for every new report).
      return await this.changes.run((m, publish) =>
        this.insertReport(m, publish, report, hash, activation, now, actor),
      );
    } catch (error) {
      // The key's first report committed earlier (or earlier in the same SQLite group): a retry with its
      // content gets it back, another content is refused. Any other unique violation is not a retry.
      if (key && isUniqueViolation(error)) {
        const first = await this.findByKey(this.dataSource.manager, key);
        if (first) return replay(first, key, hash);
      }
      throw error;
    }
  }

  private async insertReport(
    m: EntityManager,
    publish: Publish,
    report: NormalizedReport,
    hash: string,
    activation: ActivationResult,
    now: Date,
    actor: string | null,
  ): Promise<IncidentEntity> {
    const incident = Object.assign(new IncidentEntity(), {
      id: newId(),
      incidentType: report.incidentType,
      severity: report.severity,
      status: IncidentStatus.OPEN,
      title: report.title,
      description: report.description,
      location: report.location,
      county: report.county,
      reporter: report.reporter,
      occurredAt: report.occurredAt,
      reportedAt: now,
      updatedAt: now,
      closedAt: null,
      idempotencyKey: report.idempotencyKey,
      requestHash: hash,
      activationJson: JSON.stringify(activation),
      exercise: report.exercise,
    });
    await insertRows(m, IncidentEntity, incident);
    const graded = `${gradeLabel(report.severity)}${this.activations.incidentType(report.incidentType).name}`;
    const { notified } = await publish({
      kind: 'recorded',
      incident,
      at: now,
      recipients: activation.recipients,
      reason: `事件报告: ${graded}`,
    });
    const vacancies = activation.vacancies.length ? `; ${activation.vacancies.length}个空缺席位待补位` : '';
    await appendIncidentEvent(m, incident.id, IncidentEventKind.REPORTED, now, actor, {
      summary: `${report.exercise ? '【演练】' : ''}报告${graded}"${report.title}"; ${activationSummary(activation)}; 通知${notified.length}人${vacancies}`,
      facts: reportFacts(report),
      exercise: report.exercise,
      idempotencyKey: report.idempotencyKey,
      activation,
      notified: notified.map((n) => ({ personId: n.personId, personName: n.personName })),
    });
    return incident;
  }

  private findByKey(m: EntityManager, key: string): Promise<IncidentEntity | null> {
    return m.findOne(IncidentEntity, { where: { idempotencyKey: key } });
  }
}

/** The first incident of an idempotency key, if the retry has its content; CONFLICT otherwise. */
function replay(first: IncidentEntity, key: string, hash: string): IncidentEntity {
  if (first.requestHash !== hash) {
    throw new DomainException(
      'CONFLICT',
      `idempotencyKey: ${JSON.stringify(key)} was already used for a different report (incident ${first.id}, reported at ${first.reportedAt.toISOString()}); use a new key for a new report`,
      {
        field: 'idempotencyKey',
        value: key,
        incidentId: first.id,
        problemZh: '该防重复提交标识已用于另一份内容不同的报告，新的报告请使用新的标识',
      },
    );
  }
  return first;
}

/** A unique-constraint violation, on Postgres (23505) or SQLite. */
function isUniqueViolation(error: unknown): boolean {
  return ['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes(driverCode(error));
}
