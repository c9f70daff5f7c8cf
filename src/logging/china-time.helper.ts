/** ISO-8601 in China Standard Time (UTC+8, no daylight saving), e.g. 2026-11-29T20:27:24.123+08:00. */
export function isoChinaTime(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3600_000);
  return `${shifted.toISOString().slice(0, -1)}+08:00`;
}
