import { DataSource } from 'typeorm';
import { TransactionService } from '../src/database/transaction.service';
import { createTestApp, TestApp } from './support/test-app';

const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id notifications { id } } }`;
const ACK = `mutation($id: ID!) { acknowledgeNotification(id: $id) { id status acknowledgedVia } }`;

/**
 * A duty officer confirming for the leaders while their first messages are still going out: the
 * acknowledgement, the outbox relay (which starts the escalation clock) and the delivery workers
 * write the same incident and notification rows at once. On Postgres this once deadlocked, and
 * the officer got INTERNAL_SERVER_ERROR.
 */
describe('acknowledgements racing the first delivery', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('every acknowledgement, sent the moment the incident is reported, is recorded without an error', async () => {
    const errors: unknown[] = [];
    let acknowledged = 0;
    for (let i = 0; i < 15; i++) {
      const reported = await t.gql<{ reportIncident: { id: string; notifications: Array<{ id: string }> } }>(REPORT, {
        input: {
          incidentType: 'COAL_MINE_SAFETY',
          severity: 'III',
          title: `某煤矿井下瓦斯爆炸 ${i}`,
          location: '某煤矿',
          county: '沁水县',
          reporter: '市应急管理局值班员',
          idempotencyKey: `ack-race-${i}-${Date.now()}`,
        },
      });
      expect(reported.errors).toBeUndefined();
      const ids = reported.data!.reportIncident.notifications.map((n) => n.id);
      expect(ids.length).toBeGreaterThan(3);
      const answers = await Promise.all(
        ids.map((id) => t.gql<{ acknowledgeNotification: { status: string } }>(ACK, { id })),
      );
      for (const answer of answers) {
        if (answer.errors) errors.push(answer.errors);
        else if (answer.data?.acknowledgeNotification.status === 'ACKNOWLEDGED') acknowledged++;
      }
    }
    expect(errors).toEqual([]);
    expect(acknowledged).toBeGreaterThanOrEqual(15 * 4);
  }, 120_000);
});

const pg = process.env.DB_TYPE === 'postgres' ? describe : describe.skip;

pg('a unit of work Postgres aborts as a deadlock victim', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.get(DataSource).query(`CREATE TABLE deadlock_probe (id int PRIMARY KEY, n int NOT NULL)`);
    await t.get(DataSource).query(`INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)`);
  });
  afterAll(async () => {
    await t.get(DataSource).query(`DROP TABLE deadlock_probe`);
    await t.close();
  });

  it('runs again and both units of work commit once each', async () => {
    const transactions = t.get(TransactionService);
    let runs = 0;
    let arrived = 0;
    let bothHoldOne!: () => void;
    const barrier = new Promise<void>((done) => (bothHoldOne = done));
    // Each locks one row, waits until the other holds the other row, then asks for it: a deadlock.
    const crossing = (first: number, second: number) =>
      transactions.run(async (m) => {
        runs++;
        await m.query(`UPDATE deadlock_probe SET n = n + 1 WHERE id = $1`, [first]);
        if (++arrived === 2) bothHoldOne();
        await Promise.race([barrier, new Promise((done) => setTimeout(done, 2000))]);
        await m.query(`UPDATE deadlock_probe SET n = n + 1 WHERE id = $1`, [second]);
      });
    await Promise.all([crossing(1, 2), crossing(2, 1)]);
    expect(runs).toBeGreaterThanOrEqual(3); // one of them was aborted and ran again
    const rows: Array<{ id: number; n: number }> = await t
      .get(DataSource)
      .query(`SELECT id, n FROM deadlock_probe ORDER BY id`);
    expect(rows.map((r) => Number(r.n))).toEqual([2, 2]); // the aborted run wrote nothing
  }, 30_000);
});
