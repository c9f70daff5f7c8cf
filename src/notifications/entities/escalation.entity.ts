import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';
import { IncidentEntity } from '../../incidents/entities/incident.entity';

/**
 * The escalation clock of one incident. WAITING: a delayed job fires at due_at unless a commander
 * of the activated post acknowledges first (CANCELLED). NONE: the post is not activated, there is
 * no commander to wait for. EXHAUSTED: maxLevels escalations fired. CLOSED: the incident was closed.
 * queued_jobs is the relay's outbox marker: the job of level + 1 is in the queue once queued_jobs > level.
 */
export type EscalationStatus = 'WAITING' | 'CANCELLED' | 'NONE' | 'EXHAUSTED' | 'CLOSED';

@Entity({ name: 'notification_escalation' })
@Index('uq_notification_escalation_incident', ['incidentId'], { unique: true })
@Index('ix_notification_escalation_status', ['status', 'dueAt'])
/** The clocks whose next job is not in the queue yet (the relay's question), and only those. */
@Index('ix_notification_escalation_unqueued', ['status', 'dueAt'], { where: '"queued_jobs" <= "level"' })
export class EscalationEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId!: string;

  @ManyToOne(() => IncidentEntity)
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column({ type: 'varchar', length: 16 })
  status!: EscalationStatus;

  /** Escalations fired so far. */
  @Column({ type: 'integer', default: 0 })
  level!: number;

  @Column({ name: 'queued_jobs', type: 'integer', default: 0 })
  queuedJobs!: number;

  /** Time allowed for acknowledgement at each level (from config escalation.minutes of the grade). */
  @Column({ name: 'interval_ms', type: 'integer' })
  intervalMs!: number;

  @InstantColumn({ name: 'due_at' })
  dueAt!: Date;

  /** The commanders not acknowledged at the last escalation, etc. (JSON), for the messages. */
  @Column({ type: 'text', default: '{}' })
  data!: string;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt!: Date;

  /** The acknowledgement that stopped it. */
  @Column({ name: 'cancelled_by', type: 'varchar', length: 36, nullable: true })
  cancelledBy!: string | null;
}
