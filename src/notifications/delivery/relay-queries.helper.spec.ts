import { SelectQueryBuilder } from 'typeorm';
import { newId } from '../../database/columns.helper';
import { openTestDatabase, TestDatabase } from '../../database/test-database.fixture';
import { testIncident, testNotification } from '../../database/test-rows.fixture';
import { IncidentEntity } from '../../incidents/entities/incident.entity';
import { EscalationEntity, EscalationStatus } from '../entities/escalation.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { NotificationStatus } from '../models/notification-status.enum';
import { unqueuedEscalations, unqueuedNotifications } from './relay-queries.helper';

const BATCH = 30;
const T0 = Date.parse('2026-11-30T02:00:00.000Z');
const postgres = process.env.DB_TYPE === 'postgres';

/**
 * The relay's questions on the migrated schema of the engine under test (SQLite, or DB_TYPE=postgres), over
 * a deployment's worth of rows that do not wait (handed over, finished, confirmed, clocks running): they
 * answer exactly the rows waiting, in the order taken, from the partial indexes, with no sort of a backlog.
 */
describe('relay queries', () => {
  let db: TestDatabase;
  const notifications: NotificationEntity[] = [];
  const escalations: EscalationEntity[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    const m = db.dataSource.manager;
    const incidents = Array.from({ length: 240 }, () => testIncident());
    // In statements of 50 rows (SQLite takes a bounded number of parameters per statement).
    const insertAll = async <E extends object>(entity: new () => E, rows: E[]) => {
      for (let i = 0; i < rows.length; i += 50) await m.insert(entity, rows.slice(i, i + 50));
    };
    await insertAll(IncidentEntity, incidents);
    // Per incident: one send handed over, and every sixth incident one of each other kind.
    const kinds: Array<[NotificationStatus, number, number]> = [
      [NotificationStatus.QUEUED, 0, 1], // handed over
      [NotificationStatus.PENDING, 0, 0], // waits
      [NotificationStatus.FAILED, 1, 1], // moving to the next contact method: waits
      [NotificationStatus.FAILED, 0, 1], // failed for good
      [NotificationStatus.ACKNOWLEDGED, 0, 0], // confirmed by telephone before it was handed over
      [NotificationStatus.DELIVERED, 1, 2],
    ];
    incidents.forEach((incident, i) => {
      for (const [k, [status, sendSeq, queuedSends]] of kinds.entries()) {
        if (k > 0 && i % 6 !== 0) continue;
        const at = new Date(T0 + ((i * 7919 + k * 104729) % 100_000));
        notifications.push(testNotification(incident.id, k + 1, at, { status, sendSeq, queuedSends }));
      }
      const clock: Array<[EscalationStatus, number, number]> = [
        ['WAITING', 0, 1], // its job is in the queue
        ['WAITING', 1, 1], // waits for the job of level 2
        ['CANCELLED', 0, 0],
        ['WAITING', 0, 0], // waits for its first job
      ];
      const [status, level, queuedJobs] = clock[i % 12 === 0 ? 1 : i % 12 === 5 ? 2 : i % 12 === 7 ? 3 : 0];
      escalations.push(
        Object.assign(new EscalationEntity(), {
          id: newId(),
          incidentId: incident.id,
          status,
          level,
          queuedJobs,
          intervalMs: 600_000,
          dueAt: new Date(T0 + ((i * 6007) % 50_000)),
          data: '{}',
          createdAt: new Date(T0),
          updatedAt: new Date(T0),
          cancelledBy: null,
        }),
      );
    });
    await insertAll(NotificationEntity, notifications);
    await insertAll(EscalationEntity, escalations);
    if (postgres) await m.query('ANALYZE notification, notification_escalation');
  });
  afterAll(async () => {
    await db?.close();
  });

  const byTime =
    <R extends { id: string }>(time: (row: R) => number) =>
    (a: R, b: R) =>
      time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  it('notifications: the PENDING sends and those moving to the next contact method, oldest first, a batch at a time', async () => {
    const waiting = notifications
      .filter((n) => [NotificationStatus.PENDING, NotificationStatus.FAILED].includes(n.status))
      .filter((n) => n.queuedSends <= n.sendSeq)
      .sort(byTime((n) => n.updatedAt.getTime()));
    expect(waiting.length).toBeGreaterThan(BATCH);

    const rows = await unqueuedNotifications(db.dataSource.manager, BATCH).getMany();

    expect(rows.map((r) => r.id)).toEqual(waiting.slice(0, BATCH).map((n) => n.id));
    expect(rows[0]).toEqual(
      expect.objectContaining({
        incidentId: waiting[0].incidentId,
        sendSeq: waiting[0].sendSeq,
        queuedSends: waiting[0].queuedSends,
      }),
    );
  });

  it('escalations: the WAITING clocks whose next job is not in the queue, soonest due first', async () => {
    const waiting = escalations
      .filter((e) => e.status === 'WAITING' && e.queuedJobs <= e.level)
      .sort(byTime((e) => e.dueAt.getTime()));
    expect(waiting.length).toBeGreaterThan(BATCH);

    const rows = await unqueuedEscalations(db.dataSource.manager, BATCH).getMany();

    expect(rows.map((r) => r.dueAt.getTime())).toEqual(waiting.slice(0, BATCH).map((e) => e.dueAt.getTime()));
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(waiting.slice(0, BATCH).map((e) => e.id)));
  });

  /** The engine's plan of a query, as text: SQLite's EXPLAIN QUERY PLAN, Postgres's EXPLAIN. */
  async function plan(qb: SelectQueryBuilder<object>): Promise<string> {
    const [sql, parameters] = qb.getQueryAndParameters();
    if (!postgres) {
      const rows = (await db.dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as Array<{ detail: string }>;
      return rows.map((r) => r.detail).join('\n');
    }
    // These tables are a few pages here, where reading them whole is cheapest; the plan asked is that of a
    // deployment's tables, where it is not.
    return db.dataSource.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      const rows = (await m.query(`EXPLAIN ${sql}`, parameters)) as Array<{ 'QUERY PLAN': string }>;
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it.each([
    // Postgres weighs the status index against this one from its statistics, in its own process; on SQLite,
    // which has none, the relay's SELECT runs on the service's event loop.
    ...(postgres
      ? []
      : [['notifications', 'ix_notification_unqueued', () => unqueuedNotifications(db.dataSource.manager, BATCH)]]),
    ['escalations', 'ix_notification_escalation_unqueued', () => unqueuedEscalations(db.dataSource.manager, BATCH)],
  ] as Array<[string, string, () => SelectQueryBuilder<object>]>)(
    '%s: read from %s in order, nothing sorted',
    async (_, index, query) => {
      const text = await plan(query());

      expect(text).toContain(index);
      expect(text).not.toMatch(/TEMP B-TREE|Sort/);
    },
  );
});
