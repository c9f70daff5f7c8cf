import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';
import { PersonEntity } from '../../roster/entities/person.entity';

/** How a person can be reached; the notification channel is chosen from the kind. */
export type ContactKind = 'MOBILE' | 'OFFICE_PHONE' | 'EMAIL' | 'WEBHOOK';

export const CONTACT_KINDS: readonly ContactKind[] = ['MOBILE', 'OFFICE_PHONE', 'EMAIL', 'WEBHOOK'];

/**
 * One way to reach a person (a mobile number, an office phone, an e-mail address, a webhook URL).
 * Personal data: exposed only to roles that need it (roster_editor, duty_officer, admin) and
 * masked in the audit log. Tried in priority order (1 = first); inactive methods are kept but not used.
 */
@Entity({ name: 'contact_method' })
@Index('ix_contact_method_person', ['personId'])
export class ContactMethodEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @ManyToOne(() => PersonEntity)
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'varchar', length: 16 })
  kind!: ContactKind;

  @Column({ type: 'varchar', length: 512 })
  value!: string;

  /** 1 = tried first. */
  @Column({ type: 'integer', default: 1 })
  priority!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  label!: string | null;

  /** Set explicitly on every insert (no column default: boolean defaults are spelt differently on SQLite and Postgres). */
  @Column({ type: 'boolean' })
  active!: boolean;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
