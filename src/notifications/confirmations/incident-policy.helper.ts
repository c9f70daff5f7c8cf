import type { ActivationResult } from '../../activation/core/resolve-activation';
import type { AppConfig } from '../../config/app.config';
import { CommandRole, roleLabel } from '../../roster/core/command-role';
import type { IncidentEntity } from '../../incidents/entities/incident.entity';
import {
  ConfirmationPolicy,
  describePolicy,
  evaluatePolicy,
  PolicyRecipient,
  PolicyState,
  policyFor,
  policyMetAt,
} from '../core/confirmation-policy';
import type { EscalationEntity } from '../entities/escalation.entity';
import type { NotificationEntity } from '../entities/notification.entity';
import { NotificationStatus } from '../models/notification-status.enum';
import { parseRoles } from '../delivery/escalation.service';

/** Where an incident's confirmations stand: its policy, evaluated over its notices. */
export interface IncidentConfirmations {
  incident: IncidentEntity;
  activation: ActivationResult;
  policy: ConfirmationPolicy;
  state: PolicyState;
  metAt: Date | null;
  notices: NotificationEntity[];
  description: string;
  /** The incident's escalation clock, when loaded (Incident.confirmationPolicy.escalation). */
  escalation?: EscalationEntity | null;
}

/** A notice as the policy sees it: confirmed when acknowledged. */
export function policyRecipient(n: NotificationEntity): PolicyRecipient {
  return {
    personId: n.personId,
    personName: n.personName,
    roles: parseRoles(n.roles),
    confirmedAt: n.status === NotificationStatus.ACKNOWLEDGED ? (n.acknowledgedAt ?? n.updatedAt) : null,
  };
}

export function incidentPolicy(
  config: AppConfig,
  incident: Pick<IncidentEntity, 'severity' | 'activationJson'>,
): { policy: ConfirmationPolicy; activation: ActivationResult } {
  const activation = JSON.parse(incident.activationJson) as ActivationResult;
  return {
    policy: policyFor(config.confirmationPolicies, activation.postCode, incident.severity, activation.activated),
    activation,
  };
}

/** The incident's policy (config/confirmation-policies.yaml) evaluated over its notices (rows of purpose NOTICE). */
export function evaluateIncident(
  config: AppConfig,
  incident: IncidentEntity,
  notices: NotificationEntity[],
): IncidentConfirmations {
  const { policy, activation } = incidentPolicy(config, incident);
  const recipients = notices.map(policyRecipient);
  const state = evaluatePolicy(policy, activation.postCode, recipients);
  return {
    incident,
    activation,
    policy,
    state,
    metAt: state.met ? policyMetAt(policy, activation.postCode, recipients) : null,
    notices,
    description: describePolicy(policy, (body, role) => roleLabel(role as CommandRole, body === 'HQ')),
  };
}
