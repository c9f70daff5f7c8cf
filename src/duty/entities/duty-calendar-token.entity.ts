import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';

/**
 * A person's calendar-feed token. Only the SHA-256 hash is stored; the token is shown once. A new
 * token for a person revokes the previous one.
 */
@Entity({ name: 'duty_calendar_token' })
@Index('uq_duty_calendar_token_hash', ['tokenHash'], { unique: true })
@Index('ix_duty_calendar_token_person', ['personId'])
export class DutyCalendarTokenEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  @InstantColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
