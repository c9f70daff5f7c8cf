/** Spreadsheet rows of a month of the duty roster, as an office keeps it, for the duty tests. */

export const MONTH_HEADER = ['日期', '班次', '值班员', '带班领导', '联系电话'];

const CHINA = 8 * 3600_000;

export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The month (YYYY-MM) of the date the shift on duty at `now` started on (a night before 08:30 began the day before). */
export function sheetMonth(now: Date): string {
  return chinaDate(new Date(now.getTime() - 8.5 * 3600_000)).slice(0, 7);
}

/** The night left empty (a gap): the 20th, or the 21st when the shift on duty now is the 20th's. */
export function gapDate(month: string, now: Date = new Date()): string {
  const current = chinaDate(new Date(now.getTime() - 8.5 * 3600_000));
  return current === `${month}-20` ? `${month}-21` : `${month}-20`;
}

/**
 * Every day: 白班 卢海建, led by 李东升; 夜班 司国奇、李子荣 with their phones, led by 史小军;
 * the night of gapDate left empty.
 */
export function dutyMonthRows(month: string, now: Date = new Date()): string[][] {
  const rows: string[][] = [];
  const gap = gapDate(month, now);
  for (let date = `${month}-01`; date.startsWith(month); date = addDays(date, 1)) {
    rows.push([date, '白班', '卢海建', '李东升', '']);
    rows.push(
      date === gap
        ? [date, '夜班', '', '', '']
        : [date, '夜班', '司国奇、李子荣', '史小军', '13800000001、0356-2021234'],
    );
  }
  return rows;
}
