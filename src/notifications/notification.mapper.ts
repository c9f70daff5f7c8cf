import type { ResolvedRole } from '../activation/core/resolve-activation';
import type { NotificationEntity } from './entities/notification.entity';
import type { NotificationMessageKind } from './models/delivery-attempt.model';
import type { NotificationModel } from './models/notification.model';

export function toNotificationModel(row: NotificationEntity): NotificationModel {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    incidentId: row.incidentId,
    roles: (JSON.parse(row.roles) as ResolvedRole[]).map((r) => ({ ...r })),
    reason: row.reason,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    queuedAt: row.queuedAt,
    sentAt: row.sentAt,
    deliveredAt: row.deliveredAt,
    acknowledgedAt: row.acknowledgedAt,
    failedAt: row.failedAt,
    messageKind: (row.messageKind ?? 'INITIAL') as NotificationMessageKind,
    escalationLevel: row.escalationLevel ?? 0,
    acknowledgedVia: row.acknowledgedVia ?? null,
    acknowledgedBy: row.acknowledgedBy ?? null,
    acknowledgementNote: row.acknowledgementNote ?? null,
    acknowledgementRecordedAt: row.acknowledgementRecordedAt ?? row.acknowledgedAt ?? null,
    purpose: row.purpose ?? 'NOTICE',
    personId: row.personId,
    personName: row.personName,
  };
}
