import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';

/** What a roster change did; see RosterChangeService. */
export type RosterChangeKind =
  | 'APPOINT'
  | 'APPOINT_ACTING'
  | 'VACATE'
  | 'ADD_SEAT'
  | 'REMOVE_SEAT'
  | 'REASSIGN_SEAT'
  | 'REORDER_SEATS'
  | 'RENAME_PERSON'
  | 'CONTACT_METHOD'
  | 'IMPORT'
  | 'UPDATE_BODY';

/**
 * The journal of personnel and seat changes: one row per change, appended in the same transaction
 * as the change, with when it takes effect, when it was recorded, who recorded it and under which
 * document. Never updated or deleted.
 */
@Entity({ name: 'roster_change' })
@Index('ix_roster_change_recorded_at', ['recordedAt'])
@Index('ix_roster_change_effective_from', ['effectiveFrom'])
export class RosterChangeEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: RosterChangeKind;

  /** One line in Chinese: 测试甲 任 市应急管理局局长（接替 鲍瑞卿）. */
  @Column({ type: 'text' })
  summary!: string;

  @InstantColumn({ name: 'effective_from' })
  effectiveFrom!: Date;

  @InstantColumn({ name: 'recorded_at' })
  recordedAt!: Date;

  /** Order among the rows recorded by the same transaction (an import records many at one instant). */
  @Column({ type: 'integer', default: 0 })
  sequence!: number;

  @Column({ name: 'document_ref', type: 'varchar', length: 128, nullable: true })
  documentRef!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'actor_key_id', type: 'varchar', length: 36, nullable: true })
  actorKeyId!: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 128, nullable: true })
  actorName!: string | null;

  /** The change's details (ids, names, titles), JSON. */
  @Column({ type: 'text', default: '{}' })
  data!: string;
}
