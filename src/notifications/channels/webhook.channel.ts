import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import { Channel, ChannelError, ChannelResult, ChannelRoute, OutgoingMessage } from './channel.types';

export const SIGNATURE_HEADER = 'X-Signature';
export const TIMESTAMP_HEADER = 'X-Signature-Timestamp';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** The JSON body a webhook receives. */
export interface WebhookPayload {
  notificationId: string;
  incidentId: string;
  /** Same for every try of one message: a receiver that has seen it drops the repeat. */
  dedupKey: string;
  kind: string;
  level: number;
  person: { id: string; name: string };
  /** The contact (kind and value: a phone number for an SMS gateway), null for a person without one. */
  to: { kind: string; value: string } | null;
  subject: string;
  text: string;
  ackUrl: string;
}

/** "sha256=<hex>" of `${timestamp}.${body}` under the secret (what a receiver recomputes). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * HTTP POST of a JSON payload: how an SMS or voice gateway or a government messaging app is
 * plugged in. 2xx = SENT; 408, 425, 429, 5xx, a timeout or a refused connection are retried;
 * any other answer (3xx, 4xx) is permanent and moves on to the person's next contact method.
 * With WEBHOOK_SECRET every body is signed (X-Signature: sha256=HMAC(secret, timestamp.body)).
 */
@Injectable()
export class WebhookChannel implements Channel {
  readonly name = 'webhook' as const;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async send(message: OutgoingMessage, route: ChannelRoute): Promise<ChannelResult> {
    const url = route.url ?? message.contact?.value;
    if (!url || !/^https?:\/\/\S+$/.test(url)) {
      throw new ChannelError(
        `webhook: the contact method holds no http(s) URL and channels.${message.contact?.kind ?? '?'}.url is not set`,
        false,
      );
    }
    const payload: WebhookPayload = {
      notificationId: message.notificationId,
      incidentId: message.incidentId,
      dedupKey: message.dedupKey,
      kind: message.kind,
      level: message.level,
      person: message.person,
      to: message.contact ? { kind: message.contact.kind, value: message.contact.value } : null,
      subject: message.subject,
      text: message.text,
      ackUrl: message.ackUrl,
    };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'emergency-command-notifier',
      [IDEMPOTENCY_HEADER]: message.dedupKey,
      [TIMESTAMP_HEADER]: timestamp,
    };
    const secret = this.config.env.WEBHOOK_SECRET;
    if (secret) headers[SIGNATURE_HEADER] = webhookSignature(secret, timestamp, body);
    const timeoutMs = this.config.notifications.webhook.timeoutMs;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      const reason =
        e.name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : (e.cause?.code ?? e.cause?.message ?? e.message);
      throw new ChannelError(`webhook ${hostOf(url)}: ${reason}`, true);
    }
    const answer = (await response.text().catch(() => '')).slice(0, 200);
    if (response.status >= 200 && response.status < 300) return { status: 'SENT', detail: `HTTP ${response.status}` };
    const retryable = response.status >= 500 || [408, 425, 429].includes(response.status);
    throw new ChannelError(`webhook ${hostOf(url)}: HTTP ${response.status}${answer ? ` ${answer}` : ''}`, retryable);
  }
}

/** Host and port only: a webhook URL may carry a token in its path or query. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}
