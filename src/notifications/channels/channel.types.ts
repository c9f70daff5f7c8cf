import type { ChannelName } from '../../config/notifications.config';
import type { ContactKind } from '../../contacts/entities/contact-method.entity';

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
}

/** A failed send. retryable: try the same contact again later; otherwise move to the next contact method. */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
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
