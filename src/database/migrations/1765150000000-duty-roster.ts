import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, instant, integer, text, uuid, varchar } from './table-columns.helper';

/**
 * The duty roster (值班表, issue 15): bitemporal shift assignments, the journal of duty changes,
 * per-person calendar-feed tokens (hashes only) and the duty offices API keys are bound to.
 */
export class DutyRoster1765150000000 implements MigrationInterface {
  name = 'DutyRoster1765150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'duty_assignment',
        columns: [
          id,
          varchar('office', 32),
          varchar('shift_date', 10),
          varchar('shift_code', 32),
          varchar('shift_name', 32),
          instant('starts_at'),
          instant('ends_at'),
          uuid('person_id'),
          varchar('role', 16),
          integer('ordinal'),
          instant('recorded_at'),
          instant('superseded_at', true),
          uuid('change_id'),
          uuid('replaces_person_id', true),
          text('note', true),
        ],
        indices: [
          { name: 'ix_duty_assignment_office_window', columnNames: ['office', 'starts_at'] },
          { name: 'ix_duty_assignment_person', columnNames: ['person_id'] },
          { name: 'ix_duty_assignment_change', columnNames: ['change_id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'duty_change',
        columns: [
          id,
          varchar('kind', 16),
          varchar('office', 32),
          text('summary'),
          text('reason', true),
          instant('recorded_at'),
          uuid('actor_key_id', true),
          varchar('actor_name', 128, true),
          text('data', false, '{}'),
        ],
        indices: [{ name: 'ix_duty_change_office_recorded', columnNames: ['office', 'recorded_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'duty_calendar_token',
        columns: [id, uuid('person_id'), varchar('token_hash', 64), instant('created_at'), instant('revoked_at', true)],
        indices: [
          { name: 'uq_duty_calendar_token_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'ix_duty_calendar_token_person', columnNames: ['person_id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'duty_office_key',
        columns: [id, uuid('key_id'), varchar('office', 32), instant('created_at')],
        indices: [{ name: 'uq_duty_office_key', columnNames: ['key_id', 'office'], isUnique: true }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['duty_office_key', 'duty_calendar_token', 'duty_change', 'duty_assignment'])
      await q.dropTable(table);
  }
}
