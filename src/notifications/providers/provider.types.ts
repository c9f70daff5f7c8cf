import type { Provider } from '../../config/providers.config';
import { redactPhone } from './core/phone';

/**
 * How a provider call failed, which decides what happens next:
 *   THROTTLED       the provider's rate limits (业务限流, LimitExceeded) → the next provider
 *   REFUSED         the provider refused the request (account, signature, template, balance) → the next provider
 *   TIMEOUT         no answer in time (the message may have gone out) → the next provider
 *   UNAVAILABLE     no connection, an HTTP 5xx → the next provider
 *   INVALID_NUMBER  the number itself is refused (空号, 黑名单, format) → no other provider; the next contact method
 */
export type ProviderFailure = 'THROTTLED' | 'REFUSED' | 'TIMEOUT' | 'UNAVAILABLE' | 'INVALID_NUMBER';

export class ProviderError extends Error {
  constructor(
    readonly provider: Provider,
    readonly failure: ProviderFailure,
    /** The provider's own code (isv.BUSINESS_LIMIT_CONTROL, LimitExceeded.PhoneNumberThirtySecondLimit, HTTP_503 …). */
    readonly code: string,
    detail: string,
  ) {
    super(`${provider} ${failure} ${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'ProviderError';
  }

  /** Whether another provider may succeed where this one failed. */
  get failover(): boolean {
    return this.failure !== 'INVALID_NUMBER';
  }
}

/**
 * What a provider's error codes mean: the first rule whose pattern matches the code (and whose
 * `unless` pattern does not) names the failure; a code no rule matches is REFUSED.
 */
export type FailureRules = ReadonlyArray<{ failure: ProviderFailure; pattern: RegExp; unless?: RegExp }>;

export function failureOf(rules: FailureRules, code: string): ProviderFailure {
  return rules.find((r) => r.pattern.test(code) && !r.unless?.test(code))?.failure ?? 'REFUSED';
}

/** The error for a refusal in a provider's answer: its code, what it means, its message without the numbers. */
export function providerRefusal(
  provider: Provider,
  rules: FailureRules,
  answer: { Code?: string; Message?: string },
  phones: string[],
): ProviderError {
  const code = answer.Code ?? 'NO_CODE';
  let detail = answer.Message ?? '';
  for (const phone of phones) detail = redactPhone(detail, phone);
  return new ProviderError(provider, failureOf(rules, code), code, detail.slice(0, 160));
}

/** A message accepted by a provider: its id for the receipts (BizId, SerialNo, CallId). */
export interface ProviderAccepted {
  provider: Provider;
  messageId: string;
  requestId: string;
}

export interface SmsRequest {
  /** National number (13800138000). */
  phone: string;
  templateCode: string;
  /** Variable name → value, in the template's order (Tencent takes the values positionally). */
  params: Array<[string, string]>;
  /** Our id, returned in receipts where the provider supports it (Alibaba Cloud OutId, Tencent SessionContext). */
  outId: string;
}

export interface CallRequest {
  phone: string;
  templateCode: string;
  params: Array<[string, string]>;
  outId: string;
  playTimes: number;
}

/** One cloud provider: SMS and text-to-speech calls. */
export interface CloudProvider {
  readonly name: Provider;
  sendSms(request: SmsRequest): Promise<ProviderAccepted>;
  callTts(request: CallRequest): Promise<ProviderAccepted>;
}

/** POSTs with a timeout; maps network failures to ProviderError. The body never carries a number into an error. */
export async function postProvider(
  provider: Provider,
  url: string,
  init: { headers: Record<string, string>; body: string },
  timeoutMs: number,
  phone: string,
): Promise<{ status: number; json: unknown; text: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError')
      throw new ProviderError(provider, 'TIMEOUT', 'TIMEOUT', `no answer within ${timeoutMs} ms`);
    throw new ProviderError(provider, 'UNAVAILABLE', e.cause?.code ?? 'CONNECTION_FAILED', '');
  }
  const text = await response.text().catch(() => '');
  const json = parseJson(text);
  if (response.status >= 500 || (json === null && response.status !== 200)) {
    throw new ProviderError(
      provider,
      response.status === 429 ? 'THROTTLED' : 'UNAVAILABLE',
      `HTTP_${response.status}`,
      redactPhone(text.slice(0, 120), phone),
    );
  }
  if (json === null) throw new ProviderError(provider, 'UNAVAILABLE', 'BAD_ANSWER', 'the answer is not JSON');
  return { status: response.status, json, text };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
