import { Logger } from '@nestjs/common';
import { ApiKeyBootstrapService, FIRST_START_KEY_NAME } from '../src/auth/api-key-bootstrap.service';
import { createTestApp, TestApp } from './support/test-app';

describe('first start without ADMIN_API_KEY', () => {
  let t: TestApp;
  let logged: string[];
  beforeAll(async () => {
    logged = [];
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void logged.push(String(message)));
    try {
      t = await createTestApp({ ADMIN_API_KEY: '', ROSTER_AUTOLOAD: 'off' });
    } finally {
      spy.mockRestore();
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates one admin key and prints its secret once, which then works', async () => {
    const line = logged.find((m) => m.includes(FIRST_START_KEY_NAME));
    const secret = /secret is shown only now: (\S+)/.exec(line ?? '')?.[1];
    expect(secret).toMatch(/^ek_/);
    const result = await t.gql('{ apiKeys { name roles } }', {}, { Authorization: `Bearer ${secret}` });
    expect(result.errors).toBeUndefined();
    expect(result.data?.apiKeys).toEqual([expect.objectContaining({ name: FIRST_START_KEY_NAME })]);
    expect(result.data?.apiKeys[0].roles.length).toBeGreaterThanOrEqual(4);
  });

  it('does not create another once a key exists', async () => {
    expect(await t.get(ApiKeyBootstrapService).ensureFirstKey()).toBeNull();
  });

  it('still refuses requests without a key', async () => {
    const result = await t.gql('{ incidentTypes { code } }', {}, {});
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
