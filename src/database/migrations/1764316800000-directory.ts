import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, uuid, instant, fk, booleanColumn } from './table-columns.helper';

/** The command directory: persons, positions, tenures, command bodies, seats and who fills them. */
export class Directory1764316800000 implements MigrationInterface {
  name = 'Directory1764316800000';

  async up(q: QueryRunner): Promise<void> {
    const bool = booleanColumn(q);
    await q.createTable(
      new Table({
        name: 'person',
        columns: [id, { name: 'name', type: 'varchar', length: '64' }, instant('recorded_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'person_alias',
        columns: [id, uuid('person_id'), { name: 'alias', type: 'varchar', length: '64' }],
        indices: [{ name: 'uq_person_alias_alias', columnNames: ['alias'], isUnique: true }],
        foreignKeys: [fk('person_id', 'person', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'position',
        columns: [
          id,
          { name: 'jurisdiction', type: 'varchar', length: '32' },
          { name: 'title', type: 'varchar', length: '128' },
          bool('multi_holder'),
          { name: 'aliases', type: 'text', default: "'[]'" },
        ],
        indices: [{ name: 'uq_position_jurisdiction_title', columnNames: ['jurisdiction', 'title'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'tenure',
        columns: [
          id,
          uuid('position_id'),
          uuid('person_id'),
          instant('effective_from'),
          instant('effective_to', true),
          instant('recorded_at'),
          instant('end_recorded_at', true),
          bool('acting'),
          { name: 'document_ref', type: 'varchar', length: '128', isNullable: true },
        ],
        indices: [
          { name: 'ix_tenure_position', columnNames: ['position_id'] },
          { name: 'ix_tenure_person', columnNames: ['person_id'] },
        ],
        foreignKeys: [fk('position_id', 'position'), fk('person_id', 'person')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'command_body',
        columns: [
          id,
          { name: 'jurisdiction', type: 'varchar', length: '32' },
          { name: 'code', type: 'varchar', length: '64' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'name', type: 'varchar', length: '128' },
          { name: 'other_names', type: 'text', default: "'[]'" },
          { name: 'ordinal', type: 'integer' },
          { name: 'duties', type: 'text' },
          { name: 'members_text', type: 'text', isNullable: true },
          { name: 'office_host_unit', type: 'varchar', length: '128' },
          { name: 'office_duties', type: 'text' },
          { name: 'document_ref', type: 'varchar', length: '128', isNullable: true },
          instant('established_at'),
          instant('recorded_at'),
        ],
        indices: [{ name: 'uq_command_body_jurisdiction_code', columnNames: ['jurisdiction', 'code'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'seat',
        columns: [
          id,
          uuid('body_id'),
          { name: 'role', type: 'varchar', length: '32' },
          { name: 'ordinal', type: 'integer' },
          uuid('position_id'),
          { name: 'listed_title', type: 'varchar', length: '128', isNullable: true },
          instant('effective_from'),
          instant('effective_to', true),
          instant('recorded_at'),
          instant('end_recorded_at', true),
        ],
        indices: [
          { name: 'ix_seat_body', columnNames: ['body_id'] },
          { name: 'ix_seat_position', columnNames: ['position_id'] },
        ],
        foreignKeys: [fk('body_id', 'command_body'), fk('position_id', 'position')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'seat_assignment',
        columns: [
          id,
          uuid('seat_id'),
          uuid('person_id', true),
          uuid('tenure_id', true),
          instant('effective_from'),
          instant('effective_to', true),
          instant('recorded_at'),
          instant('end_recorded_at', true),
          bool('acting'),
        ],
        indices: [
          { name: 'ix_seat_assignment_seat', columnNames: ['seat_id'] },
          { name: 'ix_seat_assignment_person', columnNames: ['person_id'] },
        ],
        foreignKeys: [fk('seat_id', 'seat'), fk('person_id', 'person'), fk('tenure_id', 'tenure')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'roster_revision',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'revision', type: 'integer' },
          instant('changed_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'roster_revision',
      'seat_assignment',
      'seat',
      'command_body',
      'tenure',
      'position',
      'person_alias',
      'person',
    ]) {
      await q.dropTable(table);
    }
  }
}
