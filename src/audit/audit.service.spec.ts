import { openTestDatabase, TestDatabase } from '../database/test-database.fixture';
import { TransactionService } from '../database/transaction.service';
import { AuditService } from './audit.service';

describe('AuditService.append', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const entry = (operation: string) => ({ principal: null, operation, args: { n: 1 }, result: 'ok' });

  it('writes the records appended in one turn of the event loop with one INSERT, each committed when it resolves', async () => {
    const audit = new AuditService(db.dataSource, new TransactionService(db.dataSource));
    const inserts: string[] = [];
    const spy = jest.spyOn(db.dataSource.logger, 'logQuery').mockImplementation((query) => {
      if (/INSERT INTO ("\w+"\.)?"audit_log"/.test(String(query))) inserts.push(String(query));
    });
    try {
      const rows = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((op) => audit.append(entry(`together-${op}`))));
      expect(new Set(rows.map((r) => r.id)).size).toBe(5);
      expect(inserts).toHaveLength(1);
      const found = await audit.find({ operation: null, limit: 50, offset: 0 });
      expect(found.entries.filter((e) => e.operation.startsWith('together-'))).toHaveLength(5);
      // A later turn is a statement of its own.
      await audit.append(entry('later'));
      expect(inserts).toHaveLength(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses each record of the turn when the database refuses their INSERT', async () => {
    const refusal = new Error('database unavailable');
    const transactions = { runStatement: jest.fn().mockRejectedValue(refusal) } as unknown as TransactionService;
    const audit = new AuditService(db.dataSource, transactions);
    const results = await Promise.allSettled([audit.append(entry('x')), audit.append(entry('y'))]);
    expect(results).toEqual([
      { status: 'rejected', reason: refusal },
      { status: 'rejected', reason: refusal },
    ]);
    expect(transactions.runStatement).toHaveBeenCalledTimes(1);
  });
});
