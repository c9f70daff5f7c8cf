import type { ProvidersSection } from '../../config/providers.config';
import { signAcsRequest } from './core/acs-signature';
import type { CallRequest, CloudProvider, FailureRules, ProviderAccepted, SmsRequest } from './provider.types';
import { postProvider, ProviderError, providerRefusal } from './provider.types';

export const ALIYUN_SMS_VERSION = '2017-05-25';
export const ALIYUN_VOICE_VERSION = '2017-05-25';

/** Alibaba Cloud codes (SMS and voice) and what they mean for the next step. */
export const ALIYUN_FAILURES: FailureRules = [
  { failure: 'THROTTLED', pattern: /LIMIT_CONTROL|Throttling|FLOW_CONTROL|OUT_OF_SERVICE_LIMIT|FREQUENCY/i },
  {
    failure: 'INVALID_NUMBER',
    pattern: /MOBILE_NUMBER_ILLEGAL|MOBILE_COUNT_OVER_LIMIT|BLACK_KEY|BLACKLIST|CALLEDNUMBER|CALLED_NUMBER/i,
  },
  { failure: 'UNAVAILABLE', pattern: /ServiceUnavailable|InternalError|SYSTEM_ERROR/i },
];

export interface AliyunCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

type AliyunAnswer = { Code?: string; Message?: string; RequestId?: string; BizId?: string; CallId?: string };

/**
 * Alibaba Cloud SMS (dysmsapi SendSms, SendBatchSms) and voice (dyvmsapi SingleCallByTts) over the
 * documented RPC API: form-encoded POST, signature v1 (HMAC-SHA1). Answers Code "OK" or an error code.
 */
export class AliyunClient implements CloudProvider {
  readonly name = 'aliyun' as const;

  constructor(
    private readonly config: NonNullable<ProvidersSection['aliyun']>,
    private readonly credentials: AliyunCredentials,
    private readonly timeoutMs: number,
  ) {}

  async sendSms(request: SmsRequest): Promise<ProviderAccepted> {
    const answer = await this.call(this.config.smsEndpoint, 'SendSms', ALIYUN_SMS_VERSION, request.phone, {
      PhoneNumbers: request.phone,
      SignName: this.config.signName,
      TemplateCode: request.templateCode,
      TemplateParam: JSON.stringify(Object.fromEntries(request.params)),
      OutId: request.outId,
    });
    return { provider: 'aliyun', messageId: required(answer.BizId, 'BizId'), requestId: answer.RequestId ?? '' };
  }

  /** One template to several numbers (one BizId for the batch). */
  async sendBatchSms(
    phones: string[],
    templateCode: string,
    params: Array<Array<[string, string]>>,
  ): Promise<ProviderAccepted> {
    const answer = await this.call(this.config.smsEndpoint, 'SendBatchSms', ALIYUN_SMS_VERSION, phones.join(','), {
      PhoneNumberJson: JSON.stringify(phones),
      SignNameJson: JSON.stringify(phones.map(() => this.config.signName)),
      TemplateCode: templateCode,
      TemplateParamJson: JSON.stringify(params.map((p) => Object.fromEntries(p))),
    });
    return { provider: 'aliyun', messageId: required(answer.BizId, 'BizId'), requestId: answer.RequestId ?? '' };
  }

  async callTts(request: CallRequest): Promise<ProviderAccepted> {
    const answer = await this.call(this.config.voiceEndpoint, 'SingleCallByTts', ALIYUN_VOICE_VERSION, request.phone, {
      CalledNumber: request.phone,
      ...(this.config.calledShowNumber ? { CalledShowNumber: this.config.calledShowNumber } : {}),
      TtsCode: request.templateCode,
      TtsParam: JSON.stringify(Object.fromEntries(request.params)),
      PlayTimes: String(request.playTimes),
      OutId: request.outId,
    });
    return { provider: 'aliyun', messageId: required(answer.CallId, 'CallId'), requestId: answer.RequestId ?? '' };
  }

  private async call(
    endpoint: string,
    action: string,
    version: string,
    phones: string,
    params: Record<string, string>,
  ): Promise<AliyunAnswer> {
    const signed = signAcsRequest(
      'POST',
      action,
      version,
      { RegionId: this.config.regionId, ...params },
      this.credentials,
    );
    const body = new URLSearchParams(signed).toString();
    const { json } = await postProvider(
      'aliyun',
      endpoint,
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
        body,
      },
      this.timeoutMs,
      phones,
    );
    const answer = json as AliyunAnswer;
    if (answer.Code !== 'OK') throw providerRefusal('aliyun', ALIYUN_FAILURES, answer, phones.split(','));
    return answer;
  }
}

function required(value: string | undefined, field: string): string {
  if (!value) throw new ProviderError('aliyun', 'UNAVAILABLE', 'BAD_ANSWER', `no ${field} in the answer`);
  return value;
}
