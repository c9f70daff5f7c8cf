import type { DeliveryAttemptEntity } from './entities/delivery-attempt.entity';
import { DeliveryAttemptModel, DeliveryAttemptOutcome } from './models/delivery-attempt.model';

export function toDeliveryAttemptModel(row: DeliveryAttemptEntity): DeliveryAttemptModel {
  return {
    id: row.id,
    channel: row.channel,
    provider: row.provider ?? null,
    receipt: row.receipt ?? null,
    receiptAt: row.receiptAt ?? null,
    contactKind: row.contactKind,
    contactMethodId: row.contactMethodId,
    at: row.at,
    finishedAt: row.finishedAt,
    outcome: row.outcome as DeliveryAttemptOutcome,
    error: row.error,
    sendSeq: row.sendSeq,
    jobAttempt: row.jobAttempt,
    dedupKey: row.dedupKey,
    message: row.message,
  };
}
