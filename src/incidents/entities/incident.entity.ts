import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';
import type { Severity } from '../../common/core/severity';
import type { IncidentStatus } from '../models/incident-status.enum';

/**
 * An incident reported by a duty officer (值班员). The activation resolved when it was reported
 * (or last regraded) is frozen on it as JSON (activation_json), so later roster changes never
 * rewrite who was told; every change is an IncidentEvent.
 */
@Entity({ name: 'incident' })
@Index('uq_incident_idempotency_key', ['idempotencyKey'], { unique: true })
@Index('ix_incident_reported_at', ['reportedAt'])
@Index('ix_incident_status_reported_at', ['status', 'reportedAt'])
export class IncidentEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'incident_type', type: 'varchar', length: 64 })
  incidentType!: string;

  @Column({ type: 'varchar', length: 8 })
  severity!: Severity;

  @Column({ type: 'varchar', length: 16 })
  status!: IncidentStatus;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Free text: where it happened. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  location!: string | null;

  /** The county/district of config/jurisdiction.yaml. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  county!: string | null;

  /** Who reported it (the duty officer's name or unit), as given. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reporter!: string | null;

  @InstantColumn({ name: 'occurred_at', nullable: true })
  occurredAt!: Date | null;

  @InstantColumn({ name: 'reported_at' })
  reportedAt!: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @InstantColumn({ name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true })
  idempotencyKey!: string | null;

  /** SHA-256 of the report's content, to tell a retry from a different report under the same key. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash!: string | null;

  /** The current frozen activation (ActivationResult JSON); earlier ones are kept in the events. */
  @Column({ name: 'activation_json', type: 'text' })
  activationJson!: string;

  /** A drill (演练): every message starts with 【演练】; left out of the response figures unless asked for. */
  @Column({ type: 'boolean', default: false })
  exercise!: boolean;
}
