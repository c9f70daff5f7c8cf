import { IncidentEntity } from '../incidents/entities/incident.entity';
import { NotificationEntity, newPendingNotification } from '../notifications/entities/notification.entity';
import { insertRows, sqliteValue } from './insert-rows.helper';
import { openTestDatabase, TestDatabase } from './test-database.fixture';
import { testIncident } from './test-rows.fixture';

/**
 * insertRows writes exactly what TypeORM's own insert() writes (same values, same SQLite storage
 * classes), on the migrated schema of the engine under test (SQLite, or DB_TYPE=postgres).
 */
describe('insertRows', () => {
  let db: TestDatabase;
  const sqlite = process.env.DB_TYPE !== 'postgres';
  const p = (n: number) => (sqlite ? '?' : `$${n}`);

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const incident = (exercise: boolean): IncidentEntity => testIncident({ exercise });

  /** Every column of a row, and on SQLite the storage class of each, keyed by column. */
  async function stored(table: string, id: string): Promise<Record<string, unknown>> {
    const [row] = (await db.dataSource.query(`SELECT * FROM "${table}" WHERE id = ${p(1)}`, [id])) as Array<
      Record<string, unknown>
    >;
    expect(row).toBeDefined();
    const out: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) {
      if (column === 'id' || column === 'idempotency_key' || column === 'incident_id') continue;
      out[column] = value;
      if (sqlite) {
        const [kind] = (await db.dataSource.query(`SELECT typeof("${column}") AS t FROM "${table}" WHERE id = ?`, [
          id,
        ])) as Array<{ t: string }>;
        out[`${column}:type`] = kind.t;
      }
    }
    return out;
  }

  it.each([false, true])('writes an incident (exercise %s) as TypeORM does', async (exercise) => {
    const fast = incident(exercise);
    const typeorm = incident(exercise);
    await db.dataSource.transaction((m) => insertRows(m, IncidentEntity, fast));
    await db.dataSource.manager.insert(IncidentEntity, typeorm);
    expect(await stored('incident', fast.id)).toEqual(await stored('incident', typeorm.id));
    const read = await db.dataSource.manager.findOneByOrFail(IncidentEntity, { id: fast.id });
    expect(read.occurredAt).toEqual(fast.occurredAt);
    expect(read.exercise).toBe(exercise);
  });

  it('writes many rows in one statement, each as TypeORM writes it', async () => {
    const owner = incident(false);
    await db.dataSource.manager.insert(IncidentEntity, owner);
    const now = new Date('2026-11-30T02:00:00.000Z');
    const make = (ordinal: number) =>
      newPendingNotification(
        {
          incidentId: owner.id,
          ordinal,
          personId: `p-${ordinal}`,
          personName: `人员${ordinal}`,
          roles: JSON.stringify([{ body: '总指挥部', role: 'COMMANDER' }]),
          channel: 'SMS',
          reason: '事件报告',
        },
        now,
      );
    const fast = [1, 2, 3].map(make);
    const typeorm = [4, 5, 6].map(make);
    await db.dataSource.transaction((m) => insertRows(m, NotificationEntity, fast));
    await db.dataSource.manager.insert(NotificationEntity, typeorm);
    for (let i = 0; i < 3; i++) {
      const a = await stored('notification', fast[i].id);
      const b = await stored('notification', typeorm[i].id);
      for (const key of ['ordinal', 'person_id', 'person_name']) {
        delete a[key];
        delete b[key];
      }
      expect(a).toEqual(b);
    }
    const ordinals = (
      await db.dataSource.manager.find(NotificationEntity, {
        where: { incidentId: owner.id },
        order: { ordinal: 'ASC' },
      })
    ).map((n) => [n.ordinal, n.personName]);
    expect(ordinals.slice(0, 3)).toEqual([
      [1, '人员1'],
      [2, '人员2'],
      [3, '人员3'],
    ]);
  });

  it('hands a row with a column left unset (a database default) to TypeORM, which applies the default', async () => {
    const row = incident(false) as Partial<IncidentEntity>;
    delete row.exercise;
    await db.dataSource.transaction((m) => insertRows(m, IncidentEntity, row));
    const read = await db.dataSource.manager.findOneByOrFail(IncidentEntity, { id: row.id! });
    expect(read.exercise).toBe(false);
  });

  it('writes nothing of a statement the database refuses', async () => {
    const first = incident(false);
    await db.dataSource.transaction((m) => insertRows(m, IncidentEntity, first));
    const again = Object.assign(incident(false), { idempotencyKey: first.idempotencyKey });
    await expect(
      db.dataSource.transaction((m) => insertRows(m, IncidentEntity, [incident(false), again])),
    ).rejects.toThrow(/unique|UNIQUE/);
    const [{ n }] = (await db.dataSource.query(`SELECT COUNT(*) AS n FROM incident WHERE idempotency_key = ${p(1)}`, [
      first.idempotencyKey,
    ])) as Array<{ n: string | number }>;
    expect(Number(n)).toBe(1);
  });

  it('on Postgres prepares the statement once per connection and runs it again by name', async () => {
    if (sqlite) return;
    const names = await db.dataSource.transaction(async (m) => {
      await insertRows(m, IncidentEntity, incident(false));
      await insertRows(m, IncidentEntity, incident(true));
      return (await m.query(
        `SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'insert_rows_%'`,
      )) as Array<{
        name: string;
        statement: string;
      }>;
    });
    const oneRow = names.filter((r) => r.statement.includes('"incident"(') && !r.statement.includes('), ('));
    expect(oneRow).toHaveLength(1); // the same text twice: prepared once on this connection
    expect(new Set(names.map((r) => r.statement)).size).toBe(names.length);
  });

  it('on Postgres with PG_PREPARED_STATEMENTS=off sends the statement as text (a pooler that keeps none)', async () => {
    if (sqlite) return;
    const plain = await openTestDatabase({ PG_PREPARED_STATEMENTS: 'off' });
    try {
      const names = await plain.dataSource.transaction(async (m) => {
        await insertRows(m, IncidentEntity, incident(false));
        return (await m.query(`SELECT name FROM pg_prepared_statements`)) as unknown[];
      });
      expect(names).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('binds on SQLite what TypeORM would have written into the statement', () => {
    // An integer stays an integer even in a TEXT column (a JS number alone binds as REAL: "3.0").
    expect(sqliteValue(3)).toBe(BigInt(3));
    expect(sqliteValue(2.5)).toBe(2.5);
    expect(sqliteValue(true)).toBe(1);
    expect(sqliteValue(false)).toBe(0);
    expect(sqliteValue(new Date('2026-11-30T01:02:03.456Z'))).toBe('2026-11-30 01:02:03.456');
    expect(sqliteValue('3')).toBe('3');
    expect(sqliteValue(null)).toBeNull();
  });
});
