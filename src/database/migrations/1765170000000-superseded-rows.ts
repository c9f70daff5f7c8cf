import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { instant, uuid } from './table-columns.helper';

/** The roster tables whose rows are versions of something with a stable id. */
const VERSIONED = ['person', 'position', 'command_body', 'tenure', 'seat', 'seat_assignment'] as const;

/** Unique indexes that hold among the current versions only (superseded versions repeat the key). */
const CURRENT_UNIQUE = [
  { table: 'person_alias', name: 'uq_person_alias_alias', columns: ['alias'] },
  { table: 'position', name: 'uq_position_jurisdiction_title', columns: ['jurisdiction', 'title'] },
  { table: 'command_body', name: 'uq_command_body_jurisdiction_code', columns: ['jurisdiction', 'code'] },
];

export const CURRENT_ONLY = '"superseded_at" IS NULL';

/**
 * History never rewritten (superseded rows). A roster row is never updated again after it is
 * written, except to close it in recorded time: `superseded_at` is set when a corrected version
 * is recorded beside it (a shortened acting period, a renamed person, a seat's new order), so a
 * `knownAt` query sees exactly the versions recorded by then and not superseded by then.
 *
 * `stable_id` is the identity every version shares and the id the API shows (Seat.id, Person.id,
 * Position.id …); `id` stays the primary key of one version. For rows written before this
 * migration both are equal, and references (seat_assignment.seat_id, tenure.person_id …) keep
 * pointing at the first version's `id`, which is never deleted, so foreign keys hold unchanged.
 * A seat's order and title are attributes with history: a seat is one or more versions with the
 * same stable id covering consecutive effective periods (seat order history).
 *
 * Aliases and positions get `recorded_at` (null for rows written before: known from the start).
 */
export class SupersededRows1765170000000 implements MigrationInterface {
  name = 'SupersededRows1765170000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of VERSIONED) {
      await q.addColumns(table, [
        new TableColumn(uuid('stable_id', true)),
        new TableColumn(instant('superseded_at', true)),
      ]);
      await q.query(`UPDATE "${table}" SET "stable_id" = "id"`);
      await q.changeColumn(table, 'stable_id', new TableColumn(uuid('stable_id')));
      await q.createIndex(table, new TableIndex({ name: `ix_${table}_stable_id`, columnNames: ['stable_id'] }));
    }
    await q.addColumns('person_alias', [
      new TableColumn(instant('recorded_at', true)),
      new TableColumn(instant('superseded_at', true)),
    ]);
    await q.addColumn('position', new TableColumn(instant('recorded_at', true)));
    for (const index of CURRENT_UNIQUE) {
      await q.dropIndex(index.table, index.name);
      await q.createIndex(
        index.table,
        new TableIndex({ name: index.name, columnNames: index.columns, isUnique: true, where: CURRENT_ONLY }),
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // Superseded versions are history that the earlier schema cannot hold: refuse rather than lose it.
    for (const table of [...VERSIONED, 'person_alias']) {
      const [{ n }] = (await q.query(
        `SELECT COUNT(*) AS n FROM "${table}" WHERE "superseded_at" IS NOT NULL`,
      )) as Array<{ n: number | string }>;
      if (Number(n) > 0)
        throw new Error(
          `cannot revert ${this.name}: ${table} holds ${n} superseded versions that the earlier schema cannot keep`,
        );
    }
    for (const index of CURRENT_UNIQUE) await q.dropIndex(index.table, index.name);
    await q.dropColumn('position', 'recorded_at');
    await q.dropColumns('person_alias', ['recorded_at', 'superseded_at']);
    for (const table of [...VERSIONED].reverse()) {
      await q.dropIndex(table, `ix_${table}_stable_id`);
      await q.dropColumns(table, ['stable_id', 'superseded_at']);
    }
    for (const index of CURRENT_UNIQUE) {
      await q.createIndex(
        index.table,
        new TableIndex({ name: index.name, columnNames: index.columns, isUnique: true }),
      );
    }
  }
}
