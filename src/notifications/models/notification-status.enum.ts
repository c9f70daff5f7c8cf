import { registerEnumType } from '@nestjs/graphql';

/**
 * The life of one outbox row (contract enum NotificationStatus). Intake writes PENDING in the
 * incident's transaction; delivery (the relay and the workers) moves it on:
 * PENDING → QUEUED → SENT → DELIVERED → ACKNOWLEDGED, or → FAILED.
 */
export enum NotificationStatus {
  /** Recorded, not yet handed to the queue. */
  PENDING = 'PENDING',
  QUEUED = 'QUEUED',
  SENT = 'SENT',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
}

export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = Object.values(NotificationStatus);

registerEnumType(NotificationStatus, {
  name: 'NotificationStatus',
  valuesMap: {
    PENDING: { description: 'Recorded, not yet handed to the queue.' },
    QUEUED: { description: 'Handed to the delivery queue.' },
    SENT: { description: 'Sent on its channel.' },
    DELIVERED: { description: 'The channel confirmed delivery.' },
    FAILED: { description: 'Delivery failed; see lastError.' },
    ACKNOWLEDGED: { description: 'The person acknowledged it.' },
  },
});
