import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import { CloudProvidersService } from '../providers/cloud-providers.service';
import { SendBudgetService } from '../providers/send-budget.service';
import type { Channel, ChannelResult, OutgoingMessage } from './channel.types';
import { sendThroughProviders } from './cloud-send.helper';

/**
 * Voice notification (语音通知): a text-to-speech call with an approved template through Alibaba
 * Cloud / Tencent Cloud. SENT when the call is placed; the call result (callback) acknowledges on
 * key 1, marks it DELIVERED when answered without, and moves on to the next contact method when
 * unanswered or busy.
 */
@Injectable()
export class VoiceChannel implements Channel {
  readonly name = 'voice' as const;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly providers: CloudProvidersService,
    private readonly budgets: SendBudgetService,
  ) {}

  send(message: OutgoingMessage): Promise<ChannelResult> {
    const playTimes = this.config.notifications.voice?.playTimes ?? 2;
    return sendThroughProviders(
      'voice',
      message,
      { config: this.config, providers: this.providers, budgets: this.budgets },
      (name, request) => this.providers.get(name)!.callTts({ ...request, playTimes }),
    );
  }
}
