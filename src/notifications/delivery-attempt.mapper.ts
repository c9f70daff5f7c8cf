import type { DeliveryAttemptEntity } from './entities/delivery-attempt.entity';
import { DeliveryAttemptModel, DeliveryAttemptOutcome } from './models/delivery-attempt.model';
import { deliveryErrorLine, toDeliveryError } from './models/delivery-error.model';

export function toDeliveryAttemptModel(row: DeliveryAttemptEntity): DeliveryAttemptModel {
  // Readers get the code and its description; the stored detail only through DeliveryError.detail (admins).
  const failure = toDeliveryError(row.errorCode, row.error);
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
    error: deliveryErrorLine(failure),
    failure,
    sendSeq: row.sendSeq,
    jobAttempt: row.jobAttempt,
    dedupKey: row.dedupKey,
    message: row.message,
  };
}
