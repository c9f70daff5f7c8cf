import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { InstantColumn, RowIdColumn, StableIdColumn, SupersededAtColumn } from '../../database/columns.helper';
import { PositionEntity } from './position.entity';
import { CommandBodyEntity } from './command-body.entity';
import type { CommandRole } from '../core/command-role';

/** A place on a command body, listed under a position's title. Who fills it is a SeatAssignment. */
@Entity({ name: 'seat' })
@Index('ix_seat_stable_id', ['id'])
@Index('ix_seat_body', ['bodyId'])
@Index('ix_seat_position', ['positionId'])
export class SeatEntity {
  /** The primary key of this version (column id). */
  @RowIdColumn()
  rowId!: string;

  /** The stable id every version shares, shown by the API (column stable_id); see RowIdColumn. */
  @StableIdColumn()
  id!: string;

  /** When a corrected version was recorded beside this one (null: the current version). */
  @SupersededAtColumn()
  supersededAt!: Date | null;

  @Column({ name: 'body_id', type: 'varchar', length: 36 })
  bodyId!: string;

  @ManyToOne(() => CommandBodyEntity)
  @JoinColumn({ name: 'body_id' })
  body?: CommandBodyEntity;

  @Column({ type: 'varchar', length: 32 })
  role!: CommandRole;

  /** Order within its role on the body, as listed in the source. */
  @Column({ type: 'integer' })
  ordinal!: number;

  @Column({ name: 'position_id', type: 'varchar', length: 36 })
  positionId!: string;

  @ManyToOne(() => PositionEntity)
  @JoinColumn({ name: 'position_id' })
  position?: PositionEntity;

  /** The title exactly as the source lists it for this seat, when it differs from the position's. */
  @Column({ name: 'listed_title', type: 'varchar', length: 128, nullable: true })
  listedTitle!: string | null;

  @InstantColumn({ name: 'effective_from' })
  effectiveFrom!: Date;

  @InstantColumn({ name: 'effective_to', nullable: true })
  effectiveTo!: Date | null;

  @InstantColumn({ name: 'recorded_at' })
  recordedAt!: Date;

  @InstantColumn({ name: 'end_recorded_at', nullable: true })
  endRecordedAt!: Date | null;
}
