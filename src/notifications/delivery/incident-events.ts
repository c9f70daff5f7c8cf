import { IncidentEventKind } from '../../incidents/models/incident-status.enum';

/** The incident event kinds delivery writes (through appendIncidentEvent of incidents.service.ts). */
export const DELIVERY_EVENT_KINDS = {
  escalated: IncidentEventKind.ESCALATED,
  acknowledged: IncidentEventKind.ACKNOWLEDGED,
  resent: IncidentEventKind.RESENT,
} as const;

export { appendIncidentEvent } from '../../incidents/incident-event.writer';
