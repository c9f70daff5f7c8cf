import { Column, Entity, Index } from 'typeorm';
import { InstantColumn, RowIdColumn, StableIdColumn, SupersededAtColumn } from '../../database/columns.helper';

export type CommandBodyKind = 'HEADQUARTERS' | 'POST';

/** The general headquarters or one specialized command post, with its office. */
@Entity({ name: 'command_body' })
@Index('ix_command_body_stable_id', ['id'])
@Index('uq_command_body_jurisdiction_code', ['jurisdiction', 'code'], {
  unique: true,
  where: '"superseded_at" IS NULL',
})
export class CommandBodyEntity {
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

  /** HQ, or the post code of the contract (EARTHQUAKE …). */
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: CommandBodyKind;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  /** Other names the body carries (市减灾委员会). JSON array. */
  @Column({ name: 'other_names', type: 'text', default: '[]' })
  otherNames!: string;

  /** Position in the founding document. */
  @Column({ type: 'integer' })
  ordinal!: number;

  @Column({ type: 'text' })
  duties!: string;

  /** Members named by description, not as seats (有关单位分管负责人). */
  @Column({ name: 'members_text', type: 'text', nullable: true })
  membersText!: string | null;

  @Column({ name: 'office_host_unit', type: 'varchar', length: 128 })
  officeHostUnit!: string;

  @Column({ name: 'office_duties', type: 'text' })
  officeDuties!: string;

  @Column({ name: 'document_ref', type: 'varchar', length: 128, nullable: true })
  documentRef!: string | null;

  @InstantColumn({ name: 'established_at' })
  establishedAt!: Date;

  @InstantColumn({ name: 'recorded_at' })
  recordedAt!: Date;
}
