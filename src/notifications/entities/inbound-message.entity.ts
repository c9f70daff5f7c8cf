import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';

/** What came of a reply or a key press. */
export type InboundOutcome =
  | 'ACKNOWLEDGED'
  | 'ALREADY_ACKNOWLEDGED'
  | 'INCIDENT_CLOSED'
  | 'WRONG_CODE'
  | 'NOT_A_CONFIRMATION'
  | 'UNKNOWN_NUMBER'
  | 'UNKNOWN_CALL'
  | 'OTHER_KEY';

/**
 * Every reply (上行短信) and key press a provider pushed, once: the provider's identity of it
 * (Alibaba Cloud sequence_id, a digest of a Tencent reply, the call and key) is unique, so a
 * callback pushed twice is recognised and changes nothing. Holds no telephone number: only the
 * masked number (138****8000) and the person it was matched to.
 */
@Entity({ name: 'inbound_message' })
@Index('uq_inbound_message_dedup', ['dedupKey'], { unique: true })
@Index('ix_inbound_message_received', ['receivedAt'])
export class InboundMessageEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'dedup_key', type: 'varchar', length: 128 })
  dedupKey!: string;

  @Column({ type: 'varchar', length: 16 })
  provider!: string;

  /** REPLY (上行短信) or KEY (a key pressed during a voice call). */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'phone_masked', type: 'varchar', length: 16, nullable: true })
  phoneMasked!: string | null;

  /** The person the number belongs to (an active contact method), when known. */
  @Column({ name: 'person_id', type: 'varchar', length: 36, nullable: true })
  personId!: string | null;

  /** The code read from the reply, or the key pressed. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  code!: string | null;

  @Column({ type: 'varchar', length: 24 })
  outcome!: InboundOutcome;

  /** The notification it acknowledged (or would have). */
  @Column({ name: 'notification_id', type: 'varchar', length: 36, nullable: true })
  notificationId!: string | null;

  @InstantColumn({ name: 'received_at' })
  receivedAt!: Date;
}
