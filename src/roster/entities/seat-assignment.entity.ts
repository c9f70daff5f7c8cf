import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { InstantColumn, RowIdColumn, StableIdColumn, SupersededAtColumn } from '../../database/columns.helper';
import { TenureEntity } from './tenure.entity';
import { SeatEntity } from './seat.entity';
import { PersonEntity } from './person.entity';

/**
 * Who fills a seat over a period. A seat follows its position's holder: a personnel change ends
 * the assignments of every seat under the title and opens new ones, in one transaction. A
 * period with no assignment, or one whose personId is null, is a vacancy.
 */
@Entity({ name: 'seat_assignment' })
@Index('ix_seat_assignment_stable_id', ['id'])
@Index('ix_seat_assignment_seat', ['seatId'])
@Index('ix_seat_assignment_person', ['personId'])
export class SeatAssignmentEntity {
  /** The primary key of this version (column id). */
  @RowIdColumn()
  rowId!: string;

  /** The stable id every version shares, shown by the API (column stable_id); see RowIdColumn. */
  @StableIdColumn()
  id!: string;

  /** When a corrected version was recorded beside this one (null: the current version). */
  @SupersededAtColumn()
  supersededAt!: Date | null;

  @Column({ name: 'seat_id', type: 'varchar', length: 36 })
  seatId!: string;

  @ManyToOne(() => SeatEntity)
  @JoinColumn({ name: 'seat_id' })
  seat?: SeatEntity;

  @Column({ name: 'person_id', type: 'varchar', length: 36, nullable: true })
  personId!: string | null;

  @ManyToOne(() => PersonEntity, { nullable: true })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  /** The tenure this assignment follows from. */
  @Column({ name: 'tenure_id', type: 'varchar', length: 36, nullable: true })
  tenureId!: string | null;

  @ManyToOne(() => TenureEntity, { nullable: true })
  @JoinColumn({ name: 'tenure_id' })
  tenure?: TenureEntity;

  @InstantColumn({ name: 'effective_from' })
  effectiveFrom!: Date;

  @InstantColumn({ name: 'effective_to', nullable: true })
  effectiveTo!: Date | null;

  @InstantColumn({ name: 'recorded_at' })
  recordedAt!: Date;

  @InstantColumn({ name: 'end_recorded_at', nullable: true })
  endRecordedAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  acting!: boolean;
}
