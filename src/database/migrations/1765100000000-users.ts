import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { fk, id, instant, integer, text, uuid, varchar } from './table-columns.helper';

/** Console users (argon2id password hashes, lockout) and their cookie sessions (token hashes only). */
export class Users1765100000000 implements MigrationInterface {
  name = 'Users1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'user_account',
        columns: [
          id,
          varchar('username', 64),
          varchar('display_name', 128),
          varchar('password_hash', 256),
          text('roles', false, '[]'),
          integer('failed_attempts', 0),
          instant('locked_until', true),
          instant('disabled_at', true),
          instant('created_at'),
          instant('password_changed_at'),
          instant('last_sign_in_at', true),
        ],
        indices: [{ name: 'uq_user_account_username', columnNames: ['username'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_session',
        columns: [
          id,
          uuid('user_id'),
          varchar('token_hash', 64),
          instant('created_at'),
          instant('expires_at'),
          instant('revoked_at', true),
        ],
        indices: [
          { name: 'uq_user_session_token_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'ix_user_session_user', columnNames: ['user_id'] },
        ],
        foreignKeys: [fk('user_id', 'user_account')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('user_session');
    await q.dropTable('user_account');
  }
}
