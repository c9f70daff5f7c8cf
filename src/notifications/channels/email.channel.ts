import { Inject, Injectable } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { AppConfig } from '../../config/app.config';
import { outboundPolicyOf } from '../../security/outbound-policy.helper';
import { networkErrorCode, smtpErrorCode } from '../core/delivery-error';
import { Channel, ChannelError, ChannelResult, OutgoingMessage } from './channel.types';

/**
 * SMTP through nodemailer (SMTP_URL). Accepted by the server = SENT. SMTP 4xx answers and connection
 * problems are retried; 5xx answers (unknown mailbox …) are permanent. The Message-ID is derived from
 * the dedup key, so a repeated try carries the same id. The server's host is resolved and checked
 * against the outbound policy (OUTBOUND_ALLOW) for every send, and the connection goes to the checked
 * address (TLS still verifies the host name).
 */
@Injectable()
export class EmailChannel implements Channel {
  readonly name = 'email' as const;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async send(message: OutgoingMessage): Promise<ChannelResult> {
    const url = this.config.env.SMTP_URL;
    if (!url) throw new ChannelError('NOT_CONFIGURED', 'email: SMTP_URL is not set', false);
    const to = message.contact?.value;
    if (!to || !/^[^\s@]+@[^\s@]+$/.test(to))
      throw new ChannelError('NO_ADDRESS', 'email: the contact method holds no e-mail address', false);
    const timeout = this.config.notifications.email.timeoutMs;
    const server = parseConnectionUrl(url);
    const host = server.host ?? 'localhost';
    let address: string;
    try {
      address = await outboundPolicyOf(this.config.env).resolve(host);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      const code = networkErrorCode(e.code);
      throw new ChannelError(
        code,
        `email: SMTP server ${e.code ?? ''} ${e.message}`,
        code !== 'DESTINATION_NOT_ALLOWED',
      );
    }
    const transporter = createTransport(<SMTPTransport.Options>{
      ...server,
      host: address,
      servername: host,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    try {
      const info = await transporter.sendMail({
        from: this.config.notifications.email.from,
        to,
        subject: message.subject,
        text: message.text,
        messageId: `<${message.dedupKey}@notify.emergency-command>`,
        headers: { 'X-Notification-Id': message.notificationId },
      });
      return { status: 'SENT', detail: `SMTP ${String(info.response ?? '').slice(0, 100)}` };
    } catch (error) {
      const e = error as Error & { responseCode?: number; code?: string; response?: string; command?: string };
      const reply = e.responseCode;
      const retryable = reply === undefined ? e.code !== 'EENVELOPE' : reply < 500;
      throw new ChannelError(
        smtpErrorCode(e),
        `email: ${reply ? `SMTP ${reply} ` : ''}${e.command ? `(${e.command}) ` : ''}${(e.response ?? e.code ?? e.message).slice(0, 200)}`,
        retryable,
      );
    } finally {
      transporter.close();
    }
  }
}
