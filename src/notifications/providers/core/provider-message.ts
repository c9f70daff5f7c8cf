/**
 * The provider template of a message: which approved template, and its variables filled from the
 * message's values. Pure.
 */
import type { ProviderMessageKind, ProviderTemplate } from '../../../config/providers.config';

/** Which provider template a send uses: by its kind, a first message of a regrading as "regrade". */
export function providerKindOf(messageKind: string, reason: string | null): ProviderMessageKind {
  if (messageKind === 'REMINDER') return 'reminder';
  if (messageKind === 'ESCALATION') return 'escalation';
  if (/DEADLINE|_ALERT$/i.test(messageKind)) return 'deadlineAlert';
  if (reason?.startsWith('事件调整级别')) return 'regrade';
  return 'activation';
}

/**
 * The template's variables in order, each value from the message's values (or the reply code),
 * without line breaks and cut to maxLength characters (the providers refuse longer values).
 */
export function templateParams(
  template: ProviderTemplate,
  values: Readonly<Record<string, string>>,
  replyCode: string,
  maxLength: number,
): Array<[string, string]> {
  return Object.entries(template.variables).map(([name, source]) => {
    const raw = source === 'replyCode' ? replyCode : (values[source] ?? '');
    const flat = raw.replace(/\s+/g, ' ').trim();
    const chars = [...flat];
    return [name, chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}…` : flat];
  });
}

/** The approved text with ${variable} filled: what the person reads (or hears). */
export function fillTemplateText(text: string, params: ReadonlyArray<[string, string]>): string {
  const map = new Map(params);
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => map.get(name) ?? whole);
}
