import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ActivationResult, gradeLabel } from '../activation/core/resolve-activation';
import { ActivationService } from '../activation/activation.service';
import { BadInputException, DomainException, NotFoundException } from '../common/domain.exception';
import { Severity } from '../common/core/severity';
import { AppConfig } from '../config/app.config';
import { instantParam, newId } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import { Clock } from '../common/clock.provider';
import {
  IncidentChange,
  IncidentChangeHandler,
  IncidentChangeOutcome,
  INCIDENT_CHANGE_HANDLERS,
} from './events/incident-change.event';
import { IncidentEventEntity } from './entities/incident-event.entity';
import { appendIncidentEvent } from './incident-event.writer';
import { IncidentEntity } from './entities/incident.entity';
import { IncidentEventKind, IncidentStatus } from './models/incident-status.enum';
import {
  checkOccurredAt,
  checkOptionalText,
  checkReason,
  checkTitle,
  CountyIndex,
  IncidentFacts,
  normalizeReport,
  NormalizedReport,
  reportHash,
  ReportFields,
} from './core/incident-validation';
import { findOneForUpdate } from '../database/row-lock.helper';

export type FactsPatch = Partial<Record<keyof IncidentFacts, unknown>>;

export interface IncidentListFilter {
  status?: IncidentStatus | null;
  incidentType?: string | null;
  severity?: Severity | null;
  county?: string | null;
  reportedFrom?: Date | null;
  reportedTo?: Date | null;
}

export interface IncidentPage {
  nodes: IncidentEntity[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

export const MAX_PAGE_SIZE = 100;

/** Publishes a change inside the current transaction; answers what the handlers did. */
type Publish = (change: IncidentChange) => Promise<IncidentChangeOutcome>;

const FACT_FIELDS: Array<keyof IncidentFacts> = [
  'title',
  'description',
  'location',
  'county',
  'occurredAt',
  'reporter',
];

/**
 * Incident intake and lifecycle. Every write is one TransactionService.run(): the incident, its
 * frozen activation, an incident event and what the change handlers write (notifications: the
 * PENDING outbox rows) together, or nothing; the handlers are told again after the commit.
 * Activations are resolved against the in-memory roster view before the transaction.
 */
@Injectable()
export class IncidentsService {
  private readonly counties: CountyIndex;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly activations: ActivationService,
    // Told of each change inside its transaction and after the commit (notifications: outbox, relay).
    @Inject(INCIDENT_CHANGE_HANDLERS) private readonly handlers: IncidentChangeHandler[],
    private readonly clock: Clock,
  ) {
    this.counties = new CountyIndex(config.jurisdiction);
  }

  get countyNames(): string[] {
    return this.counties.names;
  }

  typeName(code: string): string {
    return this.config.incidentTypes.types.find((t) => t.code === code)?.name ?? code;
  }

  // ---------------------------------------------------------------------------------------------
  // Intake

  /**
   * Records a report: the incident, its activation resolved now (frozen), one PENDING notification
   * per recipient and a REPORTED event, in one transaction. The same idempotency key with the same
   * content returns the first incident and writes nothing; with another content it is refused.
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
    if (key) {
      const first = await this.findByKey(this.dataSource.manager, key);
      if (first) return this.replay(first, key, hash);
    }
    const activation = await this.activations.resolve(report.incidentType, report.severity, now);
    try {
      return await this.changing(async (m, publish) => {
        if (key) {
          // On SQLite writers are serialised, so this sees any report that committed meanwhile.
          const first = await this.findByKey(m, key);
          if (first) return this.replay(first, key, hash);
        }
        return this.insertReport(m, publish, report, hash, activation, now, actor);
      });
    } catch (error) {
      // Postgres: a concurrent report with the same key committed first (unique index).
      if (key && isUniqueViolation(error)) {
        const first = await this.findByKey(this.dataSource.manager, key);
        if (first) return this.replay(first, key, hash);
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
    await m.insert(IncidentEntity, incident);
    const reason = `事件报告: ${gradeLabel(report.severity)}${this.typeName(report.incidentType)}`;
    const { notified } = await publish({
      kind: 'recorded',
      incidentId: incident.id,
      at: now,
      recipients: activation.recipients,
      reason,
    });
    await appendIncidentEvent(m, incident.id, IncidentEventKind.REPORTED, now, actor, {
      summary: `${report.exercise ? '【演练】' : ''}报告${gradeLabel(report.severity)}${this.typeName(report.incidentType)}"${report.title}"; ${activation.activated ? `${activation.postName}启动` : `${activation.postName}不启动(属地管理)`}${activation.headquarters ? ', 总指挥部领导启动' : ''}; 通知${notified.length}人${activation.vacancies.length ? `; ${activation.vacancies.length}个空缺席位待补位` : ''}`,
      facts: factsJson(report),
      exercise: report.exercise,
      idempotencyKey: report.idempotencyKey,
      activation,
      notified: notified.map((n) => ({ personId: n.personId, personName: n.personName })),
    });
    return incident;
  }

  private replay(first: IncidentEntity, key: string, hash: string): IncidentEntity {
    if (first.requestHash !== hash) {
      throw new DomainException(
        'CONFLICT',
        `idempotencyKey: ${JSON.stringify(key)} was already used for a different report (incident ${first.id}, reported at ${first.reportedAt.toISOString()}); use a new key for a new report`,
        { field: 'idempotencyKey', value: key, incidentId: first.id },
      );
    }
    return first;
  }

  private findByKey(m: EntityManager, key: string): Promise<IncidentEntity | null> {
    return m.findOne(IncidentEntity, { where: { idempotencyKey: key } });
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

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
    return this.changing(async (m, publish) => {
      const incident = await this.lockOpen(m, id);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of given) {
        const from = incident[field];
        const to = next[field] ?? null;
        if (!sameValue(from, to)) {
          changes[field] = { from: jsonValue(from), to: jsonValue(to) };
          (incident as unknown as Record<string, unknown>)[field] = to;
        }
      }
      const changed = Object.keys(changes);
      if (changed.length === 0) return incident;
      incident.updatedAt = now;
      await m.update(
        IncidentEntity,
        { id },
        { ...pick(incident, changed as Array<keyof IncidentFacts>), updatedAt: now },
      );
      await publish({ kind: 'updated', incidentId: id, at: now });
      await appendIncidentEvent(m, id, IncidentEventKind.UPDATED, now, actor, {
        summary: `更正事实: ${changed.map((f) => FACT_LABELS[f as keyof IncidentFacts]).join('、')}`,
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
    return this.changing(async (m, publish) => {
      const incident = await this.lockOpen(m, id);
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
        incidentId: id,
        at: now,
        recipients: activation.recipients,
        reason: `事件调整级别: ${gradeLabel(from)} → ${gradeLabel(severity)}; ${reason}`,
      });
      const already = new Set(told.alreadyNotified);
      const notified = told.notified;
      await appendIncidentEvent(m, id, IncidentEventKind.REGRADED, now, actor, {
        summary: `级别由${gradeLabel(from)}调整为${gradeLabel(severity)}: ${reason}; ${activation.activated ? `${activation.postName}启动` : `${activation.postName}不启动(属地管理)`}${activation.headquarters ? ', 总指挥部领导启动' : ''}; 新通知${notified.length}人${told.notes?.length ? `; ${told.notes.join('; ')}` : ''}`,
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
    return this.changing(async (m, publish) => {
      const incident = await this.lockOpen(m, id);
      incident.status = IncidentStatus.CLOSED;
      incident.closedAt = now;
      incident.updatedAt = now;
      await m.update(IncidentEntity, { id }, { status: IncidentStatus.CLOSED, closedAt: now, updatedAt: now });
      await publish({ kind: 'closed', incidentId: id, at: now });
      await appendIncidentEvent(m, id, IncidentEventKind.CLOSED, now, actor, { summary: `关闭: ${reason}`, reason });
      return incident;
    });
  }

  /**
   * One transaction that may publish incident changes: each handler writes its part inside it
   * (their outcomes merged), and is told again after the commit. A retried transaction starts
   * its list of changes afresh; a rolled-back one tells nobody.
   */
  private async changing<T>(work: (m: EntityManager, publish: Publish) => Promise<T>): Promise<T> {
    let published: IncidentChange[] = [];
    const result = await this.transactions.run(async (m) => {
      published = [];
      return work(m, async (change) => {
        published.push(change);
        const outcome: IncidentChangeOutcome = { notified: [], alreadyNotified: [], notes: [] };
        for (const handler of this.handlers) {
          const part = await handler.inTransaction(m, change);
          outcome.notified.push(...part.notified);
          outcome.alreadyNotified.push(...part.alreadyNotified);
          outcome.notes!.push(...(part.notes ?? []));
        }
        return outcome;
      });
    });
    for (const change of published) for (const handler of this.handlers) handler.afterCommit(change);
    return result;
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

  /** The incident, locked for the rest of the transaction on Postgres (SQLite serialises writers); must be open. */
  private async lockOpen(m: EntityManager, id: string): Promise<IncidentEntity> {
    const incident = await findOneForUpdate(m, IncidentEntity, { id });
    if (!incident) throw new NotFoundException('incident', 'id', id);
    assertOpen(incident);
    return incident;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  get(id: string): Promise<IncidentEntity | null> {
    return this.dataSource.manager.findOne(IncidentEntity, { where: { id } });
  }

  async list(filter: IncidentListFilter, first: number, after: string | null): Promise<IncidentPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new BadInputException('first', first, `must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    const qb = this.dataSource.manager.createQueryBuilder(IncidentEntity, 'i');
    if (filter.status) qb.andWhere('i.status = :status', { status: filter.status });
    if (filter.incidentType) {
      this.activations.incidentType(filter.incidentType.trim(), 'filter.incidentType');
      qb.andWhere('i.incidentType = :incidentType', { incidentType: filter.incidentType.trim() });
    }
    if (filter.severity) qb.andWhere('i.severity = :severity', { severity: filter.severity });
    if (filter.county)
      qb.andWhere('i.county = :county', { county: this.counties.check(filter.county, 'filter.county') });
    if (filter.reportedFrom)
      qb.andWhere('i.reportedAt >= :reportedFrom', { reportedFrom: instantParam(filter.reportedFrom) });
    if (filter.reportedTo) qb.andWhere('i.reportedAt < :reportedTo', { reportedTo: instantParam(filter.reportedTo) });
    const totalCount = await qb.clone().getCount();
    if (after) {
      const cursor = decodeCursor(after);
      qb.andWhere('(i.reportedAt < :cursorAt OR (i.reportedAt = :cursorAt AND i.id < :cursorId))', {
        cursorAt: cursor.reportedAt,
        cursorId: cursor.id,
      });
    }
    const rows = await qb
      .orderBy('i.reportedAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .take(first + 1)
      .getMany();
    const nodes = rows.slice(0, first);
    const lastNode = nodes[nodes.length - 1];
    return {
      nodes,
      totalCount,
      hasNextPage: rows.length > first,
      endCursor: lastNode ? encodeCursor(lastNode) : null,
    };
  }

  /** The events of each incident, by seq; one query for all ids (DataLoader batch). */
  async eventsByIncidentIds(ids: readonly string[]): Promise<IncidentEventEntity[][]> {
    const rows = ids.length
      ? await this.dataSource.manager.find(IncidentEventEntity, {
          where: { incidentId: In([...new Set(ids)]) },
          order: { seq: 'ASC' },
        })
      : [];
    const grouped = new Map<string, IncidentEventEntity[]>();
    for (const row of rows) grouped.set(row.incidentId, [...(grouped.get(row.incidentId) ?? []), row]);
    return ids.map((id) => grouped.get(id) ?? []);
  }
}

const FACT_LABELS: Record<keyof IncidentFacts, string> = {
  title: '标题',
  description: '描述',
  location: '地点',
  county: '县(市、区)',
  occurredAt: '发生时间',
  reporter: '报告人',
};

function assertOpen(incident: IncidentEntity): void {
  if (incident.status === IncidentStatus.CLOSED) {
    throw new DomainException(
      'CONFLICT',
      `id: incident ${incident.id} was closed at ${incident.closedAt?.toISOString() ?? '?'}; a closed incident cannot be changed`,
      { field: 'id', value: incident.id },
    );
  }
}

function factsJson(report: NormalizedReport): Record<string, unknown> {
  return {
    incidentType: report.incidentType,
    severity: report.severity,
    title: report.title,
    description: report.description,
    location: report.location,
    county: report.county,
    occurredAt: report.occurredAt?.toISOString() ?? null,
    reporter: report.reporter,
  };
}

function jsonValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : (value ?? null);
}

function sameValue(a: unknown, b: unknown): boolean {
  return jsonValue(a) === jsonValue(b);
}

function pick(incident: IncidentEntity, fields: Array<keyof IncidentFacts>): Partial<IncidentEntity> {
  const result: Partial<IncidentEntity> = {};
  for (const field of fields) (result as Record<string, unknown>)[field] = incident[field];
  return result;
}

/** Opaque page cursor: the reportedAt and id of the last incident of a page. */
export function encodeCursor(incident: Pick<IncidentEntity, 'reportedAt' | 'id'>): string {
  return Buffer.from(`${instantParam(incident.reportedAt)}|${incident.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { reportedAt: string; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(text);
  if (!match) throw new BadInputException('after', cursor, 'is not a cursor returned by incidents.pageInfo.endCursor');
  return { reportedAt: match[1], id: match[2] };
}

/** A unique-constraint violation, on Postgres (23505) or SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
