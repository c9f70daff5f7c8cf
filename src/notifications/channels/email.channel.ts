import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../../config/app.config';
import { Channel, ChannelError, ChannelResult, OutgoingMessage } from './channel.types';

/**
 * SMTP through nodemailer (SMTP_URL). Accepted by the server = SENT. SMTP 4xx answers and connection
 * problems are retried; 5xx answers (unknown mailbox …) are permanent. The Message-ID is derived from
 * the dedup key, so a repeated try carries the same id.
 */
@Injectable()
export class EmailChannel implements Channel, OnApplicationShutdown {
  readonly name = 'email' as const;
  private transporter: Transporter | null = null;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async send(message: OutgoingMessage): Promise<ChannelResult> {
    const url = this.config.env.SMTP_URL;
    if (!url) throw new ChannelError('email: SMTP_URL is not set', false);
    const to = message.contact?.value;
    if (!to || !/^[^\s@]+@[^\s@]+$/.test(to))
      throw new ChannelError('email: the contact method holds no e-mail address', false);
    const timeout = this.config.notifications.email.timeoutMs;
    this.transporter ??= createTransport(url, {
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    try {
      const info = await this.transporter.sendMail({
        from: this.config.notifications.email.from,
        to,
        subject: message.subject,
        text: message.text,
        messageId: `<${message.dedupKey}@notify.emergency-command>`,
        headers: { 'X-Notification-Id': message.notificationId },
      });
      return { status: 'SENT', detail: `SMTP ${String(info.response ?? '').slice(0, 100)}` };
    } catch (error) {
      const e = error as Error & { responseCode?: number; code?: string; response?: string };
      const code = e.responseCode;
      const retryable = code === undefined ? true : code < 500;
      throw new ChannelError(
        `email: ${code ? `SMTP ${code} ` : ''}${(e.response ?? e.code ?? e.message).slice(0, 200)}`,
        retryable,
      );
    }
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
