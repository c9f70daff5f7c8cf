import type { EntityManager } from 'typeorm';
import { newId } from '../database/columns.helper';
import { IncidentEventEntity } from './entities/incident-event.entity';
import { IncidentEventKind } from './models/incident-status.enum';
import { insertRows } from '../database/insert-rows.helper';

/**
 * The one writer of incident events: appends one (the next seq) inside the caller's transaction,
 * which holds the incident row locked on Postgres (SQLite serialises writers). Used by
 * intake and lifecycle (REPORTED, UPDATED, REGRADED, CLOSED) and by notification delivery (ESCALATED,
 * ACKNOWLEDGED), which also runs in worker processes without them.
 */
export async function appendIncidentEvent(
  m: EntityManager,
  incidentId: string,
  kind: IncidentEventKind,
  at: Date,
  actor: string | null,
  data: Record<string, unknown> & { summary: string },
): Promise<void> {
  // REPORTED is written with the incident, so it is the first; others follow the last one.
  const last =
    kind === IncidentEventKind.REPORTED
      ? null
      : await m.findOne(IncidentEventEntity, {
          where: { incidentId },
          order: { seq: 'DESC' },
          select: { seq: true },
        });
  await insertRows(m, IncidentEventEntity, {
    id: newId(),
    incidentId,
    seq: (last?.seq ?? 0) + 1,
    kind,
    at,
    actor,
    data: JSON.stringify(data),
  });
}
