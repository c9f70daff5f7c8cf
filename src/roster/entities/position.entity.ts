import { Column, Entity, Index } from 'typeorm';
import { IdColumn } from '../../database/columns.helper';

/**
 * A title a seat is listed under (市应急管理局局长). Most titles have one holder at a time, and a
 * personnel change moves every seat listed under them; multi-holder titles (副市长) name whom
 * a change replaces.
 */
@Entity({ name: 'position' })
@Index('uq_position_jurisdiction_title', ['jurisdiction', 'title'], { unique: true })
export class PositionEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  jurisdiction!: string;

  @Column({ type: 'varchar', length: 128 })
  title!: string;

  @Column({ name: 'multi_holder', type: 'boolean', default: false })
  multiHolder!: boolean;

  /** Other spellings of the title that name the same position (市交通局局长). JSON array. */
  @Column({ type: 'text', default: '[]' })
  aliases!: string;
}
