import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';

export type DutyChangeKind = 'IMPORT' | 'SWAP' | 'ABSENCE';

/** The journal of duty-roster changes: who changed what, when, and why (append-only). */
@Entity({ name: 'duty_change' })
@Index('ix_duty_change_office_recorded', ['office', 'recordedAt'])
export class DutyChangeEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: DutyChangeKind;

  @Column({ type: 'varchar', length: 32 })
  office!: string;

  /** What changed, in Chinese (never a contact value). */
  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @InstantColumn({ name: 'recorded_at' })
  recordedAt!: Date;

  @Column({ name: 'actor_key_id', type: 'varchar', length: 36, nullable: true })
  actorKeyId!: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 128, nullable: true })
  actorName!: string | null;

  /** JSON: the change's particulars (month, rows, persons, shifts). */
  @Column({ type: 'text', default: '{}' })
  data!: string;
}
