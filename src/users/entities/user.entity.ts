import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../../database/columns.helper';

/** A person who signs in to the console. The password is stored only as an argon2id hash. */
@Entity({ name: 'user_account' })
@Index('uq_user_account_username', ['username'], { unique: true })
export class UserEntity {
  @IdColumn()
  id!: string;

  /** Lower-case login name (letters, digits, . _ -). */
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 128 })
  displayName!: string;

  /** argon2id PHC string ($argon2id$v=19$m=…). */
  @Column({ name: 'password_hash', type: 'varchar', length: 256 })
  passwordHash!: string;

  /** JSON array of roles, as for API keys. */
  @Column({ type: 'text', default: '[]' })
  roles!: string;

  /** Consecutive failed sign-ins since the last success. */
  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts!: number;

  @InstantColumn({ name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  @InstantColumn({ name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  @InstantColumn({ name: 'password_changed_at' })
  passwordChangedAt!: Date;

  @InstantColumn({ name: 'last_sign_in_at', nullable: true })
  lastSignInAt!: Date | null;
}
