import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';
import type { DeliveryErrorCode } from '../core/delivery-error';
import { NotificationEntity } from './notification.entity';

/**
 * How one try to deliver a notification went. SENDING is written before the channel is called
 * (with the hash of the acknowledgement token the message carries), so that a worker killed
 * mid-send leaves a trace: its attempt is marked INTERRUPTED when the job is taken up again.
 */
export type DeliveryOutcome =
  | 'SENDING'
  | 'SENT'
  | 'DELIVERED'
  | 'RETRYABLE_ERROR'
  | 'PERMANENT_ERROR'
  | 'INTERRUPTED'
  | 'HELD_BACK'
  | 'UNDELIVERED';

export const DELIVERY_OUTCOMES: readonly DeliveryOutcome[] = [
  'SENDING',
  'SENT',
  'DELIVERED',
  'RETRYABLE_ERROR',
  'PERMANENT_ERROR',
  'INTERRUPTED',
  'HELD_BACK',
  'UNDELIVERED',
];

@Entity({ name: 'delivery_attempt' })
@Index('ix_delivery_attempt_notification', ['notificationId', 'at'])
@Index('uq_delivery_attempt_ack_token_hash', ['ackTokenHash'], { unique: true })
@Index('ix_delivery_attempt_provider_message', ['provider', 'providerMessageId'])
export class DeliveryAttemptEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'notification_id', type: 'varchar', length: 36 })
  notificationId!: string;

  @ManyToOne(() => NotificationEntity)
  @JoinColumn({ name: 'notification_id' })
  notification?: NotificationEntity;

  /** The notification's send this attempt belongs to (notification.send_seq). */
  @Column({ name: 'send_seq', type: 'integer' })
  sendSeq!: number;

  /** 1 for the first try of the job, 2 for its first retry … */
  @Column({ name: 'job_attempt', type: 'integer' })
  jobAttempt!: number;

  @Column({ type: 'varchar', length: 32 })
  channel!: string;

  /** The contact method tried (null: the fallback channel for a person without one). */
  @Column({ name: 'contact_method_id', type: 'varchar', length: 36, nullable: true })
  contactMethodId!: string | null;

  @Column({ name: 'contact_kind', type: 'varchar', length: 16, nullable: true })
  contactKind!: string | null;

  @InstantColumn({ name: 'at' })
  at!: Date;

  @InstantColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: DeliveryOutcome;

  /**
   * Why it failed, for admins only (DeliveryError.detail): scrubbed of contact values, URLs, hosts
   * and provider echoes (core/delivery-error.ts). Readers see error_code and its description.
   */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The failure's code (core/delivery-error.ts DELIVERY_ERRORS); null when it did not fail. */
  @Column({ name: 'error_code', type: 'varchar', length: 32, nullable: true })
  errorCode!: DeliveryErrorCode | null;

  /** Passed to the channel (Idempotency-Key): the same for every try of one send. */
  @Column({ name: 'dedup_key', type: 'varchar', length: 64 })
  dedupKey!: string;

  /** SHA-256 of the acknowledgement token in the message's link; the token itself is never stored. */
  @Column({ name: 'ack_token_hash', type: 'varchar', length: 64, nullable: true })
  ackTokenHash!: string | null;

  /** The rendered message, the token of its link masked. */
  @Column({ type: 'text', nullable: true })
  message!: string | null;

  /** host:pid of the worker process that made the attempt. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  worker!: string | null;

  /** The cloud provider that accepted it (aliyun, tencent) and its message id (BizId, SerialNo, CallId). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  provider!: string | null;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 128, nullable: true })
  providerMessageId!: string | null;

  /** The provider's delivery report or call result ("DELIVERED 用户接收成功", "200002 用户忙"). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  receipt!: string | null;

  @InstantColumn({ name: 'receipt_at', nullable: true })
  receiptAt!: Date | null;
}
