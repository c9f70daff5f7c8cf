import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';
import { UserEntity } from './user.entity';

/**
 * A signed-in browser. The cookie carries a random token; only its SHA-256 is stored, so a copy
 * of the database signs no one in.
 */
@Entity({ name: 'user_session' })
@Index('uq_user_session_token_hash', ['tokenHash'], { unique: true })
@Index('ix_user_session_user', ['userId'])
export class UserSessionEntity {
  @IdColumn()
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  @InstantColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @InstantColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
