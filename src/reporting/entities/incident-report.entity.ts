import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import type { DeadlineKind } from '../core/deadlines';

/** A written report filed up the line (fileReport): 首报, 续报 or 终报, its text, when and by whom. Never changed. */
@Entity({ name: 'incident_report' })
@Index('ix_incident_report_incident', ['incidentId', 'filedAt'])
export class IncidentReportEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId!: string;

  @ManyToOne(() => IncidentEntity)
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column({ type: 'varchar', length: 16 })
  kind!: DeadlineKind;

  @Column({ type: 'text' })
  text!: string;

  @InstantColumn({ name: 'filed_at' })
  filedAt!: Date;

  /** The API key name of the duty officer who filed it. */
  @Column({ name: 'filed_by', type: 'varchar', length: 128, nullable: true })
  filedBy!: string | null;

  /** The deadline it met (null: no deadline of that kind was open). */
  @Column({ name: 'deadline_id', type: 'varchar', length: 36, nullable: true })
  deadlineId!: string | null;
}
