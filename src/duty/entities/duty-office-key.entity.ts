import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';

/**
 * Binds an API key to the duty office it keeps the roster of: a duty_officer key may swap shifts and
 * record absences only in the offices it is bound to (roster_editor and admin keys in every office).
 */
@Entity({ name: 'duty_office_key' })
@Index('uq_duty_office_key', ['keyId', 'office'], { unique: true })
export class DutyOfficeKeyEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'key_id', type: 'varchar', length: 36 })
  keyId!: string;

  @Column({ type: 'varchar', length: 32 })
  office!: string;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;
}
