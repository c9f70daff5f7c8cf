import { createHash } from 'node:crypto';
import type { ChannelRoute, OutgoingMessage } from '../channels/channel.types';
import type { NotificationEntity } from '../entities/notification.entity';
import { redactPhone } from '../providers/core/phone';

/** What a delivery job did (the job's return value, kept with the completed job). */
export type DeliveryOutcomeSummary =
  | 'SENT'
  | 'DELIVERED'
  | 'FAILED'
  | 'NEXT_CONTACT'
  | 'SKIPPED_GONE'
  | 'SKIPPED_ACKNOWLEDGED'
  | 'SKIPPED_SUPERSEDED'
  | 'SKIPPED_DONE';

/** Where the job stands with BullMQ: which try this is, and whether it is the last. */
export interface JobTry {
  attempt: number;
  last: boolean;
}

export const ACK_PATH = '/ack/';

export function redact(text: string, value: string | undefined): string {
  return value && value.length >= 3 ? redactPhone(text.split(value).join('***'), value) : text;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface Begun {
  notification: NotificationEntity;
  /** True when this try moved the notification to QUEUED (the relay had not, or it failed before). */
  queued: boolean;
  attemptId: string;
  route: ChannelRoute;
  message: OutgoingMessage;
}
