import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, uuid, instant, fk } from './table-columns.helper';

/** Incidents, their events, and the notification outbox written with them. */
export class Incidents1764400000000 implements MigrationInterface {
  name = 'Incidents1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'incident',
        columns: [
          id,
          { name: 'incident_type', type: 'varchar', length: '64' },
          { name: 'severity', type: 'varchar', length: '8' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'description', type: 'text', isNullable: true },
          { name: 'location', type: 'varchar', length: '100', isNullable: true },
          { name: 'county', type: 'varchar', length: '32', isNullable: true },
          { name: 'reporter', type: 'varchar', length: '100', isNullable: true },
          instant('occurred_at', true),
          instant('reported_at'),
          instant('updated_at'),
          instant('closed_at', true),
          { name: 'idempotency_key', type: 'varchar', length: '128', isNullable: true },
          { name: 'request_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'activation_json', type: 'text' },
        ],
        indices: [
          { name: 'uq_incident_idempotency_key', columnNames: ['idempotency_key'], isUnique: true },
          { name: 'ix_incident_reported_at', columnNames: ['reported_at'] },
          { name: 'ix_incident_status_reported_at', columnNames: ['status', 'reported_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'incident_event',
        columns: [
          id,
          uuid('incident_id'),
          { name: 'seq', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '32' },
          instant('at'),
          { name: 'actor', type: 'varchar', length: '128', isNullable: true },
          { name: 'data', type: 'text' },
        ],
        indices: [{ name: 'uq_incident_event_incident_seq', columnNames: ['incident_id', 'seq'], isUnique: true }],
        foreignKeys: [fk('incident_id', 'incident')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notification',
        columns: [
          id,
          uuid('incident_id'),
          { name: 'ordinal', type: 'integer' },
          uuid('person_id'),
          { name: 'person_name', type: 'varchar', length: '64' },
          { name: 'roles', type: 'text' },
          { name: 'channel', type: 'varchar', length: '32', default: "'log'" },
          { name: 'status', type: 'varchar', length: '16', default: "'PENDING'" },
          { name: 'reason', type: 'text', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'attempts', type: 'integer', default: 0 },
          instant('created_at'),
          instant('updated_at'),
          instant('queued_at', true),
          instant('sent_at', true),
          instant('delivered_at', true),
          instant('acknowledged_at', true),
          instant('failed_at', true),
        ],
        indices: [
          { name: 'uq_notification_incident_person', columnNames: ['incident_id', 'person_id'], isUnique: true },
          { name: 'ix_notification_status_created', columnNames: ['status', 'created_at'] },
        ],
        foreignKeys: [fk('incident_id', 'incident')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notification', 'incident_event', 'incident']) await q.dropTable(table);
  }
}
