import type { EntityManager } from 'typeorm';
import type { ResolvedRecipient } from '../../activation/core/resolve-activation';
import type { IncidentEntity } from '../entities/incident.entity';

/**
 * What intake publishes about an incident, inside the transaction that changed it. Modules that
 * react (notifications: the outbox rows, the relay, the live updates) provide a handler; incidents
 * never imports them: the application wires the handlers in (IncidentsModule.forRoot).
 */
export type IncidentChange = (
  | {
      /** recorded: a new report; regraded: a new grade and activation. */
      kind: 'recorded' | 'regraded';
      at: Date;
      /** The persons the activation tells now, in its order. */
      recipients: readonly ResolvedRecipient[];
      /** Why they are told (kept on the notifications). */
      reason: string;
    }
  | { kind: 'updated' | 'closed'; at: Date }
) & {
  /** The incident as this transaction has written it (its id, and the row handlers need not read again). */
  readonly incident: Readonly<IncidentEntity>;
};

/** What the handlers did inside the transaction, for the incident's event. */
export interface IncidentChangeOutcome {
  /** Persons told because of this change, in order. */
  notified: Array<{ personId: string; personName: string }>;
  /** Ids of the recipients who had been told about the incident before (a regrading does not tell them again). */
  alreadyNotified: string[];
  /** Lines for the incident's event (e.g. the reporting deadlines a regrade moved). */
  notes?: string[];
}

export interface IncidentChangeHandler {
  /** Inside the incident's transaction: a failure rolls the change back. */
  inTransaction(m: EntityManager, change: IncidentChange): Promise<IncidentChangeOutcome>;
  /** After the commit; must not throw and must not wait for anything slow. */
  afterCommit(change: IncidentChange): void;
}

/** The handlers of incident changes (an array), provided through IncidentsModule.forRoot. */
export const INCIDENT_CHANGE_HANDLERS = Symbol('INCIDENT_CHANGE_HANDLERS');

export const NO_OUTCOME: IncidentChangeOutcome = { notified: [], alreadyNotified: [] };
