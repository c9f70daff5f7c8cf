import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions } from 'typeorm';
import { id, uuid, instant, varchar, integer, fk } from './table-columns.helper';

/** The notification columns delivery appends (NotificationEntity, "Delivery" section). */
const NOTIFICATION_COLUMNS: TableColumnOptions[] = [
  integer('send_seq', 0),
  integer('queued_sends', 0),
  uuid('contact_method_id', true),
  integer('contact_step', 0),
  { ...varchar('message_kind', 16), default: "'INITIAL'" },
  integer('escalation_level', 0),
  varchar('acknowledged_via', 16, true),
  varchar('acknowledged_by', 128, true),
];

/**
 * Notification delivery: how far each notification's sends got (columns on notification), every
 * delivery attempt, and the escalation clock of each incident.
 */
export class NotificationDelivery1764600000000 implements MigrationInterface {
  name = 'NotificationDelivery1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns(
      'notification',
      NOTIFICATION_COLUMNS.map((c) => new TableColumn(c)),
    );
    await q.createTable(
      new Table({
        name: 'delivery_attempt',
        columns: [
          id,
          uuid('notification_id'),
          integer('send_seq'),
          integer('job_attempt'),
          varchar('channel', 32),
          uuid('contact_method_id', true),
          varchar('contact_kind', 16, true),
          instant('at'),
          instant('finished_at', true),
          varchar('outcome', 16),
          { name: 'error', type: 'text', isNullable: true },
          varchar('dedup_key', 64),
          varchar('ack_token_hash', 64, true),
          { name: 'message', type: 'text', isNullable: true },
          varchar('worker', 128, true),
        ],
        indices: [
          { name: 'ix_delivery_attempt_notification', columnNames: ['notification_id', 'at'] },
          { name: 'uq_delivery_attempt_ack_token_hash', columnNames: ['ack_token_hash'], isUnique: true },
        ],
        foreignKeys: [fk('notification_id', 'notification')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notification_escalation',
        columns: [
          id,
          uuid('incident_id'),
          varchar('status', 16),
          integer('level', 0),
          integer('queued_jobs', 0),
          integer('interval_ms'),
          instant('due_at'),
          { name: 'data', type: 'text', default: "'{}'" },
          instant('created_at'),
          instant('updated_at'),
          uuid('cancelled_by', true),
        ],
        indices: [
          { name: 'uq_notification_escalation_incident', columnNames: ['incident_id'], isUnique: true },
          { name: 'ix_notification_escalation_status', columnNames: ['status', 'due_at'] },
        ],
        foreignKeys: [fk('incident_id', 'incident')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notification_escalation');
    await q.dropTable('delivery_attempt');
    await q.dropColumns(
      'notification',
      NOTIFICATION_COLUMNS.map((c) => c.name),
    );
  }
}
