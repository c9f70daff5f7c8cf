import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { InstantColumn, RowIdColumn, StableIdColumn, SupersededAtColumn } from '../../database/columns.helper';
import { PositionEntity } from './position.entity';
import { PersonEntity } from './person.entity';

/**
 * A person holding a position from effectiveFrom until effectiveTo (open while null). Both the
 * effective time and the time it was recorded are kept; history is never overwritten, a tenure
 * ends and another begins.
 */
@Entity({ name: 'tenure' })
@Index('ix_tenure_stable_id', ['id'])
@Index('ix_tenure_position', ['positionId'])
@Index('ix_tenure_person', ['personId'])
export class TenureEntity {
  /** The primary key of this version (column id). */
  @RowIdColumn()
  rowId!: string;

  /** The stable id every version shares, shown by the API (column stable_id); see RowIdColumn. */
  @StableIdColumn()
  id!: string;

  /** When a corrected version was recorded beside this one (null: the current version). */
  @SupersededAtColumn()
  supersededAt!: Date | null;

  @Column({ name: 'position_id', type: 'varchar', length: 36 })
  positionId!: string;

  @ManyToOne(() => PositionEntity)
  @JoinColumn({ name: 'position_id' })
  position?: PositionEntity;

  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @ManyToOne(() => PersonEntity)
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @InstantColumn({ name: 'effective_from' })
  effectiveFrom!: Date;

  @InstantColumn({ name: 'effective_to', nullable: true })
  effectiveTo!: Date | null;

  @InstantColumn({ name: 'recorded_at' })
  recordedAt!: Date;

  /** When effectiveTo was recorded (null while open). */
  @InstantColumn({ name: 'end_recorded_at', nullable: true })
  endRecordedAt!: Date | null;

  /** 代理 / 主持工作: an acting holder. */
  @Column({ type: 'boolean', default: false })
  acting!: boolean;

  @Column({ name: 'document_ref', type: 'varchar', length: 128, nullable: true })
  documentRef!: string | null;
}
