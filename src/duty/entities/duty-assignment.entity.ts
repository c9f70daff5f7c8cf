import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';
import type { DutyRole } from '../core/duty-roster';

/**
 * One person on one shift of one office in one duty role (值班员 or 带班领导). Effective for the
 * shift's window (frozen when recorded), known from recordedAt until supersededAt: an import, a swap
 * or an absence supersedes rows and records new ones; no row is ever updated otherwise or deleted.
 */
@Entity({ name: 'duty_assignment' })
@Index('ix_duty_assignment_office_window', ['office', 'startsAt'])
@Index('ix_duty_assignment_person', ['personId'])
@Index('ix_duty_assignment_change', ['changeId'])
export class DutyAssignmentEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  office!: string;

  /** The China date the shift starts on, YYYY-MM-DD. */
  @Column({ name: 'shift_date', type: 'varchar', length: 10 })
  shiftDate!: string;

  @Column({ name: 'shift_code', type: 'varchar', length: 32 })
  shiftCode!: string;

  @Column({ name: 'shift_name', type: 'varchar', length: 32 })
  shiftName!: string;

  @InstantColumn({ name: 'starts_at' })
  startsAt!: Date;

  @InstantColumn({ name: 'ends_at' })
  endsAt!: Date;

  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: DutyRole;

  @Column({ type: 'integer' })
  ordinal!: number;

  @InstantColumn({ name: 'recorded_at' })
  recordedAt!: Date;

  @InstantColumn({ name: 'superseded_at', nullable: true })
  supersededAt!: Date | null;

  @Column({ name: 'change_id', type: 'varchar', length: 36 })
  changeId!: string;

  @Column({ name: 'replaces_person_id', type: 'varchar', length: 36, nullable: true })
  replacesPersonId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
