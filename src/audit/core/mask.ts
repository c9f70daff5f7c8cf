/**
 * Masks personal data and secrets in the arguments of a mutation before they are written to the
 * audit log: contact values (phone numbers, e-mail addresses, webhook URLs) and anything that looks
 * like a secret. Keys are matched case-insensitively and wherever they are nested.
 */
export const MASKED = '***';

const SENSITIVE_KEYS = new Set([
  'value', // ContactMethod.value: a phone number, e-mail address or webhook URL
  'secret',
  'password',
  'token',
  'apikey',
  'authorization',
  'phone',
  'mobile',
  'email',
  'webhook',
  'url',
  'contentbase64', // an uploaded duty-roster spreadsheet: it carries phone numbers
]);

export function isSensitiveKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SENSITIVE_KEYS.has(lower) || lower.endsWith('password');
}

/** A JSON-safe copy of `value` with sensitive fields replaced by MASKED (dates as ISO strings). */
export function maskArguments(value: unknown, depth = 0): unknown {
  if (depth > 20) return MASKED;
  if (value === null || value === undefined) return value ?? null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => maskArguments(v, depth + 1));
  if (typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      result[key] = isSensitiveKey(key) && v !== null ? MASKED : maskArguments(v, depth + 1);
    }
    return result;
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return String(value);
  return value;
}
