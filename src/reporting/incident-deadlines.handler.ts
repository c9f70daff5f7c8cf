import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  IncidentChange,
  IncidentChangeHandler,
  IncidentChangeOutcome,
  NO_OUTCOME,
} from '../incidents/events/incident-change.event';
import { LiveEventsService } from '../notifications/live/live-events.service';
import { ReportingDeadlinesService } from './reporting-deadlines.service';

/**
 * Reporting deadlines follow the incident (in its transaction): made when it is recorded,
 * recomputed when it is regraded (the moves go into the REGRADED event), the 终报 opened at close.
 */
@Injectable()
export class IncidentDeadlinesHandler implements IncidentChangeHandler {
  constructor(
    private readonly deadlines: ReportingDeadlinesService,
    private readonly live: LiveEventsService,
  ) {}

  async inTransaction(m: EntityManager, change: IncidentChange): Promise<IncidentChangeOutcome> {
    if (change.kind === 'updated') return NO_OUTCOME;
    const incident = change.incident;
    if (change.kind === 'recorded') await this.deadlines.opened(m, incident, change.at);
    else if (change.kind === 'closed') await this.deadlines.closed(m, incident, change.at);
    else {
      const moved = await this.deadlines.regraded(m, incident, change.at);
      if (moved) return { notified: [], alreadyNotified: [], notes: [moved] };
    }
    return NO_OUTCOME;
  }

  afterCommit(change: IncidentChange): void {
    if (change.kind === 'updated') return;
    try {
      this.live.publish([{ type: 'incident', id: change.incident.id }]);
    } catch {
      // live updates are best effort
    }
  }
}
