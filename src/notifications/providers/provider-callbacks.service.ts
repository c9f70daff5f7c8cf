import { scrubDetail } from '../core/delivery-error';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In, Like } from 'typeorm';
import { newId } from '../../database/columns.helper';
import { TransactionService } from '../../database/transaction.service';
import { ContactMethodEntity } from '../../contacts/entities/contact-method.entity';
import { AckResult, AckService } from '../delivery/ack.service';
import { failCurrentSend } from '../delivery/fail-send.helper';
import { OutboxRelayService } from '../delivery/outbox-relay.service';
import { DeliveryAttemptEntity } from '../entities/delivery-attempt.entity';
import { InboundMessageEntity, InboundOutcome } from '../entities/inbound-message.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { LiveEventsService, notificationChanged } from '../live/live-events.service';
import { NotificationStatus } from '../models/notification-status.enum';
import { maskPhone, nationalNumber } from './core/phone';
import type { ProviderEvent } from './core/provider-events';
import { parseReply } from './core/reply-code';

/** What one pushed event did (answered to tests and logged, never with a number). */
export type CallbackOutcome =
  'DELIVERED' | 'NEXT_CONTACT' | 'FAILED' | 'DUPLICATE' | 'STALE' | 'UNKNOWN_MESSAGE' | InboundOutcome;

/**
 * Applies what the providers push back. Every step is idempotent: a delivery report or call result
 * is taken once per attempt (receipt_at), a reply or key press once per provider identity
 * (inbound_message.dedup_key), and acknowledging an acknowledged notification changes nothing, so a
 * callback pushed twice (the providers retry) never sends or acknowledges anything twice.
 *   - report delivered → DELIVERED; not delivered → FAILED and the person's next contact method
 *   - call answered → DELIVERED (key 1 acknowledges); unanswered, busy, failed → the next contact method
 *   - reply "1 <code>" from a number of the person → acknowledges that person's notification with the code;
 *     any other code is refused (recorded, nothing acknowledged)
 */
@Injectable()
export class ProviderCallbacksService {
  private readonly logger = new Logger(ProviderCallbacksService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly acks: AckService,
    private readonly relay: OutboxRelayService,
    private readonly live: LiveEventsService,
  ) {}

  async apply(event: ProviderEvent): Promise<CallbackOutcome> {
    switch (event.type) {
      case 'SMS_REPORT':
        return this.receipt(
          event.provider,
          event.messageId,
          event.outId,
          event.delivered,
          `${event.code} ${event.description}`.trim(),
          null,
        );
      case 'VOICE_RESULT': {
        const outcome = await this.receipt(
          event.provider,
          event.callId,
          event.outId,
          event.answered,
          `${event.code} ${event.description}`.trim(),
          event.keys,
        );
        if (event.answered && event.keys.includes('1'))
          return this.key(event.provider, event.callId, '1', `${event.provider}-key:${event.callId}:1`);
        return outcome;
      }
      case 'VOICE_KEY':
        return this.key(event.provider, event.callId, event.key, event.dedupKey);
      case 'SMS_REPLY':
        return this.reply(event.provider, event.phone, event.text, event.dedupKey);
    }
  }

  private async findAttempt(
    provider: string,
    messageId: string,
    outId: string | null,
  ): Promise<DeliveryAttemptEntity | null> {
    const byId = await this.dataSource.manager.findOne(DeliveryAttemptEntity, {
      where: { provider, providerMessageId: messageId },
    });
    if (byId || !outId) return byId;
    return this.dataSource.manager.findOne(DeliveryAttemptEntity, {
      where: { provider, dedupKey: outId, outcome: In(['SENT', 'DELIVERED']) },
      order: { at: 'DESC' },
    });
  }

  private async receipt(
    provider: string,
    messageId: string,
    outId: string | null,
    ok: boolean,
    detail: string,
    keys: string | null,
  ): Promise<CallbackOutcome> {
    const attempt = await this.findAttempt(provider, messageId, outId);
    if (!attempt) return 'UNKNOWN_MESSAGE';
    const now = new Date();
    // Shown to readers: scrubbed like an error detail (a provider may quote the number).
    const receipt = scrubDetail(`${detail}${keys ? ` 按键${keys}` : ''}`).slice(0, 200);
    let changed: NotificationEntity | null = null;
    const outcome = await this.transactions.run(async (m): Promise<CallbackOutcome> => {
      changed = null;
      const taken = await m
        .createQueryBuilder()
        .update(DeliveryAttemptEntity)
        .set({ receipt, receiptAt: now, outcome: ok ? 'DELIVERED' : 'UNDELIVERED' })
        .where('id = :id AND receipt_at IS NULL', { id: attempt.id })
        .execute();
      if (!taken.affected) return 'DUPLICATE';
      const n = await m.findOne(NotificationEntity, { where: { id: attempt.notificationId } });
      if (!n || n.sendSeq !== attempt.sendSeq || n.status === NotificationStatus.ACKNOWLEDGED) return 'STALE';
      let result: CallbackOutcome;
      if (ok) {
        if (n.status !== NotificationStatus.SENT && n.status !== NotificationStatus.QUEUED) return 'STALE';
        await m.update(
          NotificationEntity,
          { id: n.id },
          { status: NotificationStatus.DELIVERED, deliveredAt: now, updatedAt: now },
        );
        result = 'DELIVERED';
      } else {
        const channel = attempt.channel === 'voice' ? '语音呼叫' : '短信';
        result = await failCurrentSend(m, n, `${channel}未送达(${provider}: ${receipt})`, 'UNDELIVERED', now);
      }
      // The row as this transaction left it, for the subscriptions.
      changed = await m.findOne(NotificationEntity, { where: { id: n.id } });
      return result;
    });
    if (changed) this.live.publish([notificationChanged(changed)]);
    if (outcome === 'NEXT_CONTACT') this.relay.kick();
    return outcome;
  }

  private async key(provider: string, callId: string, key: string, dedupKey: string): Promise<CallbackOutcome> {
    if (await this.seen(dedupKey)) return 'DUPLICATE';
    const attempt = await this.findAttempt(provider, callId, null);
    let outcome: InboundOutcome = 'UNKNOWN_CALL';
    let notificationId: string | null = attempt?.notificationId ?? null;
    let personId: string | null = null;
    if (attempt) {
      const n = await this.dataSource.manager.findOne(NotificationEntity, { where: { id: attempt.notificationId } });
      personId = n?.personId ?? null;
      if (key !== '1') outcome = 'OTHER_KEY';
      else {
        const result = await this.acks.acknowledge(attempt.notificationId, 'VOICE', null);
        outcome = ackOutcome(result);
        notificationId = result.notification.id;
      }
    }
    await this.record({
      dedupKey,
      provider,
      kind: 'KEY',
      phoneMasked: null,
      personId,
      code: key.slice(0, 16),
      outcome,
      notificationId,
    });
    return outcome;
  }

  private async reply(provider: string, phone: string, text: string, dedupKey: string): Promise<CallbackOutcome> {
    if (await this.seen(dedupKey)) return 'DUPLICATE';
    const masked = maskPhone(phone);
    const persons = await this.personsOf(phone);
    const parsed = parseReply(text);
    let outcome: InboundOutcome;
    let notificationId: string | null = null;
    if (persons.length === 0) outcome = 'UNKNOWN_NUMBER';
    else if (parsed.kind !== 'CODE') outcome = 'NOT_A_CONFIRMATION';
    else {
      const n = await this.dataSource.manager.findOne(NotificationEntity, {
        where: { personId: In(persons), replyCode: parsed.code },
        order: { createdAt: 'DESC' },
      });
      if (!n) outcome = 'WRONG_CODE';
      else {
        const result = await this.acks.acknowledge(n.id, 'SMS', null);
        outcome = ackOutcome(result);
        notificationId = n.id;
      }
    }
    if (outcome !== 'ACKNOWLEDGED' && outcome !== 'ALREADY_ACKNOWLEDGED') {
      this.logger.warn(`reply from ${masked} via ${provider} refused: ${outcome}`);
    }
    await this.record({
      dedupKey,
      provider,
      kind: 'REPLY',
      phoneMasked: masked,
      personId: persons[0] ?? null,
      code: parsed.kind === 'CODE' ? parsed.code : null,
      outcome,
      notificationId,
    });
    return outcome;
  }

  /** The people with an active mobile contact method of this number (in any written form). */
  private async personsOf(phone: string): Promise<string[]> {
    const national = nationalNumber(phone);
    if (!national || national.length < 7) return [];
    const candidates = await this.dataSource.manager.find(ContactMethodEntity, {
      where: { kind: 'MOBILE', value: Like(`%${national.slice(-4)}`) },
      select: { id: true, personId: true, value: true, active: true },
    });
    return [
      ...new Set(candidates.filter((c) => c.active && nationalNumber(c.value) === national).map((c) => c.personId)),
    ];
  }

  private async seen(dedupKey: string): Promise<boolean> {
    return (await this.dataSource.manager.count(InboundMessageEntity, { where: { dedupKey } })) > 0;
  }

  private async record(row: Omit<InboundMessageEntity, 'id' | 'receivedAt'>): Promise<void> {
    try {
      await this.dataSource.manager.insert(InboundMessageEntity, { id: newId(), receivedAt: new Date(), ...row });
    } catch {
      // The same push handled concurrently: the other one recorded it (unique dedup_key).
    }
  }
}

function ackOutcome(result: AckResult): InboundOutcome {
  if (result.changed) return 'ACKNOWLEDGED';
  return result.notification.status === NotificationStatus.ACKNOWLEDGED ? 'ALREADY_ACKNOWLEDGED' : 'INCIDENT_CLOSED';
}
