import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, InstantColumn, newId } from '../../database/columns.helper';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import type { DeliveryErrorCode } from '../core/delivery-error';
import { NotificationStatus } from '../models/notification-status.enum';

/** The default channel until real delivery exists: the notification is only logged. */
export const DEFAULT_CHANNEL = 'log';

/** What an outbox row is for: the incident's notice (one per person and incident) … */
export const NOTICE = 'NOTICE';
/** … or the alerts about its reporting deadlines (one per person and incident, re-sent for each alert) … */
export const REPORT_ALERT = 'REPORT_ALERT';
/** … or the duty office's alerts about its confirmations (an escalation that ran out with the policy unmet). */
export const DUTY_ALERT = 'DUTY_ALERT';
export type NotificationPurpose = typeof NOTICE | typeof REPORT_ALERT | typeof DUTY_ALERT;

/**
 * The notification outbox: one row per person to tell about an incident, written PENDING in the
 * same transaction as the incident. Delivery moves rows on (NotificationStatus) and records each
 * step's instant. Who was told and in which roles is frozen here (person_name, roles) so later
 * roster changes never rewrite it. One row per person and incident (domain.md: one person, one
 * notification per incident), enforced by a unique index with the purpose: reporting-deadline
 * alerts (REPORT_ALERT) travel the same path in rows of their own.
 */
@Entity({ name: 'notification' })
@Index('uq_notification_incident_person_purpose', ['incidentId', 'personId', 'purpose'], { unique: true })
@Index('ix_notification_status_created', ['status', 'createdAt'])
/** The sends not handed to the queue yet (the relay's question), and only those, oldest first. */
@Index('ix_notification_unqueued', ['updatedAt', 'id'], { where: '"queued_sends" <= "send_seq"' })
@Index('uq_notification_person_reply_code', ['personId', 'replyCode'], { unique: true })
export class NotificationEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId!: string;

  @ManyToOne(() => IncidentEntity)
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  /** 1, 2, 3 … within the incident, in the order the activation lists the recipients (continued by regrades). */
  @Column({ type: 'integer' })
  ordinal!: number;

  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  /** The person's name when the notification was created (frozen). */
  @Column({ name: 'person_name', type: 'varchar', length: 64 })
  personName!: string;

  /** The roles the person holds in the activation, frozen: JSON array of ResolvedRole. */
  @Column({ type: 'text' })
  roles!: string;

  @Column({ type: 'varchar', length: 32, default: DEFAULT_CHANNEL })
  channel!: string;

  @Column({ type: 'varchar', length: 16, default: 'PENDING' })
  status!: NotificationStatus;

  /** Why this person is told (the event that required it). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** Why the latest send failed, for admins only (scrubbed, see DeliveryAttemptEntity.error). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The code of that failure (core/delivery-error.ts): what readers are told. */
  @Column({ name: 'last_error_code', type: 'varchar', length: 32, nullable: true })
  lastErrorCode!: DeliveryErrorCode | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @InstantColumn({ name: 'queued_at', nullable: true })
  queuedAt!: Date | null;

  @InstantColumn({ name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @InstantColumn({ name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @InstantColumn({ name: 'acknowledged_at', nullable: true })
  acknowledgedAt!: Date | null;

  @InstantColumn({ name: 'failed_at', nullable: true })
  failedAt!: Date | null;

  // ---- Delivery (migration 1764600000000-notification-delivery; src/notifications/delivery/) ----

  /**
   * The send this row wants: 0 for the first message, +1 for each later one (the next contact
   * method after a permanent failure, a reminder or escalation). Delivery job ids derive from it.
   */
  @Column({ name: 'send_seq', type: 'integer', default: 0 })
  sendSeq!: number;

  /** How many sends the relay has handed to the queue (send_seq + 1 once the current one is queued). */
  @Column({ name: 'queued_sends', type: 'integer', default: 0 })
  queuedSends!: number;

  /** The contact method used by the current send (null: not chosen yet, or the fallback channel). */
  @Column({ name: 'contact_method_id', type: 'varchar', length: 36, nullable: true })
  contactMethodId!: string | null;

  /** Position of that contact method in the person's priority order when it was chosen. */
  @Column({ name: 'contact_step', type: 'integer', default: 0 })
  contactStep!: number;

  /** What the current send is: INITIAL, REMINDER (commander not acknowledged) or ESCALATION (next level up). */
  @Column({ name: 'message_kind', type: 'varchar', length: 16, default: 'INITIAL' })
  messageKind!: string;

  /** The escalation level of the current send (0 for the first message). */
  @Column({ name: 'escalation_level', type: 'integer', default: 0 })
  escalationLevel!: number;

  /** How it was acknowledged: API (acknowledgeNotification) or LINK (GET /ack/:token). */
  @Column({ name: 'acknowledged_via', type: 'varchar', length: 16, nullable: true })
  acknowledgedVia!: string | null;

  /** Who recorded the acknowledgement (the API key's name for API; null for the link). */
  @Column({ name: 'acknowledged_by', type: 'varchar', length: 128, nullable: true })
  acknowledgedBy!: string | null;

  /** The person's code for this incident: an SMS reply "1 <code>" acknowledges (given at the first SMS or call). */
  @Column({ name: 'reply_code', type: 'varchar', length: 8, nullable: true })
  replyCode!: string | null;
  // ---- Confirmations and reporting (migration 1765110000000-confirmations-reporting) ----

  /** NOTICE (the incident's message), REPORT_ALERT (reporting-deadline alerts) or DUTY_ALERT (escalation ran out). */
  @Column({ type: 'varchar', length: 16, default: NOTICE })
  purpose!: NotificationPurpose;

  /** What the duty officer noted with a confirmation taken by telephone (via PHONE). */
  @Column({ name: 'acknowledgement_note', type: 'text', nullable: true })
  acknowledgementNote!: string | null;

  /**
   * When the acknowledgement was recorded (migration 1766110000000); acknowledged_at is when the
   * person confirmed, earlier for a telephone call recorded afterwards (receivedAt).
   */
  @InstantColumn({ name: 'acknowledgement_recorded_at', nullable: true })
  acknowledgementRecordedAt!: Date | null;
}

/** What a new outbox row needs to be told; the delivery fields of a later kind of send are optional. */
export type NewNotification = Pick<
  NotificationEntity,
  'incidentId' | 'ordinal' | 'personId' | 'personName' | 'roles' | 'channel' | 'reason'
> &
  Partial<Pick<NotificationEntity, 'contactMethodId' | 'contactStep' | 'messageKind' | 'escalationLevel' | 'purpose'>>;

/** A new outbox row: PENDING, nothing sent, queued or acknowledged yet. */
export function newPendingNotification(fields: NewNotification, now: Date): NotificationEntity {
  return Object.assign(new NotificationEntity(), {
    id: newId(),
    status: NotificationStatus.PENDING,
    lastError: null,
    lastErrorCode: null,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    queuedAt: null,
    sentAt: null,
    deliveredAt: null,
    acknowledgedAt: null,
    failedAt: null,
    sendSeq: 0,
    queuedSends: 0,
    contactMethodId: null,
    contactStep: 0,
    messageKind: 'INITIAL',
    escalationLevel: 0,
    acknowledgedVia: null,
    acknowledgedBy: null,
    replyCode: null,
    purpose: NOTICE,
    acknowledgementNote: null,
    acknowledgementRecordedAt: null,
    ...fields,
  });
}
