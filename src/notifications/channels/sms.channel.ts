import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import { CloudProvidersService } from '../providers/cloud-providers.service';
import { SendBudgetService } from '../providers/send-budget.service';
import type { Channel, ChannelResult, OutgoingMessage } from './channel.types';
import { sendThroughProviders } from './cloud-send.helper';

/**
 * SMS through Alibaba Cloud / Tencent Cloud with approved templates (config providerTemplates),
 * failover between the providers and per-number send budgets. SENT when a provider accepted it;
 * the delivery report (callback) moves it to DELIVERED or FAILED. The text asks for a reply
 * "1 <code>" to confirm.
 */
@Injectable()
export class SmsChannel implements Channel {
  readonly name = 'sms' as const;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly providers: CloudProvidersService,
    private readonly budgets: SendBudgetService,
  ) {}

  send(message: OutgoingMessage): Promise<ChannelResult> {
    return sendThroughProviders(
      'sms',
      message,
      { config: this.config, providers: this.providers, budgets: this.budgets },
      (name, request) => this.providers.get(name)!.sendSms(request),
    );
  }
}
