/** China-time helpers of the duty roster page: shifts are dated and timed in China Standard Time. */

const HM = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const YMD = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/** 08:30 */
export const clock = (iso: string) => HM.format(new Date(iso));

/** The China date of an instant, YYYY-MM-DD. */
export const chinaDate = (instant: Date = new Date()) => YMD.format(instant);

/** The China month of an instant, YYYY-MM. */
export const chinaMonth = (instant: Date = new Date()) => chinaDate(instant).slice(0, 7);

/** Whether a text is a month, YYYY-MM with a month from 01 to 12 (not 2026-13 or 2026-00). */
export const isMonth = (text: string | null | undefined): text is string => /^\d{4}-(0[1-9]|1[0-2])$/.test(text ?? '');

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The instants a month spans, China time: [first day 00:00, first day of the next month 00:00). */
export const monthRange = (month: string) => ({
  from: `${month}-01T00:00:00+08:00`,
  to: `${addMonths(month, 1)}-01T00:00:00+08:00`,
});

/** The days of a month, YYYY-MM-DD, with their weekday (0 = Monday). */
export function monthDays(month: string): Array<{ date: string; weekday: number; day: number }> {
  const [y, m] = month.split('-').map(Number);
  const days = [];
  for (let d = 1; ; d++) {
    const at = new Date(Date.UTC(y, m - 1, d));
    if (at.getUTCMonth() !== m - 1) break;
    days.push({ date: at.toISOString().slice(0, 10), weekday: (at.getUTCDay() + 6) % 7, day: d });
  }
  return days;
}

export const weekdayOf = (date: string) => WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7];

/** 2026年11月 */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** 11月29日 */
export const dayLabel = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
