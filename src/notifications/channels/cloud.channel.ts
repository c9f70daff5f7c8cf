import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import type { Provider } from '../../config/providers.config';
import { CloudProvidersService } from '../providers/cloud-providers.service';
import type { CloudProvider, ProviderAccepted, SmsRequest } from '../providers/provider.types';
import { BudgetChannel, SendBudgetService } from '../providers/send-budget.service';
import type { Channel, ChannelResult, OutgoingMessage } from './channel.types';
import { sendThroughProviders } from './cloud-send.helper';

/**
 * A channel whose messages go out through the cloud providers (SMS, voice) with their approved
 * templates, failover and send budgets (sendThroughProviders); a channel says only how one
 * provider sends one message.
 */
@Injectable()
export abstract class CloudChannel implements Channel {
  abstract readonly name: BudgetChannel;

  constructor(
    @Inject(AppConfig) protected readonly config: AppConfig,
    private readonly providers: CloudProvidersService,
    private readonly budgets: SendBudgetService,
  ) {}

  send(message: OutgoingMessage): Promise<ChannelResult> {
    return sendThroughProviders(
      this.name,
      message,
      { config: this.config, providers: this.providers, budgets: this.budgets },
      (name: Provider, request) => this.sendBy(this.providers.get(name)!, request),
    );
  }

  /** One provider sends one message (a templated text, or a text-to-speech call). */
  protected abstract sendBy(provider: CloudProvider, request: SmsRequest): Promise<ProviderAccepted>;
}
