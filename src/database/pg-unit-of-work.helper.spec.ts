import { AuditLogEntity } from '../audit/entities/audit-log.entity';
import { IncidentEventEntity } from '../incidents/entities/incident-event.entity';
import { IncidentEntity } from '../incidents/entities/incident.entity';
import { IncidentEventKind } from '../incidents/models/incident-status.enum';
import { newId } from './columns.helper';
import { insertRows } from './insert-rows.helper';
import { combined, HELD_PARAMETERS_MAX } from './pg-unit-of-work.helper';
import { openTestDatabase, TestDatabase } from './test-database.fixture';
import { testIncident } from './test-rows.fixture';
import { TransactionService } from './transaction.service';

describe('combined', () => {
  it('puts every held INSERT but the last in a WITH and numbers their parameters on', () => {
    expect(combined([{ text: 'INSERT INTO a(x) VALUES ($1)', values: [1] }])).toEqual({
      text: 'INSERT INTO a(x) VALUES ($1)',
      values: [1],
    });
    expect(
      combined([
        { text: 'INSERT INTO a(x, y) VALUES ($1, $2)', values: [1, 2] },
        { text: 'INSERT INTO b(x) VALUES ($1), ($2)', values: [3, 4] },
        { text: 'INSERT INTO c(x) VALUES ($1)', values: [5] },
      ]),
    ).toEqual({
      text: 'WITH w0 AS (INSERT INTO a(x, y) VALUES ($1, $2)), w1 AS (INSERT INTO b(x) VALUES ($3), ($4)) INSERT INTO c(x) VALUES ($5)',
      values: [1, 2, 3, 4, 5],
    });
    // The same texts again (a text is made once, then kept): the same statement with the new values.
    const again = combined([
      { text: 'INSERT INTO a(x, y) VALUES ($1, $2)', values: [6, 7] },
      { text: 'INSERT INTO b(x) VALUES ($1), ($2)', values: [8, 9] },
      { text: 'INSERT INTO c(x) VALUES ($1)', values: [10] },
    ]);
    expect(again.values).toEqual([6, 7, 8, 9, 10]);
    expect(again.text).toMatch(/^WITH w0 AS .*\(\$4\)\) INSERT INTO c\(x\) VALUES \(\$5\)$/);
    // Another order is another statement.
    expect(
      combined([
        { text: 'INSERT INTO c(x) VALUES ($1)', values: [1] },
        { text: 'INSERT INTO a(x, y) VALUES ($1, $2)', values: [2, 3] },
      ]).text,
    ).toBe('WITH w0 AS (INSERT INTO c(x) VALUES ($1)) INSERT INTO a(x, y) VALUES ($2, $3)');
  });
});

// The lazy unit of work is Postgres's (SQLite shares one connection and groups its commits).
const postgres = process.env.DB_TYPE === 'postgres' ? describe : describe.skip;

postgres('a Postgres unit of work (TransactionService.run)', () => {
  let db: TestDatabase;
  let transactions: TransactionService;
  beforeAll(async () => {
    db = await openTestDatabase();
    transactions = new TransactionService(db.dataSource);
  });
  afterAll(async () => {
    await db.close();
  });

  /** The statements sent while `work` runs. */
  async function sent<T>(work: () => Promise<T>): Promise<{ statements: string[]; result?: T; error?: unknown }> {
    const statements: string[] = [];
    const spy = jest
      .spyOn(db.dataSource.logger, 'logQuery')
      .mockImplementation((query) => void statements.push(String(query)));
    try {
      return { statements, result: await work() };
    } catch (error) {
      return { statements, error };
    } finally {
      spy.mockRestore();
    }
  }

  const incident = (id = newId()) => testIncident({ id, idempotencyKey: null });
  const event = (incidentId: string, seq: number) =>
    Object.assign(new IncidentEventEntity(), {
      id: newId(),
      incidentId,
      seq,
      kind: IncidentEventKind.REPORTED,
      at: new Date(),
      actor: null,
      data: '{}',
    });
  const audit = (operation: string) =>
    Object.assign(new AuditLogEntity(), {
      id: newId(),
      at: new Date(),
      keyId: null,
      keyName: null,
      roles: '[]',
      operation,
      arguments: '{}',
      result: 'ok',
      errorMessage: null,
    });
  const count = async (table: string, where: string, value: string): Promise<number> =>
    Number((await db.dataSource.query(`SELECT count(*) AS c FROM "${table}" WHERE ${where} = $1`, [value]))[0].c);

  it('sends a unit that only inserts as one statement, without BEGIN and COMMIT', async () => {
    const id = newId();
    const { statements, error } = await sent(() =>
      transactions.run(async (m) => {
        await insertRows(m, IncidentEntity, incident(id));
        await insertRows(m, IncidentEventEntity, [event(id, 1), event(id, 2)]);
      }),
    );
    expect(error).toBeUndefined();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^WITH w0 AS \(INSERT INTO .*"incident".*\) INSERT INTO .*"incident_event"/);
    expect(await count('incident', 'id', id)).toBe(1);
    expect(await count('incident_event', 'incident_id', id)).toBe(2); // its foreign key checked at the statement's end
  });

  it('sends nothing for a unit that fails after inserting', async () => {
    const operation = `failed-${newId()}`;
    const { statements, error } = await sent(() =>
      transactions.run(async (m) => {
        await insertRows(m, AuditLogEntity, audit(operation));
        throw new Error('refused');
      }),
    );
    expect((error as Error).message).toBe('refused');
    expect(statements).toEqual([]);
    expect(await count('audit_log', 'operation', operation)).toBe(0);
  });

  it('fails whole when one of its INSERTs breaks a constraint', async () => {
    const id = newId();
    const { error } = await sent(() =>
      transactions.run(async (m) => {
        await insertRows(m, IncidentEntity, incident(id));
        await insertRows(m, IncidentEventEntity, [event(id, 1), event(id, 1)]);
      }),
    );
    expect((error as { driverError?: { code?: string } }).driverError?.code).toBe('23505');
    expect(await count('incident', 'id', id)).toBe(0);
  });

  it('begins a transaction before its first read, sends what it held first, and sees it', async () => {
    const id = newId();
    const { statements, result } = await sent(() =>
      transactions.run(async (m) => {
        await insertRows(m, IncidentEntity, incident(id));
        const seen = await m.count(IncidentEntity, { where: { id } });
        await insertRows(m, IncidentEventEntity, event(id, 1));
        return seen;
      }),
    );
    expect(result).toBe(1);
    expect(statements.map((s) => s.split('(')[0].trim())).toEqual([
      'START TRANSACTION',
      expect.stringMatching(/^INSERT INTO .*"incident"$/),
      expect.stringMatching(/^SELECT COUNT/),
      expect.stringMatching(/^INSERT INTO .*"incident_event"$/),
      'COMMIT',
    ]);
    expect(await count('incident_event', 'incident_id', id)).toBe(1);
  });

  it('rolls back what it held and sent when it fails after a read', async () => {
    const id = newId();
    const { statements, error } = await sent(() =>
      transactions.run(async (m) => {
        await insertRows(m, IncidentEntity, incident(id));
        await m.count(IncidentEntity);
        throw new Error('refused late');
      }),
    );
    expect((error as Error).message).toBe('refused late');
    expect(statements.at(-1)).toBe('ROLLBACK');
    expect(await count('incident', 'id', id)).toBe(0);
  });

  it('holds no more than HELD_PARAMETERS_MAX parameters: past them it begins a transaction', async () => {
    const operation = `many-${newId()}`;
    const rows = Math.ceil(HELD_PARAMETERS_MAX / 9 / 100) * 100 + 100;
    const { statements, error } = await sent(() =>
      transactions.run(async (m) => {
        for (let i = 0; i < rows; i += 100)
          await insertRows(
            m,
            AuditLogEntity,
            Array.from({ length: 100 }, () => audit(operation)),
          );
      }),
    );
    expect(error).toBeUndefined();
    expect(statements[0]).toBe('START TRANSACTION');
    expect(statements.at(-1)).toBe('COMMIT');
    expect(await count('audit_log', 'operation', operation)).toBe(rows);
  });
});
