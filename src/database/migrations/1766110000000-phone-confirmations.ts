import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { instant } from './table-columns.helper';

/**
 * Confirmations taken by telephone: when the duty officer recorded one. notification.acknowledged_at
 * is when the person confirmed (the call, acknowledgeNotification's receivedAt); the officer may
 * record it minutes later. Null for rows acknowledged before (recorded when they were confirmed).
 */
export class PhoneConfirmations1766110000000 implements MigrationInterface {
  name = 'PhoneConfirmations1766110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('notification', new TableColumn(instant('acknowledgement_recorded_at', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('notification', 'acknowledgement_recorded_at');
  }
}
