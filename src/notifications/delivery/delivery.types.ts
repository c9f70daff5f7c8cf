import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ContactMethodEntity } from '../../contacts/entities/contact-method.entity';
import type { IncidentEntity } from '../../incidents/entities/incident.entity';
import type { DeliverJob } from '../notification.jobs';
import type { ChannelResult, ChannelRoute, OutgoingMessage } from '../channels/channel.types';
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

export interface BeginRequest {
  job: DeliverJob;
  attempt: JobTry;
  token: string;
}

export interface SuccessRequest {
  begun: Begun;
  job: DeliverJob;
  result: ChannelResult;
}

/** How DeliveryService renders a message (incident facts, ack link); given to the writer. */
export type Render = (
  n: NotificationEntity,
  incident: IncidentEntity,
  contact: ContactMethodEntity | null,
  token: string,
  replyCode?: string,
) => Promise<OutgoingMessage>;

/** Records a send's channel tries within a transaction (DeliveryService.recordChannelTries). */
export type RecordTries = (m: EntityManager, begun: Begun, tries: ChannelResult['tries'], now: Date) => Promise<void>;
