import { Column, Entity, Index } from 'typeorm';
import { InstantColumn, RowIdColumn, StableIdColumn, SupersededAtColumn } from '../../database/columns.helper';

/** A natural person. Contact data lives elsewhere and never on a GraphQL model of this. */
@Entity({ name: 'person' })
@Index('ix_person_stable_id', ['id'])
export class PersonEntity {
  /** The primary key of this version (column id). */
  @RowIdColumn()
  rowId!: string;

  /** The stable id every version shares, shown by the API (column stable_id); see RowIdColumn. */
  @StableIdColumn()
  id!: string;

  /** When a corrected version was recorded beside this one (null: the current version). */
  @SupersededAtColumn()
  supersededAt!: Date | null;

  /** Canonical name; other spellings (OCR variants, former names) are aliases. */
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @InstantColumn({ name: 'recorded_at' })
  recordedAt!: Date;
}
