import { filedLate, isOverdue } from './core/deadlines';
import type { IncidentReportEntity } from './entities/incident-report.entity';
import type { ReportingDeadlineEntity } from './entities/reporting-deadline.entity';
import type { IncidentReportModel, ReportingDeadlineModel, ReportKind } from './models/reporting.model';

export function toDeadlineModel(row: ReportingDeadlineEntity, now: Date): ReportingDeadlineModel {
  return {
    id: row.id,
    kind: row.kind as ReportKind,
    seq: row.seq,
    dueAt: row.dueAt,
    filedAt: row.filedAt,
    overdue: isOverdue(row, now),
    filedLate: filedLate(row),
    cancelledAt: row.cancelledAt,
    alertedSoonAt: row.alertedSoonAt,
    alertedOverdueAt: row.alertedOverdueAt,
    reportId: row.reportId,
  };
}

export function toReportModel(
  row: IncidentReportEntity,
  deadline: ReportingDeadlineEntity | null,
  now: Date,
): IncidentReportModel {
  return {
    id: row.id,
    incidentId: row.incidentId,
    kind: row.kind as ReportKind,
    text: row.text,
    filedAt: row.filedAt,
    filedBy: row.filedBy,
    deadline: deadline ? toDeadlineModel(deadline, now) : null,
  };
}
