import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn } from '../../database/columns.helper';
import { PersonEntity } from './person.entity';

/** Another spelling that names the same person (刘闻 / 刘阖 for 刘闯). */
@Entity({ name: 'person_alias' })
@Index('uq_person_alias_alias', ['alias'], { unique: true })
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
}
