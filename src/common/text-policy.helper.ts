import { BadInputException } from './domain.exception';

/**
 * One text policy for every input, applied before anything reaches a database, so SQLite and
 * Postgres see the same values (Postgres refuses NUL where SQLite stored it). Pure; no Nest.
 */

/** C0 controls except tab, line feed and carriage return; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Bidirectional embeddings, overrides, isolates and marks: they make text display as something else. */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/;
/** A surrogate not part of a pair (JavaScript strings can hold them; UTF-8 cannot). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NONCHARACTER = /[\ufffe\uffff]/;
/** Zero-width and invisible characters, removed before deciding whether a text is empty (and from names). */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad\u180e]/g;

/** Why the text is refused, or null. `required`: text that is only spaces and invisible characters is refused too. */
export function textProblem(value: string): string | null {
  if (LONE_SURROGATE.test(value)) return 'contains a lone surrogate (broken UTF-16)';
  if (value.includes('\u0000')) return 'contains a NUL character';
  const control = CONTROL.exec(value);
  if (control)
    return `contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  const bidi = BIDI.exec(value);
  if (bidi)
    return `contains the bidirectional control U+${bidi[0].charCodeAt(0).toString(16).toUpperCase()}, which makes text display differently from what it is`;
  if (NONCHARACTER.test(value)) return 'contains a Unicode non-character';
  if (value.length > 0 && value.replace(INVISIBLE, '').trim() === '')
    return 'is empty once spaces and invisible (zero-width) characters are removed';
  return null;
}

/** Throws BAD_USER_INPUT naming the field when the text breaks the policy. */
export function checkText(field: string, value: string): void {
  const problem = textProblem(value);
  if (problem) throw new BadInputException(field, value, problem);
}

/** Checks every string inside an input value (objects, lists), naming the path (input.personName). */
export function checkTextDeep(field: string, value: unknown, depth = 0): void {
  if (depth > 20) return;
  if (typeof value === 'string') return checkText(field, value);
  if (Array.isArray(value)) return value.forEach((item, i) => checkTextDeep(`${field}[${i}]`, item, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) checkTextDeep(`${field}.${key}`, inner, depth + 1);
  }
}

const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff\\u3400-\\u4dbf\\u{20000}-\\u{3134f}';

/**
 * A person's name as stored and matched: NFKC (compatibility ideographs such as U+F9E1 become 李,
 * full-width letters and the ideographic space become ordinary ones), zero-width characters
 * removed, spaces next to Chinese characters removed and other runs of spaces made one.
 */
export function normalizePersonName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .replace(new RegExp(`(?<=[${CJK}·•])\\s+|\\s+(?=[${CJK}·•])`, 'gu'), '')
    .trim();
}

/** Instants before 1900 or after 2200 are typing mistakes (year 0000, 20201), not history. */
/** The years 1900 to 2200 as China counts them (UTC+8), as a bare date YYYY-MM-DD is read. */
const CHINA_OFFSET_MS = 8 * 3600_000;
export const EARLIEST = Date.UTC(1900, 0, 1) - CHINA_OFFSET_MS;
export const LATEST = Date.UTC(2201, 0, 1) - CHINA_OFFSET_MS - 1;

export function checkInstantRange(field: string, value: unknown, date: Date): void {
  if (date.getTime() < EARLIEST || date.getTime() > LATEST)
    throw new BadInputException(field, value, 'must be between 1900 and 2200');
}
