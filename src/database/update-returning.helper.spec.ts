import { In } from 'typeorm';
import { IncidentEntity } from '../incidents/entities/incident.entity';
import { IncidentStatus } from '../incidents/models/incident-status.enum';
import { NotificationEntity } from '../notifications/entities/notification.entity';
import { NotificationStatus } from '../notifications/models/notification-status.enum';
import { openTestDatabase, TestDatabase } from './test-database.fixture';
import { testIncident, testNotification } from './test-rows.fixture';
import { updateReturningRows } from './update-returning.helper';

/**
 * UPDATE … RETURNING on the migrated schema of the engine under test (SQLite, or DB_TYPE=postgres): the
 * rows answered are those the statement changed, each equal to what `find` reads right after it.
 */
describe('updateReturningRows', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const incident = (exercise: boolean): IncidentEntity =>
    testIncident({ exercise, description: exercise ? null : '井下涌水' });

  async function notifications(count: number): Promise<NotificationEntity[]> {
    const owner = incident(false);
    await db.dataSource.manager.insert(IncidentEntity, owner);
    const created = new Date('2026-11-30T02:00:00.000Z');
    const rows = Array.from({ length: count }, (_, i) =>
      testNotification(owner.id, i + 1, created, { reason: i % 2 ? null : '启动应急响应' }),
    );
    await db.dataSource.manager.insert(NotificationEntity, rows);
    return rows;
  }

  it('answers exactly the rows the UPDATE changed, each as find reads it afterwards', async () => {
    const rows = await notifications(6);
    const now = new Date('2026-11-30T02:00:01.234Z');
    // Two of the six are taken further first: the UPDATE below must leave them out.
    await db.dataSource.manager.update(
      NotificationEntity,
      { id: In([rows[1].id, rows[4].id]) },
      { status: NotificationStatus.SENT },
    );
    const moved = await db.dataSource.transaction((m) =>
      updateReturningRows(
        m,
        m
          .createQueryBuilder()
          .update(NotificationEntity)
          .set({ status: NotificationStatus.QUEUED, queuedAt: now, queuedSends: 1, updatedAt: now })
          .where('id IN (:...ids) AND status = :pending', {
            ids: rows.map((r) => r.id),
            pending: NotificationStatus.PENDING,
          }),
      ),
    );
    const expected = [0, 2, 3, 5].map((i) => rows[i].id).sort();
    expect(moved.map((r) => r.id).sort()).toEqual(expected);
    const read = await db.dataSource.manager.find(NotificationEntity, { where: { id: In(expected) } });
    const byId = (list: NotificationEntity[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(moved)).toEqual(byId(read));
    for (const row of moved) {
      expect(row).toBeInstanceOf(NotificationEntity);
      expect(row.queuedAt).toEqual(now);
      expect(row.createdAt).toBeInstanceOf(Date);
      expect(row.sentAt).toBeNull();
      expect(row.queuedSends).toBe(1);
    }
  });

  it.each([false, true])('converts each value as find does (incident, exercise %s)', async (exercise) => {
    const row = incident(exercise);
    await db.dataSource.manager.insert(IncidentEntity, row);
    const closedAt = new Date('2026-11-30T03:00:00.000Z');
    const [changed] = await db.dataSource.transaction((m) =>
      updateReturningRows(
        m,
        m
          .createQueryBuilder()
          .update(IncidentEntity)
          .set({ status: IncidentStatus.CLOSED, closedAt })
          .where('id = :id', { id: row.id }),
      ),
    );
    expect(changed).toEqual(await db.dataSource.manager.findOneByOrFail(IncidentEntity, { id: row.id }));
    expect(changed.exercise).toBe(exercise);
    expect(changed.closedAt).toEqual(closedAt);
  });

  it('answers nothing when no row matched, outside a transaction too', async () => {
    const [row] = await notifications(1);
    const update = () =>
      db.dataSource.manager
        .createQueryBuilder()
        .update(NotificationEntity)
        .set({ attempts: 2 })
        .where('id = :id', { id: row.id });
    expect(await updateReturningRows(db.dataSource.manager, update().andWhere('1 = 0'))).toEqual([]);
    expect((await updateReturningRows(db.dataSource.manager, update())).map((r) => r.attempts)).toEqual([2]);
  });
});
