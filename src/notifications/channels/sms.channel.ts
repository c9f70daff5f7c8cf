import { Injectable } from '@nestjs/common';
import type { CloudProvider, ProviderAccepted, SmsRequest } from '../providers/provider.types';
import { CloudChannel } from './cloud.channel';

/**
 * SMS through Alibaba Cloud / Tencent Cloud with approved templates (config providerTemplates),
 * failover between the providers and per-number send budgets. SENT when a provider accepted it;
 * the delivery report (callback) moves it to DELIVERED or FAILED. The text asks for a reply
 * "1 <code>" to confirm.
 */
@Injectable()
export class SmsChannel extends CloudChannel {
  readonly name = 'sms' as const;

  protected sendBy(provider: CloudProvider, request: SmsRequest): Promise<ProviderAccepted> {
    return provider.sendSms(request);
  }
}
