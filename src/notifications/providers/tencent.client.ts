import type { ProvidersSection } from '../../config/providers.config';
import { e164 } from './core/phone';
import { tc3Authorization } from './core/tc3-signature';
import type { CallRequest, CloudProvider, FailureRules, ProviderAccepted, SmsRequest } from './provider.types';
import { postProvider, ProviderError, providerRefusal } from './provider.types';

export const TENCENT_SMS_VERSION = '2021-01-11';
export const TENCENT_VOICE_VERSION = '2020-09-02';

/** Tencent Cloud error codes (top-level Error.Code or a SendStatus Code) and what they mean. */
export const TENCENT_FAILURES: FailureRules = [
  { failure: 'THROTTLED', pattern: /^(LimitExceeded|RequestLimitExceeded)|Frequency|LimitExceeded/ },
  { failure: 'INVALID_NUMBER', pattern: /PhoneNumber|Mobile|CalledNumber|Blacklist|BlackList/i, unless: /Limit/ },
  { failure: 'UNAVAILABLE', pattern: /^(InternalError|ServiceUnavailable|ResourceUnavailable)/ },
];

export interface TencentCredentials {
  secretId: string;
  secretKey: string;
}

type TencentError = { Code?: string; Message?: string };
type TencentAnswer = {
  Response?: {
    Error?: TencentError;
    RequestId?: string;
    SendStatusSet?: Array<{ SerialNo?: string; Code?: string; Message?: string }>;
    SendStatus?: { CallId?: string; SessionContext?: string };
  };
};

/**
 * Tencent Cloud SMS (sms SendSms 2021-01-11) and voice messages (vms SendTtsVoice 2020-09-02) over
 * API 3.0: JSON POST signed with TC3-HMAC-SHA256 (content-type, host and x-tc-action signed).
 */
export class TencentClient implements CloudProvider {
  readonly name = 'tencent' as const;

  constructor(
    private readonly config: NonNullable<ProvidersSection['tencent']>,
    private readonly credentials: TencentCredentials,
    private readonly timeoutMs: number,
  ) {}

  async sendSms(request: SmsRequest): Promise<ProviderAccepted> {
    const answer = await this.call(this.config.smsEndpoint, 'sms', 'SendSms', TENCENT_SMS_VERSION, request.phone, {
      PhoneNumberSet: [e164(request.phone)],
      SmsSdkAppId: this.config.smsSdkAppId,
      SignName: this.config.signName,
      TemplateId: request.templateCode,
      TemplateParamSet: request.params.map(([, v]) => v),
      SessionContext: request.outId,
    });
    const status = answer.SendStatusSet?.[0];
    if (!status) throw new ProviderError('tencent', 'UNAVAILABLE', 'BAD_ANSWER', 'no SendStatusSet in the answer');
    if (status.Code !== 'Ok') throw providerRefusal('tencent', TENCENT_FAILURES, status, [request.phone]);
    if (!status.SerialNo) throw new ProviderError('tencent', 'UNAVAILABLE', 'BAD_ANSWER', 'no SerialNo in the answer');
    return { provider: 'tencent', messageId: status.SerialNo, requestId: answer.RequestId ?? '' };
  }

  async callTts(request: CallRequest): Promise<ProviderAccepted> {
    const answer = await this.call(
      this.config.voiceEndpoint,
      'vms',
      'SendTtsVoice',
      TENCENT_VOICE_VERSION,
      request.phone,
      {
        TemplateId: request.templateCode,
        TemplateParamSet: request.params.map(([, v]) => v),
        CalledNumber: e164(request.phone),
        VoiceSdkAppid: this.config.voiceSdkAppId,
        PlayTimes: request.playTimes,
        SessionContext: request.outId,
      },
    );
    const callId = answer.SendStatus?.CallId;
    if (!callId) throw new ProviderError('tencent', 'UNAVAILABLE', 'BAD_ANSWER', 'no SendStatus.CallId in the answer');
    return { provider: 'tencent', messageId: callId, requestId: answer.RequestId ?? '' };
  }

  private async call(
    endpoint: string,
    service: string,
    action: string,
    version: string,
    phone: string,
    payload: Record<string, unknown>,
  ): Promise<NonNullable<TencentAnswer['Response']>> {
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const signed = {
      'content-type': 'application/json; charset=utf-8',
      host: new URL(endpoint).host,
      'x-tc-action': action.toLowerCase(),
    };
    const authorization = tc3Authorization(this.credentials.secretId, this.credentials.secretKey, {
      headers: signed,
      body,
      service,
      timestamp,
    });
    const headers = {
      Authorization: authorization,
      'Content-Type': signed['content-type'],
      'X-TC-Action': action,
      'X-TC-Timestamp': String(timestamp),
      'X-TC-Version': version,
      'X-TC-Region': this.config.region,
    };
    const { json } = await postProvider('tencent', endpoint, { headers, body }, this.timeoutMs, phone);
    const response = (json as TencentAnswer).Response;
    if (!response) throw new ProviderError('tencent', 'UNAVAILABLE', 'BAD_ANSWER', 'no Response in the answer');
    if (response.Error) throw providerRefusal('tencent', TENCENT_FAILURES, response.Error, [phone]);
    return response;
  }
}
