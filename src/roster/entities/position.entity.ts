import { Column, Entity, Index } from 'typeorm';
import { InstantColumn, RowIdColumn, StableIdColumn, SupersededAtColumn } from '../../database/columns.helper';

/**
 * A title a seat is listed under (市应急管理局局长). Most titles have one holder at a time, and a
 * personnel change moves every seat listed under them; multi-holder titles (副市长) name whom
 * a change replaces.
 */
@Entity({ name: 'position' })
@Index('ix_position_stable_id', ['id'])
@Index('uq_position_jurisdiction_title', ['jurisdiction', 'title'], { unique: true, where: '"superseded_at" IS NULL' })
export class PositionEntity {
  /** The primary key of this version (column id). */
  @RowIdColumn()
  rowId!: string;

  /** The stable id every version shares, shown by the API (column stable_id); see RowIdColumn. */
  @StableIdColumn()
  id!: string;

  /** When a corrected version was recorded beside this one (null: the current version). */
  @SupersededAtColumn()
  supersededAt!: Date | null;

  @Column({ type: 'varchar', length: 32 })
  jurisdiction!: string;

  @Column({ type: 'varchar', length: 128 })
  title!: string;

  @Column({ name: 'multi_holder', type: 'boolean', default: false })
  multiHolder!: boolean;

  /** Other spellings of the title that name the same position (市交通局局长). JSON array. */
  @Column({ type: 'text', default: '[]' })
  aliases!: string;

  /** When this version was recorded (null: before recording times were kept, known from the start). */
  @InstantColumn({ name: 'recorded_at', nullable: true })
  recordedAt!: Date | null;
}
