import { EnvValidationError, loadEnv } from './env.schema';

describe('loadEnv', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      DB_TYPE: 'sqlite',
      DB_PATH: './data/emergency.sqlite',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'emergency',
    });
    expect(env.ADMIN_API_KEY).toBeUndefined();
  });

  it('names every bad variable and its value', () => {
    let error: unknown;
    try {
      loadEnv({ PORT: 'eighty', DB_TYPE: 'mysql', REDIS_URL: 'localhost:6379' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvValidationError);
    const problems = (error as EnvValidationError).problems.join('\n');
    expect(problems).toContain('PORT="eighty"');
    expect(problems).toContain('DB_TYPE="mysql"');
    expect(problems).toContain('REDIS_URL="localhost:6379"');
  });

  it('requires DATABASE_URL for postgres', () => {
    expect(() => loadEnv({ DB_TYPE: 'postgres' })).toThrow(/DATABASE_URL: is required when DB_TYPE=postgres/);
    expect(loadEnv({ DB_TYPE: 'postgres', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).DB_TYPE).toBe(
      'postgres',
    );
  });

  it('treats empty strings as unset', () => {
    expect(loadEnv({ PORT: '' }).PORT).toBe(3000);
  });

  it('refuses a variable set to spaces alone, which a number would read as 0', () => {
    expect(() => loadEnv({ PORT: ' ' })).toThrow(/PORT=" ": is only spaces/);
    expect(() => loadEnv({ RATE_LIMIT_PER_KEY: '  ', BOOT_WAIT_SECONDS: '\t' })).toThrow(
      /RATE_LIMIT_PER_KEY=" {2}": is only spaces[\s\S]*BOOT_WAIT_SECONDS="\\t": is only spaces/,
    );
    expect(loadEnv({ SOME_OTHER_TOOL: ' ' }).PORT).toBe(3000);
  });

  it('never repeats the password of a URL it refuses', () => {
    let error: unknown;
    try {
      loadEnv({
        DB_TYPE: 'postgres',
        DATABASE_URL: 'mysql://root:TopSecretPw@127.0.0.1/x',
        REDIS_URL: 'garbage://:s3cretRedisPw@host',
      });
    } catch (e) {
      error = e;
    }
    const problems = (error as EnvValidationError).problems.join('\n');
    expect(problems).toContain('DATABASE_URL="mysql://root:***@127.0.0.1/x"');
    expect(problems).toContain('REDIS_URL="garbage://:***@host"');
    expect(problems).not.toMatch(/TopSecretPw|s3cretRedisPw/);
  });

  it('refuses a URL that does not parse (a port that is not a number), masked', () => {
    expect(() => loadEnv({ REDIS_URL: 'redis://:pw@127.0.0.1:notaport' })).toThrow(
      'REDIS_URL="redis://:***@127.0.0.1:notaport": is not a valid URL',
    );
  });

  it('bounds the waits for the database lock, each named with its value when bad', () => {
    expect(loadEnv({})).toMatchObject({ SQLITE_LOCK_WAIT_MS: 500, SQLITE_QUEUE_WAIT_MS: 5000, PG_LOCK_TIMEOUT_MS: 3000 });
    expect(() => loadEnv({ SQLITE_LOCK_WAIT_MS: '-1' })).toThrow(/SQLITE_LOCK_WAIT_MS="-1": /);
    expect(() => loadEnv({ SQLITE_QUEUE_WAIT_MS: 'soon' })).toThrow(/SQLITE_QUEUE_WAIT_MS="soon": /);
    // 0 would switch Postgres' lock_timeout off: a write could wait for ever.
    expect(() => loadEnv({ PG_LOCK_TIMEOUT_MS: '0' })).toThrow(/PG_LOCK_TIMEOUT_MS="0": /);
  });

  it('prepares the hot path’s INSERTs on Postgres unless told off, and names a bad value', () => {
    expect(loadEnv({}).PG_PREPARED_STATEMENTS).toBe('on');
    expect(loadEnv({ PG_PREPARED_STATEMENTS: 'off' }).PG_PREPARED_STATEMENTS).toBe('off');
    expect(() => loadEnv({ PG_PREPARED_STATEMENTS: 'yes' })).toThrow(/PG_PREPARED_STATEMENTS="yes": /);
  });
});
