import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';
import type { IncidentEventKind } from '../models/incident-status.enum';
import { IncidentEntity } from './incident.entity';

/** One change to an incident, kept for ever: what (kind, data), when (at), who (actor). */
@Entity({ name: 'incident_event' })
@Index('uq_incident_event_incident_seq', ['incidentId', 'seq'], { unique: true })
export class IncidentEventEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId!: string;

  @ManyToOne(() => IncidentEntity)
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  /** 1, 2, 3 … within the incident. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 32 })
  kind!: IncidentEventKind;

  @InstantColumn({ name: 'at' })
  at!: Date;

  /** Who made the change (the API key's principal once auth exists; null until then). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  actor!: string | null;

  /** What changed, as JSON. */
  @Column({ type: 'text' })
  data!: string;
}
