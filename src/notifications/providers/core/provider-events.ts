/**
 * What the providers push back, read into one shape: delivery reports (状态报告), replies (上行短信),
 * call results and key presses. Pure: the bodies are those of the providers' documentation.
 *   Alibaba Cloud  SmsReport, SmsUp, VoiceReport (HTTP batch push: JSON arrays)
 *   Tencent Cloud  SMS status callback (array), SMS reply (object), voice voiceprompt_callback,
 *                  voicekey_callback, voice_failure_callback
 */
import { createHash } from 'node:crypto';

export type ProviderName = 'aliyun' | 'tencent';
export const PROVIDER_NAMES: readonly ProviderName[] = ['aliyun', 'tencent'];

export type ProviderEvent =
  | {
      type: 'SMS_REPORT';
      provider: ProviderName;
      messageId: string;
      outId: string | null;
      delivered: boolean;
      code: string;
      description: string;
    }
  | { type: 'SMS_REPLY'; provider: ProviderName; phone: string; text: string; dedupKey: string }
  | {
      type: 'VOICE_RESULT';
      provider: ProviderName;
      callId: string;
      outId: string | null;
      answered: boolean;
      code: string;
      description: string;
      keys: string;
    }
  | { type: 'VOICE_KEY'; provider: ProviderName; callId: string; key: string; dedupKey: string };

export class ProviderEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderEventError';
  }
}

type Json = Record<string, unknown>;
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const hash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);

function objects(body: unknown, what: string): Json[] {
  const list = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : null;
  if (!list || list.some((e) => !e || typeof e !== 'object'))
    throw new ProviderEventError(`${what}: expected a JSON object or array of objects`);
  return list as Json[];
}

function required(entry: Json, field: string, what: string): string {
  const value = str(entry[field]).trim();
  if (!value) throw new ProviderEventError(`${what}: field ${field} is missing`);
  return value;
}

/** Alibaba Cloud voice result codes that mean the call was answered (200000 用户听完, 200100 接听). */
export const ALIYUN_ANSWERED = new Set(['200000', '200100']);

export function parseAliyun(kind: 'report' | 'reply' | 'voice', body: unknown): ProviderEvent[] {
  if (kind === 'report') {
    return objects(body, 'SmsReport').map((e) => ({
      type: 'SMS_REPORT',
      provider: 'aliyun',
      messageId: required(e, 'biz_id', 'SmsReport'),
      outId: str(e.out_id) || null,
      delivered: e.success === true || e.success === 'true',
      code: str(e.err_code),
      description: str(e.err_msg),
    }));
  }
  if (kind === 'reply') {
    return objects(body, 'SmsUp').map((e) => {
      const phone = required(e, 'phone_number', 'SmsUp');
      const text = str(e.content);
      const sequence = str(e.sequence_id);
      return {
        type: 'SMS_REPLY',
        provider: 'aliyun',
        phone,
        text,
        dedupKey: `aliyun:${sequence || hash(`${phone}|${str(e.send_time)}|${text}`)}`,
      };
    });
  }
  return objects(body, 'VoiceReport').map((e) => {
    const code = required(e, 'status_code', 'VoiceReport');
    return {
      type: 'VOICE_RESULT',
      provider: 'aliyun',
      callId: required(e, 'call_id', 'VoiceReport'),
      outId: str(e.out_id) || null,
      answered: ALIYUN_ANSWERED.has(code),
      code,
      description: str(e.status_msg),
      keys: str(e.dtmf),
    };
  });
}

export function parseTencent(kind: 'report' | 'reply' | 'voice', body: unknown): ProviderEvent[] {
  if (kind === 'report') {
    return objects(body, 'SMS status callback').map((e) => ({
      type: 'SMS_REPORT',
      provider: 'tencent',
      messageId: required(e, 'sid', 'SMS status callback'),
      outId: null,
      delivered: str(e.report_status).toUpperCase() === 'SUCCESS',
      code: str(e.errmsg),
      description: str(e.description),
    }));
  }
  if (kind === 'reply') {
    return objects(body, 'SMS reply callback').map((e) => {
      const phone = `${str(e.nationcode) && str(e.nationcode) !== '86' ? `+${str(e.nationcode)}` : ''}${required(e, 'mobile', 'SMS reply callback')}`;
      const text = str(e.text);
      return {
        type: 'SMS_REPLY',
        provider: 'tencent',
        phone,
        text,
        dedupKey: `tencent:${hash(`${phone}|${str(e.time)}|${text}`)}`,
      };
    });
  }
  return objects(body, 'voice callback').map((e): ProviderEvent => {
    const prompt = e.voiceprompt_callback as Json | undefined;
    const key = e.voicekey_callback as Json | undefined;
    const failure = e.voice_failure_callback as Json | undefined;
    if (prompt && typeof prompt === 'object') {
      const result = required(prompt, 'result', 'voiceprompt_callback');
      return {
        type: 'VOICE_RESULT',
        provider: 'tencent',
        callId: required(prompt, 'callid', 'voiceprompt_callback'),
        outId: null,
        answered: result === '0',
        code: result,
        description: result === '0' ? '用户正常接听' : result === '1' ? '用户未接听' : '呼叫异常',
        keys: '',
      };
    }
    if (key && typeof key === 'object') {
      const callId = required(key, 'callid', 'voicekey_callback');
      const pressed = str(key.keypress);
      return {
        type: 'VOICE_KEY',
        provider: 'tencent',
        callId,
        key: pressed,
        dedupKey: `tencent-key:${callId}:${pressed}`,
      };
    }
    if (failure && typeof failure === 'object') {
      return {
        type: 'VOICE_RESULT',
        provider: 'tencent',
        callId: required(failure, 'callid', 'voice_failure_callback'),
        outId: null,
        answered: false,
        code: `failure_${str(failure.failure_code)}`,
        description: str(failure.failure_reason) || '呼叫失败',
        keys: '',
      };
    }
    throw new ProviderEventError(
      'voice callback: expected voiceprompt_callback, voicekey_callback or voice_failure_callback',
    );
  });
}
