import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';

/**
 * An API key. Only the SHA-256 hash of the secret is stored; the secret is shown once, when the
 * key is created. Roles are a JSON array of role names.
 */
@Entity({ name: 'api_key' })
@Index('uq_api_key_key_hash', ['keyHash'], { unique: true })
export class ApiKeyEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  /** sha256 hex of the secret. */
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  @Column({ type: 'text', default: '[]' })
  roles!: string;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  @InstantColumn({ name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @InstantColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @InstantColumn({ name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}
