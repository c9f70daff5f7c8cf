import type { ActivationResult } from './core/resolve-activation';
import { ActivationModel } from './models/activation.model';
import { RecipientModel } from './models/recipient.model';
import type { LeaderOnDutyModel } from './models/leader-on-duty.model';
import type { DutyPersonRef, LeaderOnDutyResult } from '../duty/core/leader-on-duty';

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
    leaderOnDuty: result.leaderOnDuty ? leaderOnDutyModel(result.leaderOnDuty, asOf) : null,
  };
}

function leaderOnDutyModel(l: LeaderOnDutyResult, asOf: Date): LeaderOnDutyModel {
  const person = (p: DutyPersonRef) => ({ id: p.personId, name: p.personName, aliases: p.personAliases ?? [], asOf });
  return {
    office: l.office,
    officeName: l.officeName,
    shiftDate: l.shiftDate,
    shift: l.shiftCode,
    shiftName: l.shiftName,
    startsAt: new Date(l.startsAt),
    endsAt: new Date(l.endsAt),
    leader: l.leader ? person(l.leader) : null,
    officers: l.officers.map(person),
    fallback: l.fallback,
    fallbackPersons: l.fallbackPersons.map(person),
    note: l.note,
  };
}
