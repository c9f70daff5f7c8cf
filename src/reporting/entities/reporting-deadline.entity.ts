import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import type { DeadlineKind } from '../core/deadlines';

/**
 * One reporting deadline of an incident (信息报送): the 首报 (INITIAL, seq 0), each 续报
 * (FOLLOW_UP, seq 1, 2 … one open at a time) and the 终报 (FINAL, seq 0, made when the incident is
 * closed). Open while neither filed nor cancelled; the alerts sent for its current due time are
 * remembered so that each goes out once (a regrade that moves the due time clears them).
 */
@Entity({ name: 'reporting_deadline' })
@Index('uq_reporting_deadline_incident_kind_seq', ['incidentId', 'kind', 'seq'], { unique: true })
@Index('ix_reporting_deadline_open_due', ['filedAt', 'cancelledAt', 'dueAt'])
export class ReportingDeadlineEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId!: string;

  @ManyToOne(() => IncidentEntity)
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column({ type: 'varchar', length: 16 })
  kind!: DeadlineKind;

  @Column({ type: 'integer', default: 0 })
  seq!: number;

  @InstantColumn({ name: 'due_at' })
  dueAt!: Date;

  @InstantColumn({ name: 'filed_at', nullable: true })
  filedAt!: Date | null;

  /** The report that met it. */
  @Column({ name: 'report_id', type: 'varchar', length: 36, nullable: true })
  reportId!: string | null;

  /** No longer due (the new plan after a regrade has no scheduled follow-ups, or the incident was closed before it). */
  @InstantColumn({ name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @InstantColumn({ name: 'alerted_soon_at', nullable: true })
  alertedSoonAt!: Date | null;

  @InstantColumn({ name: 'alerted_overdue_at', nullable: true })
  alertedOverdueAt!: Date | null;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
