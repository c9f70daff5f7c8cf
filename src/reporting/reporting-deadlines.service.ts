import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock.provider';
import { BadInputException, NotFoundException } from '../common/domain.exception';
import { AppConfig } from '../config/app.config';
import { newId } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import { IncidentEntity } from '../incidents/entities/incident.entity';
import { appendIncidentEvent } from '../incidents/incident-event.writer';
import { IncidentEventKind, IncidentStatus } from '../incidents/models/incident-status.enum';
import { LiveEventsService } from '../notifications/live/live-events.service';
import { chinaTime } from '../notifications/core/message-renderer';
import {
  DEADLINE_KIND_NAMES,
  DEADLINE_KINDS,
  DeadlineKind,
  DeadlinePlan,
  finalDue,
  followUpDue,
  initialDue,
  isOpen,
  planFor,
  recompute,
} from './core/deadlines';
import { IncidentReportEntity } from './entities/incident-report.entity';
import { ReportingDeadlineEntity } from './entities/reporting-deadline.entity';
import { findOneForUpdate } from '../database/row-lock.helper';
import { insertRows } from '../database/insert-rows.helper';

export const MAX_REPORT_LENGTH = 20000;

export interface FiledReport {
  report: IncidentReportEntity;
  deadline: ReportingDeadlineEntity | null;
}

function newDeadline(
  incidentId: string,
  kind: DeadlineKind,
  seq: number,
  dueAt: Date,
  now: Date,
): ReportingDeadlineEntity {
  return Object.assign(new ReportingDeadlineEntity(), {
    id: newId(),
    incidentId,
    kind,
    seq,
    dueAt,
    filedAt: null,
    reportId: null,
    cancelledAt: null,
    alertedSoonAt: null,
    alertedOverdueAt: null,
    createdAt: now,
    updatedAt: now,
  });
}

/** 首报, 续报 by seq, 终报. */
function sortDeadlines(rows: ReportingDeadlineEntity[]): ReportingDeadlineEntity[] {
  const order = (k: DeadlineKind) => DEADLINE_KINDS.indexOf(k);
  return rows.sort((a, b) => order(a.kind) - order(b.kind) || a.seq - b.seq);
}

/**
 * Reporting deadlines (信息报送) of incidents, from config/reporting.yaml: made at intake, moved by
 * a regrade, completed by the 终报 at close; reports filed against them. The intake hooks take the
 * caller's transaction (EntityManager), so an incident never exists without its deadlines.
 */
@Injectable()
export class ReportingDeadlinesService {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly clock: Clock,
    private readonly live: LiveEventsService,
  ) {}

  plan(incident: Pick<IncidentEntity, 'severity' | 'incidentType' | 'county'>): DeadlinePlan {
    return planFor(this.config.reporting.deadlines, incident);
  }

  /** At intake: the 首报, and the first 续报 when the plan has a schedule. */
  async opened(m: EntityManager, incident: IncidentEntity, now: Date): Promise<ReportingDeadlineEntity[]> {
    const plan = this.plan(incident);
    const initial = initialDue(plan, incident.reportedAt);
    const rows = [newDeadline(incident.id, 'INITIAL', 0, initial, now)];
    if (plan.followUp) rows.push(newDeadline(incident.id, 'FOLLOW_UP', 1, followUpDue(plan.followUp, initial, 1), now));
    await insertRows(m, ReportingDeadlineEntity, rows);
    return rows;
  }

  /**
   * After a regrade (in its transaction; the incident row holds the new grade): recomputes every
   * deadline not yet filed; a moved one alerts again. Returns a line for the incident event, or null.
   */
  async regraded(m: EntityManager, incident: IncidentEntity, now: Date): Promise<string | null> {
    const plan = this.plan(incident);
    const rows = sortDeadlines(await m.find(ReportingDeadlineEntity, { where: { incidentId: incident.id } }));
    const moves = recompute(rows, plan, incident);
    const said: string[] = [];
    for (const move of moves) {
      const row = rows.find((r) => r.kind === move.kind && r.seq === move.seq)!;
      const name = `${DEADLINE_KIND_NAMES[move.kind]}${move.kind === 'FOLLOW_UP' ? `(第${move.seq}次)` : ''}`;
      if (move.to === null) {
        await m.update(ReportingDeadlineEntity, { id: row.id }, { cancelledAt: now, updatedAt: now });
        row.cancelledAt = now;
        said.push(`${name}取消(新级别无定时续报)`);
      } else {
        await m.update(
          ReportingDeadlineEntity,
          { id: row.id },
          { dueAt: move.to, alertedSoonAt: null, alertedOverdueAt: null, updatedAt: now },
        );
        row.dueAt = move.to;
        said.push(`${name}时限由${chinaTime(move.from)}改为${chinaTime(move.to)}`);
      }
    }
    // The new plan has follow-ups on a schedule and none is open: open the next one.
    if (
      plan.followUp &&
      incident.status === IncidentStatus.OPEN &&
      !rows.some((r) => r.kind === 'FOLLOW_UP' && isOpen(r))
    ) {
      const seq = Math.max(0, ...rows.filter((r) => r.kind === 'FOLLOW_UP').map((r) => r.seq)) + 1;
      const due = followUpDue(plan.followUp, initialDue(plan, incident.reportedAt), seq);
      await m.insert(ReportingDeadlineEntity, newDeadline(incident.id, 'FOLLOW_UP', seq, due, now));
      said.push(`续报(第${seq}次)时限${chinaTime(due)}`);
    }
    return said.length ? `报送时限重算: ${said.join('; ')}` : null;
  }

  /** At close (in its transaction): no more scheduled 续报; the 终报 is due finalHours after the close. */
  async closed(m: EntityManager, incident: IncidentEntity, now: Date): Promise<void> {
    const plan = this.plan(incident);
    const rows = await m.find(ReportingDeadlineEntity, { where: { incidentId: incident.id } });
    for (const row of rows) {
      if (row.kind === 'FOLLOW_UP' && isOpen(row))
        await m.update(ReportingDeadlineEntity, { id: row.id }, { cancelledAt: now, updatedAt: now });
    }
    if (!rows.some((r) => r.kind === 'FINAL')) {
      await m.insert(
        ReportingDeadlineEntity,
        newDeadline(incident.id, 'FINAL', 0, finalDue(plan, incident.closedAt ?? now), now),
      );
    }
  }

  /**
   * Records a written report and meets the open deadline of its kind (the earliest): a 续报 opens
   * the next one on the schedule; a 终报 is filed once the incident is closed. One transaction.
   */
  async file(input: { incidentId: string; kind: string; text: unknown }, actor: string | null): Promise<FiledReport> {
    const kind = input.kind as DeadlineKind;
    if (!DEADLINE_KINDS.includes(kind))
      throw new BadInputException('kind', input.kind, `must be one of ${DEADLINE_KINDS.join(', ')}`);
    if (typeof input.text !== 'string' || !input.text.trim())
      throw new BadInputException('text', input.text, 'must not be empty');
    const text = input.text.trim();
    if (text.length > MAX_REPORT_LENGTH)
      throw new BadInputException(
        'text',
        `${text.slice(0, 20)}…`,
        `is ${text.length} characters long; at most ${MAX_REPORT_LENGTH}`,
      );
    const now = this.clock.now();
    const filed = await this.transactions.run(async (m) => {
      const incident = await findOneForUpdate(m, IncidentEntity, { id: input.incidentId });
      if (!incident) throw new NotFoundException('incident', 'incidentId', input.incidentId);
      if (kind === 'FINAL' && incident.status !== IncidentStatus.CLOSED) {
        throw new BadInputException(
          'kind',
          kind,
          `a 终报 (final report) is filed after the incident is closed; incident ${incident.id} is still open (closeIncident first)`,
        );
      }
      const open = (
        await m.find(ReportingDeadlineEntity, { where: { incidentId: incident.id, kind }, order: { seq: 'ASC' } })
      ).filter(isOpen);
      const deadline = open[0] ?? null;
      const report = Object.assign(new IncidentReportEntity(), {
        id: newId(),
        incidentId: incident.id,
        kind,
        text,
        filedAt: now,
        filedBy: actor,
        deadlineId: deadline?.id ?? null,
      });
      await m.insert(IncidentReportEntity, report);
      let next: ReportingDeadlineEntity | null = null;
      if (deadline) {
        await m.update(
          ReportingDeadlineEntity,
          { id: deadline.id },
          { filedAt: now, reportId: report.id, updatedAt: now },
        );
        Object.assign(deadline, { filedAt: now, reportId: report.id, updatedAt: now });
        const plan = this.plan(incident);
        if (kind === 'FOLLOW_UP' && plan.followUp && incident.status === IncidentStatus.OPEN) {
          next = newDeadline(
            incident.id,
            'FOLLOW_UP',
            deadline.seq + 1,
            followUpDue(plan.followUp, initialDue(plan, incident.reportedAt), deadline.seq + 1),
            now,
          );
          await m.insert(ReportingDeadlineEntity, next);
        }
      }
      const name = DEADLINE_KIND_NAMES[kind];
      const timing = deadline
        ? now.getTime() > deadline.dueAt.getTime()
          ? `超时报送(时限${chinaTime(deadline.dueAt)})`
          : `按时报送(时限${chinaTime(deadline.dueAt)})`
        : '无对应时限';
      await appendIncidentEvent(m, incident.id, IncidentEventKind.REPORT_FILED, now, actor, {
        summary: `报送${name}: ${timing}${next ? `; 下次续报时限${chinaTime(next.dueAt)}` : ''}`,
        reportId: report.id,
        kind,
        deadlineId: deadline?.id ?? null,
        dueAt: deadline?.dueAt.toISOString() ?? null,
        late: deadline ? now.getTime() > deadline.dueAt.getTime() : null,
        nextDueAt: next?.dueAt.toISOString() ?? null,
      });
      return { report, deadline };
    });
    this.live.publish([{ type: 'incident', id: filed.report.incidentId }]);
    return filed;
  }

  /** The deadlines of each incident: kind order, then seq (DataLoader batch). */
  async byIncidentIds(ids: readonly string[]): Promise<ReportingDeadlineEntity[][]> {
    const rows = ids.length
      ? await this.dataSource.manager.find(ReportingDeadlineEntity, { where: { incidentId: In([...new Set(ids)]) } })
      : [];
    sortDeadlines(rows);
    return ids.map((id) => rows.filter((r) => r.incidentId === id));
  }

  /** The reports of each incident, oldest first (DataLoader batch). */
  async reportsByIncidentIds(ids: readonly string[]): Promise<IncidentReportEntity[][]> {
    const rows = ids.length
      ? await this.dataSource.manager.find(IncidentReportEntity, {
          where: { incidentId: In([...new Set(ids)]) },
          order: { filedAt: 'ASC', id: 'ASC' },
        })
      : [];
    return ids.map((id) => rows.filter((r) => r.incidentId === id));
  }
}
