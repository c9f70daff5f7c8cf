import { registerEnumType } from '@nestjs/graphql';

export enum IncidentStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

registerEnumType(IncidentStatus, {
  name: 'IncidentStatus',
  valuesMap: {
    OPEN: { description: 'Reported and being handled.' },
    CLOSED: { description: 'Closed by closeIncident; no further changes.' },
  },
});

/** The kinds of incident events. */
export enum IncidentEventKind {
  REPORTED = 'REPORTED',
  UPDATED = 'UPDATED',
  REGRADED = 'REGRADED',
  CLOSED = 'CLOSED',
  /** Written by notification delivery (src/notifications/delivery). */
  ESCALATED = 'ESCALATED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
}

registerEnumType(IncidentEventKind, {
  name: 'IncidentEventKind',
  valuesMap: {
    REPORTED: { description: 'reportIncident: the facts, the frozen activation and who was notified.' },
    UPDATED: { description: 'updateIncident: the facts changed, each with its value before and after.' },
    REGRADED: {
      description: 'regradeIncident: the grades, the reason, the new activation and who was newly notified.',
    },
    CLOSED: { description: 'closeIncident: the reason.' },
    ESCALATED: {
      description:
        'No commander of the activated post acknowledged in time: the level, the commanders not acknowledged, who got the message again and who above was told.',
    },
    ACKNOWLEDGED: {
      description:
        'A person acknowledged their notification (through the link, or recorded by a duty officer); whether it stopped the escalation.',
    },
  },
});
