import type { EntityManager } from 'typeorm';
import { nextContact, orderedContacts } from '../../contacts/core/contact-route';
import { ContactMethodEntity } from '../../contacts/entities/contact-method.entity';
import type { DeliveryErrorCode } from '../core/delivery-error';
import { NotificationEntity } from '../entities/notification.entity';
import { NotificationStatus } from '../models/notification-status.enum';

/**
 * Inside a unit of work: the current send of `n` failed for good (a permanent channel error, the
 * last retry, a report "not delivered", an unanswered call). FAILED with the reason, and the
 * person's next contact method as a new send (the relay queues it: the caller kicks it), or FAILED
 * for good, saying there is no other contact method, when there is none.
 */
export async function failCurrentSend(
  m: EntityManager,
  n: NotificationEntity,
  reason: string,
  code: DeliveryErrorCode,
  now: Date,
): Promise<'NEXT_CONTACT' | 'FAILED'> {
  const methods = await m.find(ContactMethodEntity, { where: { personId: n.personId } });
  const next = nextContact(orderedContacts(methods), n.contactMethodId, n.contactStep);
  if (next?.method) {
    await m.update(
      NotificationEntity,
      { id: n.id },
      {
        status: NotificationStatus.FAILED,
        failedAt: now,
        lastError: reason,
        lastErrorCode: code,
        sendSeq: n.sendSeq + 1,
        contactMethodId: next.method.id,
        contactStep: next.step,
        updatedAt: now,
      },
    );
    return 'NEXT_CONTACT';
  }
  await m.update(
    NotificationEntity,
    { id: n.id },
    {
      status: NotificationStatus.FAILED,
      failedAt: now,
      lastError: `${reason}; 已无其他联系方式`,
      lastErrorCode: code,
      queuedSends: n.sendSeq + 1,
      updatedAt: now,
    },
  );
  return 'FAILED';
}
