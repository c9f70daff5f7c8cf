/**
 * Why a delivery failed, as readers see it: a stable code with a Chinese and an English sentence.
 * The detail behind it (which SMTP reply, which provider code) is kept for admins only, and even
 * then scrubbed of contact values, URLs, hosts and whatever the far side echoed. Pure.
 */
export const DELIVERY_ERRORS = {
  HTTP_3XX: ['对方地址要求跳转，未跟随', 'the receiver answered with a redirect, which is not followed'],
  HTTP_400: ['对方拒绝了请求内容', 'the receiver refused the request as malformed'],
  HTTP_401: ['对方要求身份认证', 'the receiver requires authentication'],
  HTTP_403: ['对方拒绝访问', 'the receiver refused access'],
  HTTP_404: ['对方地址不存在', 'the receiving address does not exist'],
  HTTP_410: ['对方地址已停用', 'the receiving address is gone'],
  HTTP_429: ['对方限流，稍后重试', 'the receiver is throttling; retried later'],
  HTTP_4XX: ['对方拒绝了请求', 'the receiver refused the request'],
  HTTP_5XX: ['对方服务出错', 'the receiver failed (server error)'],
  TIMEOUT: ['对方未在规定时间内应答', 'no answer in time'],
  CONNECTION_REFUSED: ['对方拒绝连接', 'the connection was refused'],
  CONNECTION_FAILED: ['网络连接失败', 'the connection failed'],
  DNS_FAILED: ['无法解析对方域名', 'the receiver’s host name could not be resolved'],
  TLS_FAILED: ['加密连接失败（证书或协议）', 'the encrypted connection failed (certificate or protocol)'],
  DESTINATION_NOT_ALLOWED: [
    '目标地址不在出站允许范围内',
    'the destination is not in the outbound allow-list (OUTBOUND_ALLOW)',
  ],
  NO_ADDRESS: ['联系方式中没有可用的地址', 'the contact method holds no usable address for this channel'],
  INVALID_NUMBER: ['号码无效或被拒收', 'the number is invalid or refused'],
  NOT_A_MOBILE: ['不是手机号码，无法发短信', 'not a mobile number: no SMS'],
  NOT_CONFIGURED: ['该渠道未配置', 'the channel is not configured'],
  SMTP_RECIPIENT_REJECTED: ['邮件服务器拒收该收件人', 'the mail server rejected the recipient'],
  SMTP_REJECTED: ['邮件服务器拒绝了邮件', 'the mail server rejected the message'],
  SMTP_TEMPORARY: ['邮件服务器暂时无法接收', 'the mail server deferred the message (temporary)'],
  SMTP_AUTH_FAILED: ['邮件服务器认证失败', 'authentication with the mail server failed'],
  PROVIDER_REJECTED: ['服务商拒绝发送', 'the provider refused to send'],
  PROVIDER_THROTTLED: ['服务商限流', 'the provider is throttling'],
  PROVIDER_UNAVAILABLE: ['服务商不可用', 'the provider is unavailable'],
  BUDGET_HELD_BACK: ['超出发送预算，暂缓发送', 'held back by the send budget of the number'],
  UNDELIVERED: ['服务商报告未送达或未接听', 'the provider reported it undelivered or unanswered'],
  INTERRUPTED: ['发送中断（进程停止），已用同一去重键重发', 'interrupted (the worker stopped); sent again'],
  INTERNAL: ['发送时出现内部错误', 'an internal error while sending'],
} as const satisfies Record<string, readonly [string, string]>;

export type DeliveryErrorCode = keyof typeof DELIVERY_ERRORS;
export const DELIVERY_ERROR_CODES = Object.keys(DELIVERY_ERRORS) as DeliveryErrorCode[];

export function isDeliveryErrorCode(value: unknown): value is DeliveryErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DELIVERY_ERRORS, value);
}

/** What a reader sees: "HTTP_404 对方地址不存在 (the receiving address does not exist)". */
export function describeDeliveryError(code: DeliveryErrorCode): string {
  const [zh, en] = DELIVERY_ERRORS[code];
  return `${code} ${zh} (${en})`;
}

/** The code of an HTTP answer that is not 2xx. */
export function httpErrorCode(status: number): DeliveryErrorCode {
  if (status >= 500) return 'HTTP_5XX';
  if (status >= 300 && status < 400) return 'HTTP_3XX';
  if ([400, 401, 403, 404, 410, 429].includes(status)) return `HTTP_${status}` as DeliveryErrorCode;
  return 'HTTP_4XX';
}

/** The code of a connection that failed (a fetch/undici, net or nodemailer error code). */
export function networkErrorCode(code: string | undefined, name?: string): DeliveryErrorCode {
  if (name === 'TimeoutError' || name === 'AbortError') return 'TIMEOUT';
  switch (code) {
    case 'ECONNREFUSED':
      return 'CONNECTION_REFUSED';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EDNS':
      return 'DNS_FAILED';
    case 'ETIMEDOUT':
    case 'ETIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'TIMEOUT';
    case 'EDESTINATION':
      return 'DESTINATION_NOT_ALLOWED';
    case 'ETLS':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return 'TLS_FAILED';
    default:
      return 'CONNECTION_FAILED';
  }
}

/**
 * An SMTP failure: 5xx on RCPT (or a 55x reply) is the recipient; 535/EAUTH authentication; 4xx
 * temporary; other 5xx the message; no reply at all: the connection.
 */
export function smtpErrorCode(e: {
  responseCode?: number;
  code?: string;
  command?: string;
  message?: string;
}): DeliveryErrorCode {
  if (e.code === 'EAUTH' || e.responseCode === 535 || e.responseCode === 534) return 'SMTP_AUTH_FAILED';
  if (e.code === 'EENVELOPE' && e.responseCode === undefined) return 'SMTP_RECIPIENT_REJECTED';
  const reply = e.responseCode;
  if (reply === undefined) {
    // nodemailer wraps socket errors (ESOCKET, ECONNECTION): the system code is in the message.
    const system = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EDESTINATION)\b/.exec(e.message ?? '')?.[1];
    return networkErrorCode(system ?? e.code);
  }
  if (reply >= 400 && reply < 500) return 'SMTP_TEMPORARY';
  if (/RCPT/i.test(e.command ?? '') || [550, 551, 553].includes(reply)) return 'SMTP_RECIPIENT_REJECTED';
  return 'SMTP_REJECTED';
}

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]*/gi;
const EMAIL_PATTERN = /[^\s"'<>()[\]:;,]+@[^\s"'<>()[\]:;,]+/g;
const IPV4_PATTERN = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g;
/** IPv6: four or more groups, or a "::" abbreviation with a group beside it (::1, fe80::1). */
const IPV6_PATTERN =
  /\[?(?:(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}|[0-9a-f]{0,4}(?::[0-9a-f]{1,4})*::(?:[0-9a-f]{1,4}:)*[0-9a-f]{0,4})\]?/gi;
/** Host names: two or more labels ending in a letter label (example.gov.cn), optionally with a port. */
const HOST_PATTERN = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d+)?\b/gi;
/** Runs of 7 or more digits (with the separators numbers are written with): telephone numbers. */
const PHONE_PATTERN = /\+?\d[\d\s\-()（）]{5,}\d/g;

/**
 * A detail fit for an admin: the contact value in any form, URLs, e-mail addresses, IP addresses,
 * host names and telephone numbers replaced by placeholders; at most 300 characters. What the
 * other side answered is echoed only after this.
 */
export function scrubDetail(text: string, contactValue?: string | null): string {
  let out = text;
  if (contactValue && contactValue.length >= 3) out = out.split(contactValue).join('[contact]');
  out = out
    .replace(URL_PATTERN, '[url]')
    .replace(EMAIL_PATTERN, '[address]')
    .replace(IPV6_PATTERN, (m) => (/[0-9a-f]/i.test(m) ? '[ip]' : m))
    .replace(IPV4_PATTERN, '[ip]')
    .replace(HOST_PATTERN, '[host]')
    .replace(PHONE_PATTERN, (m) => (m.replace(/\D/g, '').length >= 7 ? '[number]' : m));
  return out.length > 300 ? `${out.slice(0, 297)}...` : out;
}

/**
 * The code of an error stored before codes existed (the migration 1766090000000-delivery-error-codes),
 * read from its text as the channels wrote it.
 */
export function legacyErrorCode(text: string): DeliveryErrorCode {
  const http = /HTTP[ _](\d{3})/.exec(text);
  if (/^the worker stopped/.test(text)) return 'INTERRUPTED';
  if (/BUDGET_/.test(text)) return 'BUDGET_HELD_BACK';
  if (/未送达/.test(text)) return 'UNDELIVERED';
  if (/INVALID_NUMBER/.test(text)) return 'INVALID_NUMBER';
  if (/NOT_A_MOBILE/.test(text)) return 'NOT_A_MOBILE';
  if (/THROTTLED|LIMIT/.test(text)) return 'PROVIDER_THROTTLED';
  if (/REFUSED|ERRCODE_/.test(text) && !/ECONNREFUSED/.test(text)) return 'PROVIDER_REJECTED';
  if (/^email: SMTP (\d{3})/.test(text)) {
    const reply = Number(/^email: SMTP (\d{3})/.exec(text)![1]);
    return smtpErrorCode({ responseCode: reply });
  }
  if (http) return httpErrorCode(Number(http[1]));
  if (/no answer within|TIMEOUT|ETIMEDOUT/.test(text)) return 'TIMEOUT';
  if (/ECONNREFUSED/.test(text)) return 'CONNECTION_REFUSED';
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return 'DNS_FAILED';
  if (/SMTP_URL is not set|CONFIG/.test(text)) return 'NOT_CONFIGURED';
  if (/holds no|NO_URL/.test(text)) return 'NO_ADDRESS';
  if (/UNAVAILABLE|ALL_PROVIDERS/.test(text)) return 'PROVIDER_UNAVAILABLE';
  if (/ECONN|socket|connect/i.test(text)) return 'CONNECTION_FAILED';
  return 'INTERNAL';
}
