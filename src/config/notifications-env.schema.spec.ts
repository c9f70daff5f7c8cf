import { checkProviderSecrets } from './providers.config';
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
  });

  it('relays by default except on an API node on Postgres; RELAY=off only where WORKERS=off, else a boot error naming both', () => {
    const pg = { DB_TYPE: 'postgres', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' };
    expect(loadEnv({})).toMatchObject({ RELAY: 'on' });
    expect(loadEnv({ WORKERS: 'off' })).toMatchObject({ RELAY: 'on' }); // SQLite: one write lock
    expect(loadEnv(pg)).toMatchObject({ WORKERS: 'on', RELAY: 'on' });
    expect(loadEnv({ ...pg, WORKERS: 'off' })).toMatchObject({ RELAY: 'off' });
    expect(loadEnv({ ...pg, WORKERS: 'off', RELAY: 'on' })).toMatchObject({ RELAY: 'on' });
    expect(loadEnv({ WORKERS: 'off', RELAY: 'off' })).toMatchObject({ WORKERS: 'off', RELAY: 'off' });
    expect(() => loadEnv({ RELAY: 'off' })).toThrow(/RELAY="off": needs WORKERS=off \(WORKERS is "on"/);
    expect(() => loadEnv({ WORKERS: 'off', RELAY: 'later' })).toThrow(/RELAY="later"/);
    expect(() => loadEnv({ WEBHOOK_SECRET: 'short' })).toThrow(/WEBHOOK_SECRET: must be at least 16 characters/);
    // A secret is never repeated in the error.
    expect(() => loadEnv({ WEBHOOK_SECRET: 'short' })).not.toThrow(/short/);
    expect(() => loadEnv({ SMTP_URL: 'mail.example.gov.cn' })).toThrow(/SMTP_URL="mail.example.gov.cn": must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => loadEnv({ PUBLIC_BASE_URL: 'yingji.example.gov.cn' })).toThrow(/PUBLIC_BASE_URL="yingji.example.gov.cn"/);
  });
});

describe('provider secrets at boot', () => {
  const config = { fallbackChannel: 'log', channels: { MOBILE: { channel: 'sms' }, OFFICE_PHONE: { channel: 'log' } }, sms: { providers: ['aliyun', 'tencent'] as Array<'aliyun' | 'tencent'>, maxVariableLength: 35 } };

  it('names each missing key of a provider in use, and never a value', () => {
    expect(checkProviderSecrets({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExample0001' }, config)).toEqual([
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET: is required by provider aliyun of channel sms',
      'TENCENTCLOUD_SECRET_ID: is required by provider tencent of channel sms',
      'TENCENTCLOUD_SECRET_KEY: is required by provider tencent of channel sms',
      'PROVIDER_CALLBACK_TOKEN: is required by the receipt and reply callbacks of channel sms',
    ]);
    expect(checkProviderSecrets({}, { ...config, channels: { MOBILE: { channel: 'log' } } })).toEqual([]);
  });

  it('never repeats a bad secret in the error', () => {
    const run = () => loadEnv({ ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'tooShort', TENCENTCLOUD_SECRET_ID: 'has spaces in it!', PROVIDER_CALLBACK_TOKEN: 'x' });
    expect(run).toThrow(/ALIBABA_CLOUD_ACCESS_KEY_SECRET: must be at least 16 characters/);
    expect(run).toThrow(/TENCENTCLOUD_SECRET_ID: must be a SecretId/);
    expect(run).not.toThrow(/tooShort|has spaces/);
  });
});
