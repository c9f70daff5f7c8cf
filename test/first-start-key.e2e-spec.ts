import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import {
  ApiKeyBootstrapService,
  FIRST_START_KEY_NAME,
  RECOVER_KEY_COMMAND,
} from '../src/auth/api-key-bootstrap.service';
import { ApiKeyEntity } from '../src/auth/entities/api-key.entity';
import { readRosterFile } from '../src/roster-io/roster-file.schema';
import { RosterImportService } from '../src/roster-io/roster-import.service';
import { listen } from './support/live';
import { createTestApp, TestApp } from './support/test-app';

describe('first start without ADMIN_API_KEY', () => {
  let t: TestApp;
  let logged: string[];
  let keyFile: string;
  const keyCount = () => t.dataSource.getRepository(ApiKeyEntity).count();
  beforeAll(async () => {
    logged = [];
    keyFile = join(mkdtempSync(join(tmpdir(), 'first-key-')), 'data', 'first-start-admin-key');
    t = await createTestApp({ ADMIN_API_KEY: '', ROSTER_AUTOLOAD: 'off', ADMIN_KEY_FILE: keyFile });
  });
  afterAll(async () => {
    await t.close();
  });
  const capture = async <T>(work: () => Promise<T>): Promise<T> => {
    const spy = jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation((message: unknown) => void logged.push(String(message)));
    const errors = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((message: unknown) => void logged.push(String(message)));
    try {
      return await work();
    } finally {
      spy.mockRestore();
      errors.mockRestore();
    }
  };

  it('creates no key before the server is ready, and roster:import into the empty database creates none', async () => {
    expect(await keyCount()).toBe(0);
    await t.get(RosterImportService).importRoster(readRosterFile(`${t.env.CONFIG_DIR}/${t.env.ROSTER_FILE}`));
    expect(await keyCount()).toBe(0);
    expect(logged.some((m) => m.includes(FIRST_START_KEY_NAME))).toBe(false);
  });

  it('creates one admin key once the server listens and writes its secret to a private file, never the log', async () => {
    await listen(t);
    const returned = await capture(() => t.get(ApiKeyBootstrapService).serverReady());
    const line = logged.find((m) => m.includes(FIRST_START_KEY_NAME));
    expect(line).toContain(RECOVER_KEY_COMMAND);
    expect(line).toContain(keyFile);
    const secret = readFileSync(keyFile, 'utf8').trim();
    expect(secret).toMatch(/^ek_/);
    expect(secret).toBe(returned);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(logged.join('\n')).not.toContain(secret);
    const result = await t.gql('{ apiKeys { name roles } }', {}, { Authorization: `Bearer ${secret}` });
    expect(result.errors).toBeUndefined();
    expect(result.data?.apiKeys).toEqual([expect.objectContaining({ name: FIRST_START_KEY_NAME })]);
    expect(result.data?.apiKeys[0].roles.length).toBeGreaterThanOrEqual(4);
  });

  it('does not create or print another on a later start', async () => {
    const before = logged.length;
    expect(await capture(() => t.get(ApiKeyBootstrapService).serverReady())).toBeNull();
    expect(logged.length).toBe(before);
    expect(await keyCount()).toBe(1);
  });

  it('gives a new admin key when the secret is lost (npm run admin-key), revoking the old one', async () => {
    const old = readFileSync(keyFile, 'utf8').trim();
    const { secret, revoked, file } = await t.get(ApiKeyBootstrapService).recover();
    expect(revoked).toBe(1);
    // The key file the README reads the key from holds the new secret, still private.
    expect(file).toBe(keyFile);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(secret);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect((await t.gql('{ apiKeys { name } }', {}, { Authorization: `Bearer ${secret}` })).errors).toBeUndefined();
    expect(
      (await t.gql('{ apiKeys { name } }', {}, { Authorization: `Bearer ${old}` })).errors?.[0].extensions?.code,
    ).toBe('UNAUTHENTICATED');
  });

  it('still refuses requests without a key', async () => {
    const result = await t.gql('{ incidentTypes { code } }', {}, {});
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0].extensions?.messageZh).toEqual(expect.stringContaining('API 密钥'));
  });
});

describe('first start where the key file cannot be written', () => {
  it('says so naming ADMIN_KEY_FILE and the recovery command, never printing the secret', async () => {
    const t = await createTestApp({ ADMIN_API_KEY: '', ROSTER_AUTOLOAD: 'off', ADMIN_KEY_FILE: '/dev/null/key' });
    const logged: string[] = [];
    const spies = (['warn', 'error', 'log'] as const).map((level) =>
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push(String(args[0]))),
    );
    try {
      const secret = await t.get(ApiKeyBootstrapService).serverReady();
      expect(secret).toMatch(/^ek_/);
      expect(logged.join('\n')).toContain('ADMIN_KEY_FILE=/dev/null/key');
      expect(logged.join('\n')).toContain(RECOVER_KEY_COMMAND);
      expect(logged.join('\n')).not.toContain(secret!);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
      await t.close();
    }
  });
});
