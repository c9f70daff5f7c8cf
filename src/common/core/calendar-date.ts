/**
 * True for a real calendar date YYYY-MM-DD: 2025-02-28 yes; 2025-02-30 and 2025-13-45 no (JavaScript would
 * roll them over). Any year 0000-9999 (setUTCFullYear: Date.UTC reads 0-99 as 1900-1999). Pure.
 */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const back = new Date(0);
  back.setUTCFullYear(y, m - 1, d);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}
