import type { AppConfig } from '../../config/app.config';
import type { Provider, ProviderMessageKind } from '../../config/providers.config';
import { PROVIDER_MESSAGE_KINDS } from '../../config/providers.config';
import type { CloudProvidersService } from '../providers/cloud-providers.service';
import { isMobile, nationalNumber } from '../providers/core/phone';
import { fillTemplateText, templateParams } from '../providers/core/provider-message';
import { ProviderError, type ProviderAccepted } from '../providers/provider.types';
import type { BudgetChannel, SendBudgetService } from '../providers/send-budget.service';
import type { DeliveryErrorCode } from '../core/delivery-error';
import { ChannelError, type ChannelResult, type ChannelTry, type OutgoingMessage } from './channel.types';

interface SendOne {
  phone: string;
  templateCode: string;
  params: Array<[string, string]>;
  outId: string;
}

/**
 * Sends one message through the providers of a channel (sms or voice), in the configured order:
 * the send budget for the number is taken first (an identical message within its window: held
 * back; a provider's hourly/daily cap reached: the next provider); a
 * provider that refuses, throttles, times out or is unreachable hands over to the next; a number the
 * provider calls invalid ends the send on this contact method. Every try that did not go out is
 * returned (recorded as a delivery attempt). When none sent it:
 *   - a budget that frees within budgets.maxWaitSeconds, or a provider throttled/unreachable → retried later;
 *   - otherwise → permanent: the person's next contact method, the reason in the attempt.
 */
export async function sendThroughProviders(
  channel: BudgetChannel,
  message: OutgoingMessage,
  deps: { config: AppConfig; providers: CloudProvidersService; budgets: SendBudgetService },
  send: (provider: Provider, request: SendOne) => Promise<ProviderAccepted>,
): Promise<ChannelResult> {
  const settings = deps.config.notifications[channel];
  const templates = deps.config.notifications.providerTemplates;
  if (!settings || !templates)
    throw new ChannelError(
      'NOT_CONFIGURED',
      `${channel}: CONFIG: section ${channel} or providerTemplates is missing`,
      false,
    );
  const phone = message.contact ? nationalNumber(message.contact.value) : null;
  if (!phone)
    throw new ChannelError(
      'NO_ADDRESS',
      `${channel}: INVALID_NUMBER: the contact method holds no telephone number`,
      false,
    );
  if (channel === 'sms' && !isMobile(phone))
    throw new ChannelError('NOT_A_MOBILE', 'sms: NOT_A_MOBILE: the contact method is not a mobile number', false);
  const kind: ProviderMessageKind = PROVIDER_MESSAGE_KINDS.includes(message.providerKind as ProviderMessageKind)
    ? (message.providerKind as ProviderMessageKind)
    : 'activation';
  const template = templates[kind];
  const params = templateParams(
    template,
    message.values ?? {},
    message.replyCode ?? '',
    deps.config.notifications.sms?.maxVariableLength ?? 35,
  );
  const text = fillTemplateText(channel === 'voice' ? (template.voiceText ?? template.text) : template.text, params);
  const content = `${kind}|${JSON.stringify(params)}`;

  const tries: ChannelTry[] = [];
  const waits: number[] = [];
  let worthRetrying = false;
  for (const name of settings.providers) {
    const client = deps.providers.get(name);
    const code = channel === 'voice' ? template.voice?.[name] : template.sms[name];
    if (!client || !code) {
      tries.push({
        provider: name,
        outcome: 'PERMANENT_ERROR',
        code: 'NOT_CONFIGURED',
        error: `${name} CONFIG: ${client ? `no ${channel} template code for ${kind}` : 'no credentials'}`,
      });
      continue;
    }
    const budget = await deps.budgets.take(channel, name, phone, content);
    if (!budget.ok) {
      waits.push(budget.waitMs);
      tries.push({
        provider: name,
        outcome: 'HELD_BACK',
        code: 'BUDGET_HELD_BACK',
        error: `${name} BUDGET_${budget.reason}: ${budget.message}，约${Math.ceil(budget.waitMs / 1000)}秒后可再发`,
      });
      // The identical-message window holds for every provider: the person would read it twice.
      if (budget.reason === 'IDENTICAL') break;
      continue;
    }
    try {
      const accepted = await send(name, { phone, templateCode: code, params, outId: message.dedupKey });
      return {
        status: 'SENT',
        provider: name,
        providerMessageId: accepted.messageId,
        sentText: text,
        detail: `${name} ${accepted.messageId}${budget.note ? ` (${budget.note})` : ''}`,
        tries,
      };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (error.failure !== 'TIMEOUT') await deps.budgets.release(budget.reservation);
      if (!error.failover) {
        tries.push({
          provider: name,
          outcome: 'PERMANENT_ERROR',
          code: providerErrorCode(error),
          error: error.message,
        });
        throw new ChannelError(providerErrorCode(error), `${channel}: ${error.message}`, false, tries);
      }
      worthRetrying ||= error.failure !== 'REFUSED';
      tries.push({
        provider: name,
        outcome: error.failure === 'REFUSED' ? 'PERMANENT_ERROR' : 'RETRYABLE_ERROR',
        code: providerErrorCode(error),
        error: error.message,
      });
    }
  }
  const maxWaitMs = (deps.config.notifications.budgets?.maxWaitSeconds ?? 0) * 1000;
  const shortWait = waits.length > 0 && Math.min(...waits) <= maxWaitMs;
  const summary = tries.map((t) => t.error).join('; ');
  // The code of the last try that did not go out (the one most worth telling), BUDGET_HELD_BACK for a wait.
  const lastCode = tries.at(-1)?.code ?? 'PROVIDER_UNAVAILABLE';
  if (worthRetrying || shortWait) {
    throw new ChannelError(
      shortWait && !worthRetrying ? 'BUDGET_HELD_BACK' : lastCode,
      `${channel}: ${shortWait && !worthRetrying ? 'BUDGET_WAIT: 超出发送预算，稍后重发' : 'ALL_PROVIDERS_FAILED'}: ${summary}`,
      true,
      tries,
    );
  }
  throw new ChannelError(
    waits.length ? 'BUDGET_HELD_BACK' : lastCode,
    `${channel}: ${waits.length ? 'BUDGET_EXCEEDED: 超出发送预算，改用下一联系方式' : 'ALL_PROVIDERS_REFUSED'}: ${summary}`,
    false,
    tries,
  );
}

/** What readers are told of a provider's failure. */
export function providerErrorCode(error: ProviderError): DeliveryErrorCode {
  switch (error.failure) {
    case 'THROTTLED':
      return 'PROVIDER_THROTTLED';
    case 'REFUSED':
      return 'PROVIDER_REJECTED';
    case 'TIMEOUT':
      return 'TIMEOUT';
    case 'INVALID_NUMBER':
      return 'INVALID_NUMBER';
    default:
      return 'PROVIDER_UNAVAILABLE';
  }
}
