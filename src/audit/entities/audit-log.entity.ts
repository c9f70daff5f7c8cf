import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';

/**
 * One mutation as it was asked and how it ended. Appended only: the application has no path that
 * updates or deletes these rows.
 */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_at', ['at'])
@Index('ix_audit_log_operation', ['operation'])
@Index('ix_audit_log_key_id', ['keyId'])
export class AuditLogEntity {
  @IdColumn()
  id!: string;

  @InstantColumn({ name: 'at' })
  at!: Date;

  /** The API key used; null for requests refused before a key was recognised. ADMIN_API_KEY is "bootstrap". */
  @Column({ name: 'key_id', type: 'varchar', length: 36, nullable: true })
  keyId!: string | null;

  @Column({ name: 'key_name', type: 'varchar', length: 128, nullable: true })
  keyName!: string | null;

  /** JSON array of the key's roles. */
  @Column({ type: 'text', default: '[]' })
  roles!: string;

  /** The GraphQL field of the mutation (appoint, reportIncident, createApiKey …). */
  @Column({ type: 'varchar', length: 128 })
  operation!: string;

  /** The arguments, JSON, with personal data and secrets masked. */
  @Column({ type: 'text', default: '{}' })
  arguments!: string;

  /** "ok" or the error code (BAD_USER_INPUT, FORBIDDEN …). */
  @Column({ type: 'varchar', length: 64 })
  result!: string;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;
}
