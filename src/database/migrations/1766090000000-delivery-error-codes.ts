import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { legacyErrorCode, scrubDetail } from '../../notifications/core/delivery-error';
import { redactPhone } from '../../notifications/providers/core/phone';
import { varchar } from './table-columns.helper';

const TABLES = [
  { table: 'delivery_attempt', detail: 'error', code: 'error_code' },
  { table: 'notification', detail: 'last_error', code: 'last_error_code' },
] as const;

/**
 * Delivery errors as codes (issue 9): readers see `error_code` / `last_error_code` and its
 * description; the text column keeps the detail for admins. Rows written before get the code read
 * from their text, and their text scrubbed of the contact value, URLs, hosts and echoes (as new rows
 * are), in batches.
 */
export class DeliveryErrorCodes1766090000000 implements MigrationInterface {
  name = 'DeliveryErrorCodes1766090000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const p = (i: number) => (pg ? `$${i}` : '?');
    for (const { table, detail, code } of TABLES) {
      await q.addColumn(table, new TableColumn(varchar(code, 32, true)));
      for (;;) {
        const rows = (await q.query(
          `SELECT t."id" AS "id", t."${detail}" AS "detail", c."value" AS "contact"
             FROM "${table}" t LEFT JOIN "contact_method" c ON c."id" = t."contact_method_id"
            WHERE t."${detail}" IS NOT NULL AND t."${code}" IS NULL LIMIT 500`,
        )) as Array<{ id: string; detail: string; contact: string | null }>;
        if (rows.length === 0) break;
        for (const row of rows) {
          const scrubbed = scrubDetail(redactPhone(row.detail, row.contact), row.contact);
          await q.query(`UPDATE "${table}" SET "${code}" = ${p(1)}, "${detail}" = ${p(2)} WHERE "id" = ${p(3)}`, [
            legacyErrorCode(row.detail),
            scrubbed,
            row.id,
          ]);
        }
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table, code } of TABLES) await q.dropColumn(table, code);
  }
}
