import { Injectable, Logger } from '@nestjs/common';
import type { Channel, ChannelResult, OutgoingMessage } from './channel';

/**
 * The default channel: writes the rendered message to the process log (with its acknowledgement
 * link, so the quick start shows the whole flow) and counts as DELIVERED. The delivery attempt keeps
 * the message (link token masked).
 */
@Injectable()
export class LogChannel implements Channel {
  readonly name = 'log' as const;
  private readonly logger = new Logger('Notification');

  async send(message: OutgoingMessage): Promise<ChannelResult> {
    const to = message.contact ? `${message.person.name} (${message.contact.kind})` : `${message.person.name} (无联系方式)`;
    this.logger.log(`→ ${to} [${message.kind}${message.level ? ` ${message.level}` : ''}] ${message.subject}\n${message.text}`);
    return { status: 'DELIVERED', detail: 'logged' };
  }
}
