import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { EscalationEntity } from '../entities/escalation.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { NotificationStatus } from '../models/notification-status.enum';

/**
 * The relay's two questions, asked on every pass. Each is answered from a partial index that holds just
 * the rows waiting, in the order they are taken (migration RelayIndexes), so a pass costs the batch it
 * moves, not the backlog behind it nor every open incident.
 */

/**
 * PENDING sends, and FAILED ones moving to the next contact method, not handed to the queue yet: oldest
 * first, at most `batch` (ix_notification_unqueued). On SQLite the status is tested as an expression so
 * that its planner, which keeps no statistics, does not take ix_notification_status_created instead: that
 * reads every PENDING row and sorts them, on each pass over a mass notification's backlog. (Postgres
 * weighs both from its statistics, which the expression would blind.)
 */
export function unqueuedNotifications(m: EntityManager, batch: number): SelectQueryBuilder<NotificationEntity> {
  const status = m.connection.options.type === 'postgres' ? 'n.status' : "(n.status || '')";
  return m
    .createQueryBuilder(NotificationEntity, 'n')
    .select(['n.id', 'n.incidentId', 'n.sendSeq', 'n.queuedSends'])
    .where(`${status} IN (:...statuses)`, { statuses: [NotificationStatus.PENDING, NotificationStatus.FAILED] })
    .andWhere('n.queuedSends <= n.sendSeq')
    .orderBy('n.updatedAt', 'ASC')
    .addOrderBy('n.id', 'ASC')
    .take(batch);
}

/** Escalation clocks whose next delayed job is not in the queue yet, soonest due first (ix_notification_escalation_unqueued). */
export function unqueuedEscalations(m: EntityManager, batch: number): SelectQueryBuilder<EscalationEntity> {
  return m
    .createQueryBuilder(EscalationEntity, 'e')
    .where('e.status = :status', { status: 'WAITING' })
    .andWhere('e.queuedJobs <= e.level')
    .orderBy('e.dueAt', 'ASC')
    .take(batch);
}
