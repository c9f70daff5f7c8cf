import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import { OutboundAnswer, OutboundError, postOutbound } from '../../security/outbound-http.client';
import { outboundPolicyOf } from '../../security/outbound-policy.helper';
import { httpErrorCode, networkErrorCode } from '../core/delivery-error';
import { Channel, ChannelError, ChannelResult, ChannelRoute, httpTarget, OutgoingMessage } from './channel.types';

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
 * any other answer (3xx, 4xx) is permanent and moves on to the person's next contact method. Only
 * targets the outbound policy allows are reached (OUTBOUND_ALLOW); the answer's body is never kept.
 * With WEBHOOK_SECRET every body is signed (X-Signature: sha256=HMAC(secret, timestamp.body)).
 */
@Injectable()
export class WebhookChannel implements Channel {
  readonly name = 'webhook' as const;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async send(message: OutgoingMessage, route: ChannelRoute): Promise<ChannelResult> {
    const url = httpTarget(message, route);
    const target = url ? parseUrl(url) : null;
    if (!target) {
      throw new ChannelError(
        'NO_ADDRESS',
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
    let answer: OutboundAnswer;
    try {
      answer = await postOutbound(outboundPolicyOf(this.config.env), target, headers, body, timeoutMs, 1024);
    } catch (error) {
      const e = error as OutboundError;
      const code = networkErrorCode(e.code, e.name);
      // The far side's host is not named: it may identify the person (a personal gateway URL).
      const detail = code === 'TIMEOUT' ? `no answer within ${timeoutMs} ms` : `${e.code ?? 'ERROR'}: ${e.message}`;
      throw new ChannelError(code, `webhook: ${detail}`, code !== 'DESTINATION_NOT_ALLOWED');
    }
    if (answer.status >= 200 && answer.status < 300) return { status: 'SENT', detail: `HTTP ${answer.status}` };
    const retryable = answer.status >= 500 || [408, 425, 429].includes(answer.status);
    // The answer's body is never kept: it may echo the contact or come from an internal service.
    throw new ChannelError(httpErrorCode(answer.status), `webhook: HTTP ${answer.status}`, retryable);
  }
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
