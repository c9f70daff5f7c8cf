import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { NOTICE, NotificationEntity, NotificationPurpose } from './entities/notification.entity';

/** The key under which a request holds the notifications it just wrote for an incident (intake). */
export function heldNotificationsKey(incidentId: string): string {
  return `notifications:${incidentId}`;
}

/** Reads the notification outbox. Rows are written by the incidents' transactions. */
@Injectable()
export class NotificationsService {
  constructor(private readonly dataSource: DataSource) {}

  /** The notifications of each incident, in the order they were created (ordinal); one query for all ids (DataLoader batch). */
  async byIncidentIds(
    incidentIds: readonly string[],
    purpose: NotificationPurpose = NOTICE,
  ): Promise<NotificationEntity[][]> {
    const rows = incidentIds.length
      ? await this.dataSource.getRepository(NotificationEntity).find({
          where: { incidentId: In([...new Set(incidentIds)]), purpose },
          order: { incidentId: 'ASC', ordinal: 'ASC' },
        })
      : [];
    const grouped = new Map<string, NotificationEntity[]>();
    for (const row of rows) {
      const list = grouped.get(row.incidentId);
      if (list) list.push(row);
      else grouped.set(row.incidentId, [row]);
    }
    return incidentIds.map((id) => grouped.get(id) ?? []);
  }
}
