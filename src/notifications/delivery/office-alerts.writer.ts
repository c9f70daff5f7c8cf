import { EntityManager, In } from 'typeorm';
import type { ResolvedRole } from '../../activation/core/resolve-activation';
import { firstContact, orderedContacts } from '../../contacts/core/contact-route';
import { CommandRole, roleLabel } from '../../roster/core/command-role';
import type { RosterView } from '../../roster/core/roster-view';
import { ContactMethodEntity } from '../../contacts/entities/contact-method.entity';
import { newPendingNotification, NotificationEntity, NotificationPurpose } from '../entities/notification.entity';
import { NotificationStatus } from '../models/notification-status.enum';

/** A person an office alert goes to, with every role they are told in. */
export interface AlertPerson {
  personId: string;
  personName: string;
  roles: ResolvedRole[];
}

/** Adds people to a recipient list, one entry per person with every role (duplicates merged). */
export function mergeAlertPeople(into: Map<string, AlertPerson>, people: Iterable<AlertPerson>): void {
  for (const p of people) {
    const entry = into.get(p.personId) ?? { personId: p.personId, personName: p.personName, roles: [] };
    for (const role of p.roles) {
      if (!entry.roles.some((r) => r.body === role.body && r.role === role.role)) entry.roles.push(role);
    }
    into.set(p.personId, entry);
  }
}

/** The persons holding the given seats at `at` (vacant seats skipped), each with their roles there. */
export function seatPeople(
  view: RosterView,
  seats: ReadonlyArray<{ body: string; role: CommandRole }>,
  at: Date,
): AlertPerson[] {
  const people = new Map<string, AlertPerson>();
  for (const wanted of seats) {
    const body = view.body(wanted.body);
    if (!body) continue;
    for (const seat of view.seatsAt(body, at, wanted.role)) {
      if (!seat.person) continue;
      mergeAlertPeople(people, [
        {
          personId: seat.person.id,
          personName: seat.person.name,
          roles: [
            {
              body: body.code,
              bodyName: body.name,
              role: seat.role,
              roleName: roleLabel(seat.role, body.kind === 'HEADQUARTERS'),
              title: seat.title,
              acting: seat.acting,
            },
          ],
        },
      ]);
    }
  }
  return [...people.values()];
}

/**
 * Inside the caller's transaction: an alert about an incident to the duty office's people through
 * the normal notification path. One outbox row per person, incident and purpose (REPORT_ALERT,
 * DUTY_ALERT), sent again (a new send, not yet acknowledged) for each later alert; `text` is what
 * the alert says ({alert} of the template). The relay picks the rows up.
 */
export async function writeOfficeAlerts(
  m: EntityManager,
  alert: {
    incidentId: string;
    purpose: NotificationPurpose;
    messageKind: string;
    people: AlertPerson[];
    text: string;
    fallbackChannel: string;
  },
  now: Date,
): Promise<NotificationEntity[]> {
  const ids = alert.people.map((p) => p.personId);
  if (ids.length === 0) return [];
  const existing = await m.find(NotificationEntity, {
    where: { incidentId: alert.incidentId, purpose: alert.purpose, personId: In(ids) },
  });
  const contacts = await m.find(ContactMethodEntity, { where: { personId: In(ids) } });
  let ordinal = (
    await m.find(NotificationEntity, { where: { incidentId: alert.incidentId }, select: { ordinal: true } })
  ).reduce((max, n) => Math.max(max, n.ordinal), 0);
  const written: NotificationEntity[] = [];
  for (const person of alert.people) {
    const choice = firstContact(orderedContacts(contacts.filter((c) => c.personId === person.personId)));
    const row = existing.find((n) => n.personId === person.personId);
    if (row) {
      const changes: Partial<NotificationEntity> = {
        sendSeq: row.sendSeq + 1,
        queuedSends: Math.min(row.queuedSends, row.sendSeq + 1),
        status: NotificationStatus.PENDING,
        reason: alert.text,
        messageKind: alert.messageKind,
        roles: JSON.stringify(person.roles),
        contactMethodId: choice.method?.id ?? null,
        contactStep: choice.step,
        acknowledgedAt: null,
        acknowledgedVia: null,
        acknowledgedBy: null,
        acknowledgementNote: null,
        acknowledgementRecordedAt: null,
        updatedAt: now,
      };
      await m.update(NotificationEntity, { id: row.id }, changes);
      written.push(Object.assign(row, changes));
    } else {
      const fresh = newPendingNotification(
        {
          incidentId: alert.incidentId,
          ordinal: ++ordinal,
          personId: person.personId,
          personName: person.personName,
          roles: JSON.stringify(person.roles),
          channel: alert.fallbackChannel,
          reason: alert.text,
          purpose: alert.purpose,
          messageKind: alert.messageKind,
          contactMethodId: choice.method?.id ?? null,
          contactStep: choice.step,
        },
        now,
      );
      await m.insert(NotificationEntity, fresh);
      written.push(fresh);
    }
  }
  return written;
}
