import type { ResolvedRole } from '../activation/core/resolve-activation';
import type { NotificationEntity } from './entities/notification.entity';
import type { NotificationMessageKind } from './models/delivery-attempt.model';
import type { NotificationModel } from './models/notification.model';
import { deliveryErrorLine, toDeliveryError } from './models/delivery-error.model';

export function toNotificationModel(row: NotificationEntity): NotificationModel {
  // Readers get the code and its description; the stored detail only through DeliveryError.detail (admins).
  const failure = toDeliveryError(row.lastErrorCode, row.lastError);
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    incidentId: row.incidentId,
    roles: (JSON.parse(row.roles) as ResolvedRole[]).map((r) => ({ ...r })),
    reason: row.reason,
    attempts: row.attempts,
    lastError: deliveryErrorLine(failure),
    lastFailure: failure,
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
