import { isoChinaTime } from './china-time.helper';

describe('isoChinaTime', () => {
  it('writes the instant in UTC+8 with its offset', () => {
    expect(isoChinaTime(new Date('2026-11-29T16:30:00.250Z'))).toBe('2026-11-30T00:30:00.250+08:00');
  });

  it('names the same instant as the UTC form', () => {
    const at = new Date('2019-09-10T16:00:00Z');
    expect(new Date(isoChinaTime(at)).getTime()).toBe(at.getTime());
  });
});
