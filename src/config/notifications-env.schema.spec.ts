import { loadEnv } from './env.schema';

describe('loadEnv: notification settings', () => {
  it('runs workers in-process by default and reads the notifications file from CONFIG_DIR', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ WORKERS: 'on', NOTIFICATIONS_FILE: 'notifications.yaml' });
    expect(env.WEBHOOK_SECRET).toBeUndefined();
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.PUBLIC_BASE_URL).toBeUndefined();
  });

  it('accepts WORKERS=off, an SMTP URL and a public base URL (without its trailing slash)', () => {
    const env = loadEnv({ WORKERS: 'off', SMTP_URL: 'smtps://duty:pw@mail.example.gov.cn:465', PUBLIC_BASE_URL: 'https://yingji.example.gov.cn/' });
    expect(env).toMatchObject({ WORKERS: 'off', SMTP_URL: 'smtps://duty:pw@mail.example.gov.cn:465', PUBLIC_BASE_URL: 'https://yingji.example.gov.cn' });
  });

  it('names each bad value', () => {
    expect(() => loadEnv({ WORKERS: 'maybe' })).toThrow(/WORKERS="maybe"/);
    expect(() => loadEnv({ WEBHOOK_SECRET: 'short' })).toThrow(/WEBHOOK_SECRET="short": must be at least 16 characters/);
    expect(() => loadEnv({ SMTP_URL: 'mail.example.gov.cn' })).toThrow(/SMTP_URL="mail.example.gov.cn": must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => loadEnv({ PUBLIC_BASE_URL: 'yingji.example.gov.cn' })).toThrow(/PUBLIC_BASE_URL="yingji.example.gov.cn"/);
  });
});
