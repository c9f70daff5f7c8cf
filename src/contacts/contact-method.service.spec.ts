import { normaliseContactValue } from './contact-method.service';

describe('normaliseContactValue', () => {
  it.each([
    ['MOBILE', '138 0000 0001', '13800000001'],
    ['MOBILE', '+86 139-0000-0002', '13900000002'],
    ['OFFICE_PHONE', '0356-2021234', '0356-2021234'],
    ['OFFICE_PHONE', '0356 2021234-801', '03562021234-801'],
    ['EMAIL', ' duty@jcyjj.gov.cn ', 'duty@jcyjj.gov.cn'],
    ['WEBHOOK', 'https://hooks.example.cn/duty', 'https://hooks.example.cn/duty'],
  ] as const)('accepts %s %j', (kind, raw, value) => {
    expect(normaliseContactValue(kind, raw)).toBe(value);
  });

  it.each([
    ['MOBILE', '12345678901'],
    ['MOBILE', '1380000000'],
    ['OFFICE_PHONE', 'call me'],
    ['EMAIL', 'duty.jcyjj.gov.cn'],
    ['WEBHOOK', 'ftp://hooks.example.cn'],
    ['WEBHOOK', 'not a url'],
    ['EMAIL', ''],
  ] as const)('rejects %s %j without repeating the value', (kind, raw) => {
    expect(() => normaliseContactValue(kind, raw)).toThrow(/^value: /);
    try {
      normaliseContactValue(kind, raw);
    } catch (error) {
      if (raw) expect((error as Error).message).not.toContain(raw);
    }
  });
});
