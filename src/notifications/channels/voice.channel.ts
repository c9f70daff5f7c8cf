import { Injectable } from '@nestjs/common';
import type { CloudProvider, ProviderAccepted, SmsRequest } from '../providers/provider.types';
import { CloudChannel } from './cloud.channel';

/**
 * Voice notification (语音通知): a text-to-speech call with an approved template through Alibaba
 * Cloud / Tencent Cloud. SENT when the call is placed; the call result (callback) acknowledges on
 * key 1, marks it DELIVERED when answered without, and moves on to the next contact method when
 * unanswered or busy.
 */
@Injectable()
export class VoiceChannel extends CloudChannel {
  readonly name = 'voice' as const;

  protected sendBy(provider: CloudProvider, request: SmsRequest): Promise<ProviderAccepted> {
    return provider.callTts({ ...request, playTimes: this.config.notifications.voice?.playTimes ?? 2 });
  }
}
