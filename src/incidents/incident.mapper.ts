import type { ActivationResult } from '../activation/core/resolve-activation';
import { toActivationModel } from '../activation/activation.mapper';
import type { IncidentEventEntity } from './entities/incident-event.entity';
import type { IncidentEntity } from './entities/incident.entity';
import type { IncidentEventModel } from './models/incident-event.model';
import type { IncidentModel } from './models/incident.model';

export function toIncidentModel(row: IncidentEntity, typeName: string): IncidentModel {
  return {
    id: row.id,
    incidentType: row.incidentType,
    incidentTypeName: typeName,
    severity: row.severity,
    title: row.title,
    reportedAt: row.reportedAt,
    activation: toActivationModel(JSON.parse(row.activationJson) as ActivationResult),
    status: row.status,
    description: row.description,
    location: row.location,
    county: row.county,
    reporter: row.reporter,
    occurredAt: row.occurredAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt,
    idempotencyKey: row.idempotencyKey,
    exercise: Boolean(row.exercise),
  };
}

export function toIncidentEventModel(row: IncidentEventEntity): IncidentEventModel {
  const data = JSON.parse(row.data) as { summary?: string; activation?: ActivationResult };
  return {
    id: row.id,
    seq: row.seq,
    kind: row.kind,
    at: row.at,
    actor: row.actor,
    summary: data.summary ?? row.kind,
    data: row.data,
    activation: data.activation ? toActivationModel(data.activation) : null,
  };
}
