import { IncidentEntity } from '../incidents/entities/incident.entity';
import { IncidentStatus } from '../incidents/models/incident-status.enum';
import { NotificationEntity, newPendingNotification } from '../notifications/entities/notification.entity';
import { newId } from './columns.helper';

/**
 * Test helper (the database and relay specs): an incident row with every column set, a fresh id and
 * idempotency key; `changes` replaces any of them.
 */
export function testIncident(changes: Partial<IncidentEntity> = {}): IncidentEntity {
  return Object.assign(new IncidentEntity(), {
    id: newId(),
    incidentType: 'COAL_MINE',
    severity: 'II',
    status: IncidentStatus.OPEN,
    title: '某煤矿 "透水" 事故',
    description: null,
    location: '3号井',
    county: '泽州县',
    reporter: '值班员',
    occurredAt: new Date('2026-11-30T01:02:03.456Z'),
    reportedAt: new Date('2026-11-30T01:05:00.000Z'),
    updatedAt: new Date('2026-11-30T01:05:00.000Z'),
    closedAt: null,
    idempotencyKey: `k-${newId()}`,
    requestHash: 'h'.repeat(64),
    activationJson: JSON.stringify({ recipients: [{ name: '张三' }] }),
    exercise: false,
    ...changes,
  });
}

/**
 * Test helper: a PENDING notice of `incidentId` (the `ordinal`-th) to a person of its own, made at `at`;
 * `changes` replaces any column.
 */
export function testNotification(
  incidentId: string,
  ordinal: number,
  at: Date,
  changes: Partial<NotificationEntity> = {},
): NotificationEntity {
  const row = newPendingNotification(
    {
      incidentId,
      ordinal,
      personId: newId(),
      personName: `人员${ordinal}`,
      roles: JSON.stringify([{ body: 'HQ', role: 'COMMANDER' }]),
      channel: 'log',
      reason: null,
    },
    at,
  );
  return Object.assign(row, changes);
}
