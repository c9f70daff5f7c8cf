import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { id, instant, uuid, varchar } from './table-columns.helper';

/**
 * SMS and voice through the cloud providers: the reply code of each notification ("1 <code>"
 * confirms), the provider and its message id on each delivery attempt (receipts find the attempt by
 * it) with the receipt, and the replies and key presses received.
 */
export class SmsVoice1765120000000 implements MigrationInterface {
  name = 'SmsVoice1765120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('notification', new TableColumn(varchar('reply_code', 8, true)));
    await q.createIndex(
      'notification',
      new TableIndex({
        name: 'uq_notification_person_reply_code',
        columnNames: ['person_id', 'reply_code'],
        isUnique: true,
      }),
    );
    await q.addColumns(
      'delivery_attempt',
      [
        varchar('provider', 16, true),
        varchar('provider_message_id', 128, true),
        varchar('receipt', 200, true),
        instant('receipt_at', true),
      ].map((c) => new TableColumn(c)),
    );
    await q.createIndex(
      'delivery_attempt',
      new TableIndex({
        name: 'ix_delivery_attempt_provider_message',
        columnNames: ['provider', 'provider_message_id'],
      }),
    );
    await q.createTable(
      new Table({
        name: 'inbound_message',
        columns: [
          id,
          varchar('dedup_key', 128),
          varchar('provider', 16),
          varchar('kind', 16),
          varchar('phone_masked', 16, true),
          uuid('person_id', true),
          varchar('code', 16, true),
          varchar('outcome', 24),
          uuid('notification_id', true),
          instant('received_at'),
        ],
        indices: [
          { name: 'uq_inbound_message_dedup', columnNames: ['dedup_key'], isUnique: true },
          { name: 'ix_inbound_message_received', columnNames: ['received_at'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('inbound_message');
    await q.dropIndex('delivery_attempt', 'ix_delivery_attempt_provider_message');
    for (const c of ['receipt_at', 'receipt', 'provider_message_id', 'provider'])
      await q.dropColumn('delivery_attempt', c);
    await q.dropIndex('notification', 'uq_notification_person_reply_code');
    await q.dropColumn('notification', 'reply_code');
  }
}
