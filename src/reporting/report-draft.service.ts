import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ActivationResult } from '../activation/core/resolve-activation';
import { gradeLabel } from '../activation/core/resolve-activation';
import { Clock } from '../common/clock.provider';
import { BadInputException, NotFoundException } from '../common/domain.exception';
import { AppConfig } from '../config/app.config';
import { IncidentEventEntity } from '../incidents/entities/incident-event.entity';
import { IncidentEntity } from '../incidents/entities/incident.entity';
import { IncidentEventKind } from '../incidents/models/incident-status.enum';
import { ConfirmationsService } from '../notifications/confirmations/confirmations.service';
import { chinaTime } from '../notifications/core/message-renderer';
import { NotificationStatus } from '../notifications/models/notification-status.enum';
import { DEADLINE_KIND_NAMES, DEADLINE_KINDS, DeadlineKind, isOpen } from './core/deadlines';
import { buildReportDraft, draftTitle } from './core/report-draft';
import { IncidentReportEntity } from './entities/incident-report.entity';
import { ReportingDeadlineEntity } from './entities/reporting-deadline.entity';

export interface Draft {
  kind: DeadlineKind;
  title: string;
  text: string;
  deadline: ReportingDeadlineEntity | null;
}

/** draftReport: a 首报/续报/终报 in the official layout, filled from the incident, its events and confirmations. */
@Injectable()
export class ReportDraftService {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly confirmations: ConfirmationsService,
    private readonly clock: Clock,
  ) {}

  async draft(incidentId: string, kindText: string, actor: string | null): Promise<Draft> {
    const kind = kindText as DeadlineKind;
    if (!DEADLINE_KINDS.includes(kind))
      throw new BadInputException('kind', kindText, `must be one of ${DEADLINE_KINDS.join(', ')}`);
    const m = this.dataSource.manager;
    const incident = await m.findOne(IncidentEntity, { where: { id: incidentId } });
    if (!incident) throw new NotFoundException('incident', 'incidentId', incidentId);
    const [events, deadlines, reports, [confirmations]] = await Promise.all([
      m.find(IncidentEventEntity, { where: { incidentId }, order: { seq: 'ASC' } }),
      m.find(ReportingDeadlineEntity, { where: { incidentId }, order: { seq: 'ASC' } }),
      m.find(IncidentReportEntity, { where: { incidentId, kind } }),
      this.confirmations.byIncidentIds([incidentId]),
    ]);
    const activation = JSON.parse(incident.activationJson) as ActivationResult;
    const typeName =
      this.config.incidentTypes.types.find((t) => t.code === incident.incidentType)?.name ?? incident.incidentType;
    const at = (d: Date) => chinaTime(d);

    const measures: string[] = [];
    for (const event of events) {
      const data = JSON.parse(event.data) as {
        summary?: string;
        notified?: unknown[];
        from?: string;
        to?: string;
        reason?: string;
        kind?: DeadlineKind;
      };
      switch (event.kind) {
        case IncidentEventKind.REPORTED:
          measures.push(
            `${at(event.at)}接报后，${activation.postName}${activation.activated ? '启动应急响应' : '未启动(属地管理)'}，通知${(data.notified ?? []).length}名领导和有关人员。`,
          );
          break;
        case IncidentEventKind.REGRADED:
          measures.push(
            `${at(event.at)}事件级别由${gradeLabel(data.from as never)}调整为${gradeLabel(data.to as never)}${data.reason ? `（${data.reason}）` : ''}。`,
          );
          break;
        case IncidentEventKind.ESCALATED:
        case IncidentEventKind.RESENT:
          measures.push(`${at(event.at)}${(data.summary ?? '').replace(/^第(\d+)次升级: /, '第$1次升级：')}。`);
          break;
        case IncidentEventKind.REPORT_FILED:
          measures.push(`${at(event.at)}报送${DEADLINE_KIND_NAMES[data.kind ?? 'INITIAL']}。`);
          break;
        default:
          break;
      }
    }
    if (confirmations) {
      const confirmed = confirmations.notices.filter(
        (n) => n.status === NotificationStatus.ACKNOWLEDGED && n.acknowledgedAt,
      );
      const waiting = confirmations.notices.filter(
        (n) => n.status !== NotificationStatus.ACKNOWLEDGED && confirmations.state.required.has(n.personId),
      );
      if (confirmed.length)
        measures.push(
          `已确认收到通知：${confirmed.map((n) => `${n.personName}(${at(n.acknowledgedAt!).slice(11)})`).join('、')}。`,
        );
      if (waiting.length) measures.push(`尚未确认：${waiting.map((n) => n.personName).join('、')}，正在继续联系。`);
    }
    const open = deadlines.filter(isOpen);
    const deadline = open.find((d) => d.kind === kind) ?? null;
    // 下一步: the 首报 announces the open 续报 deadline; a 续报 or 终报 announces none.
    const next = kind === 'INITIAL' ? open.find((d) => d.kind === 'FOLLOW_UP') : undefined;
    const closedEvent = events.filter((e) => e.kind === IncidentEventKind.CLOSED).pop();
    const facts = {
      kind,
      exercise: incident.exercise,
      title: incident.title,
      incidentTypeName: typeName,
      gradeLabel: gradeLabel(incident.severity),
      occurredAt: incident.occurredAt ? at(incident.occurredAt) : null,
      reportedAt: at(incident.reportedAt),
      county: incident.county,
      location: incident.location,
      description: incident.description,
      response: activation.activated
        ? `${activation.postName}启动${activation.headquarters ? '，总指挥部领导启动' : ''}`
        : `${activation.postName}未启动，由事发地县(市、区)负责处置`,
      measures,
      nextReport: next ? `续报（${at(next.dueAt)}前）` : null,
      closed: incident.closedAt
        ? {
            at: at(incident.closedAt),
            reason: (JSON.parse(closedEvent?.data ?? '{}') as { reason?: string }).reason ?? null,
          }
        : null,
      reporter: actor ? `${actor}，${this.config.reporting.reporterOffice}` : this.config.reporting.reporterOffice,
      draftedAt: at(this.clock.now()),
      filedBefore: reports.length,
    };
    return { kind, title: draftTitle(facts), text: buildReportDraft(facts), deadline };
  }
}
