/** True for a real calendar date YYYY-MM-DD: 2025-02-28 yes; 2025-02-30 and 2025-13-45 no (JavaScript would roll them over). Pure. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const back = new Date(Date.UTC(y, m - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}
