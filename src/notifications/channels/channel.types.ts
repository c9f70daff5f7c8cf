import type { ChannelName } from '../../config/notifications.config';
import type { ContactKind } from '../../contacts/entities/contact-method.entity';
import type { DeliveryErrorCode } from '../core/delivery-error';

/** What a channel sends: the rendered message and where to. Contact values never leave this path. */
export interface OutgoingMessage {
  notificationId: string;
  incidentId: string;
  /** The notification's send (send_seq) this message is. */
  sendSeq: number;
  /** Same for every try of one send: lets the receiver drop a repeat (webhook Idempotency-Key, email Message-ID). */
  dedupKey: string;
  /** INITIAL, REMINDER or ESCALATION. */
  kind: string;
  level: number;
  person: { id: string; name: string };
  /** The contact method tried; null for a person without one (fallback channel). */
  contact: { id: string; kind: ContactKind; value: string } | null;
  subject: string;
  text: string;
  ackUrl: string;
  /** The message's placeholder values (provider templates fill their variables from them). */
  values?: Readonly<Record<string, string>>;
  /** The person's reply code for this incident ("1 <code>" confirms), for SMS and voice. */
  replyCode?: string;
  /** The provider template kind (activation, regrade, reminder, escalation, deadlineAlert). */
  providerKind?: string;
}

/** Where the channel sends, from config/notifications.yaml channels.<kind>. */
export interface ChannelRoute {
  channel: ChannelName;
  url?: string;
}

/** SENT: handed over (2xx, SMTP accepted); DELIVERED: the channel itself is the destination (log). */
export interface ChannelResult {
  status: 'SENT' | 'DELIVERED';
  detail?: string;
  /** The provider that accepted it and its message id (receipts name it). */
  provider?: string;
  providerMessageId?: string;
  /** The text actually sent, when the channel sends a text of its own (a provider template). */
  sentText?: string;
  /** Earlier tries within this send (another provider, a budget held back), each recorded as an attempt. */
  tries?: ChannelTry[];
}

/** One try within a send that did not go out: a provider that failed, a budget that held it back. */
export interface ChannelTry {
  provider: string;
  outcome: 'RETRYABLE_ERROR' | 'PERMANENT_ERROR' | 'HELD_BACK';
  code: DeliveryErrorCode;
  /** The detail, for admins (scrubbed before it is stored). */
  error: string;
}

/**
 * A failed send. retryable: try the same contact again later; otherwise move to the next contact method.
 * code is what readers see (core/delivery-error.ts); message is the detail, kept for admins after scrubbing.
 */
export class ChannelError extends Error {
  constructor(
    readonly code: DeliveryErrorCode,
    message: string,
    readonly retryable: boolean,
    /** Tries within this send before it failed (recorded as attempts). */
    readonly tries: ChannelTry[] = [],
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** One way of sending a message (log, webhook, email), chosen per contact method. */
export interface Channel {
  readonly name: ChannelName;
  send(message: OutgoingMessage, route: ChannelRoute): Promise<ChannelResult>;
}

/** Where an HTTP channel posts: the route's URL, else the contact method's; null when that is no http(s) URL. */
export function httpTarget(message: OutgoingMessage, route: ChannelRoute): string | null {
  const url = route.url ?? message.contact?.value;
  return url && /^https?:\/\/\S+$/.test(url) ? url : null;
}
