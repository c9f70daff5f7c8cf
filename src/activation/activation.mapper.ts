import type { ActivationResult } from './core/resolve-activation';
import { ActivationModel } from './models/activation.model';
import { RecipientModel } from './models/recipient.model';

/** The GraphQL model of a resolved (or frozen) activation. */
export function toActivationModel(result: ActivationResult, knownAt: Date | null = null): ActivationModel {
  const asOf = new Date(result.asOf);
  return {
    activated: result.activated,
    headquarters: result.headquarters,
    recipients: result.recipients.map((r): RecipientModel => ({
      person: { id: r.personId, name: r.personName, aliases: r.personAliases ?? [], asOf },
      roles: r.roles.map((role) => ({ ...role })),
    })),
    reason: result.reason,
    incidentType: result.incidentType,
    severity: result.severity,
    asOf,
    knownAt,
    postCode: result.postCode,
    commandThreshold: result.commandThreshold,
    vacancies: result.vacancies.map((v) => ({ ...v })),
    citations: result.citations.map((c) => ({ ...c, roles: [...c.roles] })),
    rosterRevision: result.rosterRevision,
  };
}
