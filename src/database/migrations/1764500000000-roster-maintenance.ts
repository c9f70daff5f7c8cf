import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { id, uuid, instant, varchar, text } from './table-columns.helper';

/** Roster maintenance: contact methods, API keys, the audit log and the journal of roster changes. */
export class RosterMaintenance1764500000000 implements MigrationInterface {
  name = 'RosterMaintenance1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'contact_method',
        columns: [
          id,
          uuid('person_id'),
          varchar('kind', 16),
          varchar('value', 512),
          { name: 'priority', type: 'integer', default: 1 },
          varchar('label', 64, true),
          { name: 'active', type: 'boolean' },
          instant('created_at'),
          instant('updated_at'),
        ],
        indices: [{ name: 'ix_contact_method_person', columnNames: ['person_id'] }],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['person_id'],
            referencedTableName: 'person',
            referencedColumnNames: ['id'],
            onDelete: 'NO ACTION',
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'api_key',
        columns: [
          id,
          varchar('name', 128),
          varchar('key_hash', 64),
          text('roles', false, '[]'),
          instant('created_at'),
          instant('expires_at', true),
          instant('revoked_at', true),
          instant('last_used_at', true),
        ],
        indices: [{ name: 'uq_api_key_key_hash', columnNames: ['key_hash'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          id,
          instant('at'),
          uuid('key_id', true),
          varchar('key_name', 128, true),
          text('roles', false, '[]'),
          varchar('operation', 128),
          text('arguments', false, '{}'),
          varchar('result', 64),
          text('error_message', true),
        ],
        indices: [
          { name: 'ix_audit_log_at', columnNames: ['at'] },
          { name: 'ix_audit_log_operation', columnNames: ['operation'] },
          { name: 'ix_audit_log_key_id', columnNames: ['key_id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'roster_change',
        columns: [
          id,
          varchar('kind', 32),
          text('summary'),
          instant('effective_from'),
          instant('recorded_at'),
          { name: 'sequence', type: 'integer', default: 0 },
          varchar('document_ref', 128, true),
          text('reason', true),
          uuid('actor_key_id', true),
          varchar('actor_name', 128, true),
          text('data', false, '{}'),
        ],
        indices: [
          { name: 'ix_roster_change_recorded_at', columnNames: ['recorded_at'] },
          { name: 'ix_roster_change_effective_from', columnNames: ['effective_from'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['roster_change', 'audit_log', 'api_key', 'contact_method']) await q.dropTable(table);
  }
}
