import { randomInt } from 'node:crypto';
import { EntityManager, Not, IsNull } from 'typeorm';
import { newId } from '../../database/columns.helper';
import type { ChannelTry } from '../channels/channel.types';
import { DeliveryAttemptEntity } from '../entities/delivery-attempt.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { scrubDetail } from '../core/delivery-error';
import { redactPhone } from './core/phone';
import { newReplyCode } from './core/reply-code';

/** Channels that send through the cloud providers (reply codes, provider templates, receipts). */
export const PROVIDER_CHANNELS: ReadonlySet<string> = new Set(['sms', 'voice']);

/**
 * The person's reply code for this notification, given once (at its first SMS or call): 4 digits
 * that none of the person's other notifications has. A unique index (person, code) catches two
 * given at the same instant (the job is retried).
 */
export async function ensureReplyCode(m: EntityManager, n: NotificationEntity): Promise<string> {
  if (n.replyCode) return n.replyCode;
  const taken = await m.find(NotificationEntity, {
    where: { personId: n.personId, replyCode: Not(IsNull()) },
    select: { id: true, replyCode: true },
  });
  const code = newReplyCode(new Set(taken.map((t) => t.replyCode!)), (span) => randomInt(span));
  await m.update(NotificationEntity, { id: n.id }, { replyCode: code });
  n.replyCode = code;
  return code;
}

/**
 * Records the tries within one send that did not go out (a provider that failed, a budget that held
 * it back) as attempts of their own, before the attempt of the send itself.
 */
export async function recordTries(
  m: EntityManager,
  attempt: DeliveryAttemptEntity,
  tries: readonly ChannelTry[],
  contactValue: string | undefined,
  now: Date,
): Promise<void> {
  for (const [i, t] of tries.entries()) {
    await m.insert(DeliveryAttemptEntity, {
      id: newId(),
      notificationId: attempt.notificationId,
      sendSeq: attempt.sendSeq,
      jobAttempt: attempt.jobAttempt,
      channel: attempt.channel,
      contactMethodId: attempt.contactMethodId,
      contactKind: attempt.contactKind,
      // Listed before the attempt of the send itself, in the order they were made.
      at: new Date(attempt.at.getTime() - (tries.length - i)),
      finishedAt: now,
      outcome: t.outcome,
      error: scrubDetail(redactPhone(t.error, contactValue), contactValue),
      errorCode: t.code,
      dedupKey: attempt.dedupKey,
      ackTokenHash: null,
      message: null,
      worker: attempt.worker,
      provider: t.provider,
    });
  }
}
