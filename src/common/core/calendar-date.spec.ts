import { isCalendarDate } from './calendar-date';

describe('isCalendarDate', () => {
  it('takes the days the calendar has, in any year, and nothing JavaScript would roll over', () => {
    for (const yes of ['2025-02-28', '2024-02-29', '0000-01-01', '0099-12-31', '9999-12-31'])
      expect(isCalendarDate(yes)).toBe(true);
    for (const no of ['2025-02-30', '2025-13-45', '2023-02-29', '2025-00-10', '2025-1-1', 'x'])
      expect(isCalendarDate(no)).toBe(false);
  });
});
