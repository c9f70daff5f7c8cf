import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import { OutboundAnswer, OutboundError, postOutbound } from '../../security/outbound-http.client';
import { outboundPolicyOf } from '../../security/outbound-policy.helper';
import { httpErrorCode, networkErrorCode } from '../core/delivery-error';
import { Channel, ChannelError, ChannelResult, ChannelRoute, httpTarget, OutgoingMessage } from './channel.types';

/** DingTalk's "加签" signature: Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)). */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** Robot answers worth retrying: 130101 sent too fast (20 a minute), -1 system busy. */
const RETRYABLE_CODES = new Set([130101, -1]);

/**
 * A DingTalk group robot (自定义机器人) as a channel, configured only: route a contact kind to
 * `{ channel: dingtalk }` and put the robot's webhook URL (it carries the access token) in the contact
 * method, or in `url` for one robot of the whole office. With DINGTALK_ROBOT_SECRET the URL is signed
 * (timestamp, sign). The robot's answer {"errcode":0} is SENT; throttling and 5xx are retried like
 * the webhook channel, other errors move on to the next contact method.
 */
@Injectable()
export class DingtalkChannel implements Channel {
  readonly name = 'dingtalk' as const;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async send(message: OutgoingMessage, route: ChannelRoute): Promise<ChannelResult> {
    const base = httpTarget(message, route);
    if (!base) {
      throw new ChannelError(
        'NO_ADDRESS',
        'dingtalk: NO_URL: neither the contact method nor the route holds a robot URL',
        false,
      );
    }
    const url = new URL(base);
    const secret = this.config.env.DINGTALK_ROBOT_SECRET;
    if (secret) {
      const timestamp = Date.now();
      url.searchParams.set('timestamp', String(timestamp));
      url.searchParams.set('sign', dingtalkSign(secret, timestamp));
    }
    const body = JSON.stringify({ msgtype: 'text', text: { content: `${message.subject}\n${message.text}` } });
    const timeoutMs = this.config.notifications.webhook.timeoutMs;
    let response: OutboundAnswer;
    try {
      response = await postOutbound(
        outboundPolicyOf(this.config.env),
        url,
        { 'content-type': 'application/json; charset=utf-8' },
        body,
        timeoutMs,
      );
    } catch (error) {
      const e = error as OutboundError;
      const code = networkErrorCode(e.code, e.name);
      throw new ChannelError(code, `dingtalk: ${e.code}`, code !== 'DESTINATION_NOT_ALLOWED');
    }
    if (response.status >= 500 || response.status === 429)
      throw new ChannelError(httpErrorCode(response.status), `dingtalk: HTTP_${response.status}`, true);
    const answer = parseAnswer(response.text);
    if (response.status === 200 && answer?.errcode === 0) return { status: 'SENT', detail: 'dingtalk ok' };
    const code = answer?.errcode ?? response.status;
    throw new ChannelError(
      answer ? (code === 130101 ? 'PROVIDER_THROTTLED' : 'PROVIDER_REJECTED') : httpErrorCode(response.status),
      `dingtalk: ERRCODE_${code}: ${String(answer?.errmsg ?? '').slice(0, 100)}`,
      RETRYABLE_CODES.has(code),
    );
  }
}

function parseAnswer(text: string): { errcode?: number; errmsg?: string } | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as { errcode?: number; errmsg?: string }) : null;
  } catch {
    return null;
  }
}
