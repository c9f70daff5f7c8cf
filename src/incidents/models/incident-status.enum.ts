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
  /** The last escalation fired with the confirmation policy still unmet; the duty office alerted. */
  ESCALATION_EXHAUSTED = 'ESCALATION_EXHAUSTED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  /** resendToUnconfirmed. */
  RESENT = 'RESENT',
  /** Reporting (src/reporting): a report filed, a deadline alert. */
  REPORT_FILED = 'REPORT_FILED',
  DEADLINE_ALERT = 'DEADLINE_ALERT',
}

registerEnumType(IncidentEventKind, {
  name: 'IncidentEventKind',
  valuesMap: {
    REPORTED: { description: 'reportIncident: the facts, the frozen activation and who was notified.' },
    UPDATED: { description: 'updateIncident: the facts changed, each with its value before and after.' },
    REGRADED: {
      description:
        'regradeIncident: the grades, the reason, the new activation, who was newly notified and how the reporting deadlines moved.',
    },
    CLOSED: { description: 'closeIncident: the reason.' },
    ESCALATED: {
      description:
        'No commander of the activated post acknowledged in time: the level, the commanders not acknowledged, who got the message again and who above was told.',
    },
    ESCALATION_EXHAUSTED: {
      description:
        'The last escalation (notifications.yaml escalation.maxLevels) fired and the confirmation policy is still not met: who is still waited for, and who on duty was alerted.',
    },
    ACKNOWLEDGED: {
      description:
        'A person acknowledged their notification (through the link, or recorded by a duty officer, e.g. by telephone with a note); whether the confirmation policy is now met and the escalation stopped.',
    },
    RESENT: { description: 'resendToUnconfirmed: the message went again to everyone not confirmed; who.' },
    REPORT_FILED: {
      description: 'fileReport: a 首报/续报/终报 was filed; on time or late, and the next 续报 deadline.',
    },
    DEADLINE_ALERT: { description: 'A reporting deadline is due soon or overdue; who was alerted.' },
  },
});
