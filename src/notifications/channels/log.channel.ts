import { Injectable, Logger } from '@nestjs/common';
import { maskToken } from '../core/message-renderer';
import type { Channel, ChannelResult, OutgoingMessage } from './channel.types';

/**
 * The default channel: writes the rendered message to the process log and counts as DELIVERED.
 * The acknowledgement link's token is masked: logs are read by more people than the commander.
 */
@Injectable()
export class LogChannel implements Channel {
  readonly name = 'log' as const;
  private readonly logger = new Logger('Notification');

  async send(message: OutgoingMessage): Promise<ChannelResult> {
    const to = message.contact
      ? `${message.person.name} (${message.contact.kind})`
      : `${message.person.name} (无联系方式)`;
    this.logger.log(
      `→ ${to} [${message.kind}${message.level ? ` ${message.level}` : ''}] ${message.subject}\n${maskToken(message.text, message.ackUrl.split('/').pop() ?? '')}`,
    );
    return { status: 'DELIVERED', detail: 'logged' };
  }
}
