/**
 * Chinese telephone numbers as the providers want them. Pure. A number is personal data: use
 * maskPhone wherever one would be shown, never the number.
 */

/** Digits only, full-width digits folded, the +86/0086/86 country prefix of a mobile number removed. */
export function nationalNumber(value: string): string | null {
  const digits = value.normalize('NFKC').replace(/[\s\-()（）.]/g, '');
  if (!/^\+?\d{5,20}$/.test(digits)) return null;
  let d = digits.replace(/^\+/, '');
  if (/^(0086|86)1\d{10}$/.test(d)) d = d.replace(/^(0086|86)/, '');
  else if (/^0086/.test(d)) d = `0${d.slice(4)}`;
  else if (digits.startsWith('+86')) d = `0${d.slice(2)}`;
  return d;
}

/** A mainland mobile number (1 + 10 digits). */
export function isMobile(national: string): boolean {
  return /^1[3-9]\d{9}$/.test(national);
}

/** E.164 (+86…): a mobile as is, a landline without its trunk 0 (0356-2021234 → +863562021234). */
export function e164(national: string): string {
  return `+86${national.replace(/^0/, '')}`;
}

/** 138****8000: how a number is shown (never the whole number). */
export function maskPhone(value: string): string {
  const d = nationalNumber(value) ?? value.replace(/\D/g, '');
  if (d.length < 7) return '****';
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
}

/** Removes every form of the number (as given, national, E.164) from a text. */
export function redactPhone(text: string, value: string | null | undefined): string {
  if (!value) return text;
  const national = nationalNumber(value);
  const forms = [value, national, national ? e164(national) : null, national ? `86${national}` : null].filter(
    (f): f is string => Boolean(f && f.length >= 5),
  );
  let out = text;
  for (const form of forms.sort((a, b) => b.length - a.length)) out = out.split(form).join(maskPhone(value));
  return out;
}
