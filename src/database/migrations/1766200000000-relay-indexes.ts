import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const INDEXES: Array<{ table: string; index: TableIndex }> = [
  {
    table: 'notification',
    index: new TableIndex({
      name: 'ix_notification_unqueued',
      columnNames: ['updated_at', 'id'],
      where: '"queued_sends" <= "send_seq"',
    }),
  },
  {
    table: 'notification_escalation',
    index: new TableIndex({
      name: 'ix_notification_escalation_unqueued',
      columnNames: ['status', 'due_at'],
      where: '"queued_jobs" <= "level"',
    }),
  },
];

/**
 * The relay's two questions on every pass (which sends wait for the queue, which escalation clocks wait
 * for their job) answered from partial indexes that hold just the rows waiting, in the order they are
 * taken: before, each pass read every PENDING row and sorted them (a mass notification's backlog, on
 * every batch of 200) and every WAITING escalation clock (every open incident nobody confirmed).
 */
export class RelayIndexes1766200000000 implements MigrationInterface {
  name = 'RelayIndexes1766200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const { table, index } of INDEXES) await q.createIndex(table, index);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table, index } of INDEXES) await q.dropIndex(table, index.name!);
  }
}
