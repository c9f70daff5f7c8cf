import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, InstantColumn, SupersededAtColumn } from '../../database/columns.helper';
import { PersonEntity } from './person.entity';

/** Another spelling that names the same person (刘闻 / 刘阖 for 刘闯). */
@Entity({ name: 'person_alias' })
@Index('uq_person_alias_alias', ['alias'], { unique: true, where: '"superseded_at" IS NULL' })
export class PersonAliasEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'varchar', length: 64 })
  alias!: string;

  /** When the alias was recorded (null: before recording times were kept, known from the start). */
  @InstantColumn({ name: 'recorded_at', nullable: true })
  recordedAt!: Date | null;

  /** When it stopped naming the person (null: it still does); the row is kept for knownAt. */
  @SupersededAtColumn()
  supersededAt!: Date | null;
}
