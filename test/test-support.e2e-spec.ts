import { testEnv } from './support/test-app';

/** The test helpers themselves: they must run against the services the environment names. */
describe('test environment', () => {
  const saved = process.env.REDIS_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = saved;
  });

  it('honours REDIS_URL, as the service does', () => {
    process.env.REDIS_URL = 'redis://redis.test.internal:6390/2';
    expect(testEnv().REDIS_URL).toBe('redis://redis.test.internal:6390/2');
  });

  it('uses the local Redis when REDIS_URL is unset, and an override wins', () => {
    delete process.env.REDIS_URL;
    expect(testEnv().REDIS_URL).toBe('redis://127.0.0.1:6379');
    process.env.REDIS_URL = 'redis://redis.test.internal:6390';
    expect(testEnv({ REDIS_URL: 'redis://127.0.0.1:9' }).REDIS_URL).toBe('redis://127.0.0.1:9');
  });
});
