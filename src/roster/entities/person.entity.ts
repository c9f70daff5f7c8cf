import { Column, Entity } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';

/** A natural person. Contact data lives elsewhere and never on a GraphQL model of this. */
@Entity({ name: 'person' })
export class PersonEntity {
  @IdColumn()
  id!: string;

  /** Canonical name; other spellings (OCR variants, former names) are aliases. */
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @InstantColumn({ name: 'recorded_at' })
  recordedAt!: Date;
}
