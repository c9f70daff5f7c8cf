import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { booleanColumn, fk, id, instant, integer, text, uuid, varchar } from './table-columns.helper';

/**
 * Issue 11: confirmations, reporting deadlines, exercises.
 *   incident.exercise                  a drill (演练): every message marked 【演练】, left out of the figures
 *   notification.purpose               NOTICE (the incident's notice, one per person) or REPORT_ALERT
 *                                      (reporting-deadline alerts, one row per person, re-sent per alert)
 *   notification.acknowledgement_note  what the duty officer noted with a confirmation taken by telephone
 *   reporting_deadline, incident_report
 */
export class ConfirmationsReporting1765110000000 implements MigrationInterface {
  name = 'ConfirmationsReporting1765110000000';

  async up(q: QueryRunner): Promise<void> {
    const bool = booleanColumn(q);
    await q.addColumn('incident', new TableColumn(bool('exercise')));
    await q.addColumns('notification', [
      new TableColumn({ ...varchar('purpose', 16), default: "'NOTICE'" }),
      new TableColumn(text('acknowledgement_note', true)),
    ]);
    await q.dropIndex('notification', 'uq_notification_incident_person');
    await q.createIndex(
      'notification',
      new TableIndex({
        name: 'uq_notification_incident_person_purpose',
        columnNames: ['incident_id', 'person_id', 'purpose'],
        isUnique: true,
      }),
    );
    await q.createTable(
      new Table({
        name: 'reporting_deadline',
        columns: [
          id,
          uuid('incident_id'),
          varchar('kind', 16),
          integer('seq', 0),
          instant('due_at'),
          instant('filed_at', true),
          uuid('report_id', true),
          instant('cancelled_at', true),
          instant('alerted_soon_at', true),
          instant('alerted_overdue_at', true),
          instant('created_at'),
          instant('updated_at'),
        ],
        indices: [
          {
            name: 'uq_reporting_deadline_incident_kind_seq',
            columnNames: ['incident_id', 'kind', 'seq'],
            isUnique: true,
          },
          { name: 'ix_reporting_deadline_open_due', columnNames: ['filed_at', 'cancelled_at', 'due_at'] },
        ],
        foreignKeys: [fk('incident_id', 'incident')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'incident_report',
        columns: [
          id,
          uuid('incident_id'),
          varchar('kind', 16),
          text('text'),
          instant('filed_at'),
          varchar('filed_by', 128, true),
          uuid('deadline_id', true),
        ],
        indices: [{ name: 'ix_incident_report_incident', columnNames: ['incident_id', 'filed_at'] }],
        foreignKeys: [fk('incident_id', 'incident')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('incident_report');
    await q.dropTable('reporting_deadline');
    await q.dropIndex('notification', 'uq_notification_incident_person_purpose');
    await q.createIndex(
      'notification',
      new TableIndex({
        name: 'uq_notification_incident_person',
        columnNames: ['incident_id', 'person_id'],
        isUnique: true,
      }),
    );
    await q.dropColumn('notification', 'acknowledgement_note');
    await q.dropColumn('notification', 'purpose');
    await q.dropColumn('incident', 'exercise');
  }
}
