import type { ActivationResult } from '../../activation/core/resolve-activation';
import type { AppConfig } from '../../config/app.config';
import type { ContactMethodEntity } from '../../contacts/entities/contact-method.entity';
import type { IncidentEntity } from '../../incidents/entities/incident.entity';
import type { OutgoingMessage } from '../channels/channel.types';
import { MESSAGE_KINDS, MessageKind, placeholderValues, renderMessage } from '../core/message-renderer';
import type { NotificationEntity } from '../entities/notification.entity';
import { dedupKey } from '../notification.jobs';
import { providerKindOf } from '../providers/core/provider-message';
import { parseRoles } from './escalation.service';
import type { EscalationData } from './escalation-limits.service';

/** What a message of one send is made of, read by the delivery job before it composes it. */
export interface MessageParts {
  n: NotificationEntity;
  incident: IncidentEntity;
  contact: ContactMethodEntity | null;
  ackUrl: string;
  /** The incident's escalation (interval, who is still unconfirmed, who was told one level up), for reminders and escalations. */
  escalation: { minutes: number; data: EscalationData } | null;
  replyCode?: string;
}

/** The message of one send: the configured template filled from the incident, its activation and escalation. */
export function composeMessage(config: AppConfig, parts: MessageParts): OutgoingMessage {
  const { n, incident, contact, ackUrl, escalation, replyCode } = parts;
  const activation = JSON.parse(incident.activationJson) as ActivationResult;
  const kind = (
    (MESSAGE_KINDS as readonly string[]).includes(n.messageKind) ? n.messageKind : 'INITIAL'
  ) as MessageKind;
  let roles = parseRoles(n.roles);
  let minutes = 0;
  let unacknowledged: string[] = [];
  let waitingRole: string | undefined;
  if ((kind === 'REMINDER' || kind === 'ESCALATION') && escalation) {
    minutes = escalation.minutes;
    unacknowledged = escalation.data.unacknowledged ?? [];
    waitingRole = escalation.data.waitingRole;
    const extra = escalation.data.up?.[n.personId] ?? [];
    roles = [...roles, ...extra.filter((e) => !roles.some((r) => r.body === e.body && r.role === e.role))];
  }
  const facts = {
    kind,
    level: n.escalationLevel,
    personName: n.personName,
    roles,
    incident: {
      title: incident.title,
      incidentTypeName:
        config.incidentTypes.types.find((t) => t.code === incident.incidentType)?.name ?? incident.incidentType,
      severity: incident.severity,
      location: incident.location,
      county: incident.county,
      description: incident.description,
      occurredAt: incident.occurredAt,
      reportedAt: incident.reportedAt,
      exercise: incident.exercise,
    },
    activation,
    ackUrl,
    minutes,
    unacknowledged,
    waitingRole,
    alert: kind === 'REPORT_ALERT' || kind === 'DUTY_ALERT' ? (n.reason ?? '') : undefined,
  };
  const rendered = renderMessage(config.notifications, facts);
  return {
    notificationId: n.id,
    incidentId: n.incidentId,
    sendSeq: n.sendSeq,
    dedupKey: dedupKey(n.id, n.sendSeq),
    kind,
    level: n.escalationLevel,
    person: { id: n.personId, name: n.personName },
    contact: contact ? { id: contact.id, kind: contact.kind, value: contact.value } : null,
    subject: rendered.subject,
    text: rendered.text,
    ackUrl,
    ...(replyCode
      ? {
          values: placeholderValues(config.notifications, facts),
          replyCode,
          providerKind: providerKindOf(n.messageKind, n.reason),
        }
      : {}),
  };
}
