import { createHash } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { ApiKeyEntity } from '../src/auth/entities/api-key.entity';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, of, throwError } from 'rxjs';
import { AuditInterceptor } from '../src/audit/audit.interceptor';
import { AuditService } from '../src/audit/audit.service';
import { Audited } from '../src/audit/audited.decorator';
import { AuditLogEntity } from '../src/audit/entities/audit-log.entity';
import { DomainException } from '../src/common/domain.exception';
import { RosterChangeEntity } from '../src/roster/entities/roster-change.entity';
import { createTestApp, TestApp } from './support/test-app';

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name roles status expiresAt revokedAt lastUsedAt } } }`;
const APPOINT = `mutation($input: AppointInput!) { appoint(input: $input) { title holders { name } } }`;
const CONTACTS_NESTED = `{ headquarters { office { directors { person { name contactMethods { value } } } } } }`;

describe('access control and the audit log (GraphQL)', () => {
  let t: TestApp;
  const keys: Record<string, { id: string; secret: string }> = {};
  let baoId: string;

  async function createKey(name: string, roles: string[], expiresAt: string | null = null) {
    const { createApiKey } = await t.query(CREATE, { input: { name, roles, expiresAt } });
    return createApiKey as { secret: string; apiKey: { id: string; name: string; roles: string[]; status: string } };
  }
  const auditCount = () => t.dataSource.getRepository(AuditLogEntity).count();
  const changeCount = () => t.dataSource.getRepository(RosterChangeEntity).count();

  beforeAll(async () => {
    t = await createTestApp();
    for (const [name, roles] of Object.entries({
      reader: ['reader'],
      editor: ['roster_editor'],
      duty: ['duty_officer'],
      admin2: ['admin'],
    })) {
      const created = await createKey(`测试-${name}`, roles);
      keys[name] = { id: created.apiKey.id, secret: created.secret };
    }
    baoId = (await t.query(`{ people(search: "鲍瑞卿") { id } }`)).people[0].id;
    await t.query(`mutation($input: AddContactMethodInput!) { addContactMethod(input: $input) { id } }`, {
      input: { personId: baoId, kind: 'MOBILE', value: '13900000002' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('authentication', () => {
    it('refuses a request without a key, with 401 and a clear message', async () => {
      const res = await t.http().post('/graphql').send({ query: '{ headquarters { name } }' });
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.body.errors[0].message).toContain('Authorization: Bearer');
      expect(res.body.data).toBeUndefined();
    });

    it.each([
      ['a wrong key', { Authorization: 'Bearer not-a-key-at-all-0123456789' }, 'not recognised'],
      ['another scheme', { Authorization: 'Basic dGVzdDp0ZXN0' }, 'Bearer'],
      ['an empty header', { Authorization: '' }, 'no API key'],
    ])('refuses %s', async (_what, headers, message) => {
      const result = await t.gql('{ headquarters { name } }', {}, headers);
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.errors?.[0].message).toContain(message);
      expect(result.data ?? null).toBeNull();
    });

    it('refuses operations that reach no resolver too (introspection, __typename)', async () => {
      for (const query of ['{ __typename }', '{ __schema { queryType { name } } }']) {
        const result = await t.gql(query, {}, {});
        expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
      expect((await t.query('{ __typename }', {}, bearer(keys.reader.secret))).__typename).toBe('Query');
    });

    it('refuses a mutation without a key and writes nothing', async () => {
      const [audits, changes] = [await auditCount(), await changeCount()];
      const result = await t.gql(APPOINT, { input: { positionTitle: '市应急管理局局长', personName: '测试甲' } }, {});
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect([await auditCount(), await changeCount()]).toEqual([audits, changes]);
      expect((await t.query(`{ position(title: "市应急管理局局长") { holders { name } } }`)).position.holders).toEqual([
        { name: '鲍瑞卿' },
      ]);
    });

    it('serves GET /health without a key', async () => {
      const res = await t.http().get('/health');
      expect(res.status).toBe(200);
    });

    it('accepts ADMIN_API_KEY with every role', async () => {
      const { auditLog } = await t.query(`{ auditLog(limit: 1) { total } }`);
      expect(auditLog.total).toBeGreaterThan(0);
    });
  });

  describe('API keys', () => {
    it('stores only the SHA-256 of the secret and shows the secret once', async () => {
      const created = await createKey('值班室', ['duty_officer', 'reader']);
      expect(created.secret).toMatch(/^ek_[A-Za-z0-9_-]{40,}$/);
      expect(created.apiKey).toMatchObject({ name: '值班室', roles: ['duty_officer', 'reader'], status: 'ACTIVE' });
      const row = await t.dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ id: created.apiKey.id });
      expect(row.keyHash).toBe(createHash('sha256').update(created.secret).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(created.secret);
      const { apiKeys } = await t.query(`{ apiKeys { id name roles status } }`);
      expect(apiKeys.find((k: { id: string }) => k.id === created.apiKey.id)).toEqual({
        id: created.apiKey.id,
        name: '值班室',
        roles: ['duty_officer', 'reader'],
        status: 'ACTIVE',
      });
      const fields = (await t.query(`{ __type(name: "ApiKey") { fields { name } } }`)).__type.fields.map(
        (f: { name: string }) => f.name,
      );
      expect(fields.filter((f: string) => /hash|secret/i.test(f))).toEqual([]);
      const audit = await t.query(
        `{ auditLog(filter: { operation: "createApiKey" }, limit: 1) { entries { arguments result } } }`,
      );
      expect(audit.auditLog.entries[0].result).toBe('ok');
      expect(JSON.stringify(audit)).not.toContain(created.secret);
    });

    it('refuses a revoked key, and an expired one, saying which', async () => {
      const revoked = await createKey('将被吊销', ['reader']);
      expect((await t.gql('{ commandPosts { code } }', {}, bearer(revoked.secret))).errors).toBeUndefined();
      const { revokeApiKey } = await t.query(`mutation($id: ID!) { revokeApiKey(id: $id) { status revokedAt } }`, {
        id: revoked.apiKey.id,
      });
      expect(revokeApiKey.status).toBe('REVOKED');
      const refused = await t.gql('{ commandPosts { code } }', {}, bearer(revoked.secret));
      expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(refused.errors?.[0].message).toContain('将被吊销');
      expect(refused.errors?.[0].message).toContain('revoked');

      const expiresAt = Date.now() + 1500;
      const expiring = await createKey('将过期', ['reader'], new Date(expiresAt).toISOString());
      expect((await t.gql('{ commandPosts { code } }', {}, bearer(expiring.secret))).errors).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 50));
      const expired = await t.gql('{ commandPosts { code } }', {}, bearer(expiring.secret));
      expect(expired.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(expired.errors?.[0].message).toContain('expired');
      const { apiKeys } = await t.query(`{ apiKeys { name status lastUsedAt } }`);
      expect(apiKeys.find((k: { name: string }) => k.name === '将过期')).toMatchObject({
        status: 'EXPIRED',
        lastUsedAt: expect.any(String),
      });
    });

    it('records when a key was last used, but not for a refused request', async () => {
      const fresh = await createKey('新钥匙', ['reader']);
      const lastUsed = async () =>
        (await t.dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ id: fresh.apiKey.id })).lastUsedAt;
      const refused = await t.gql(`{ auditLog { total } }`, {}, bearer(fresh.secret));
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await lastUsed()).toBeNull();
      await t.query(`{ commandPosts { code } }`, {}, bearer(fresh.secret));
      expect(await lastUsed()).toBeInstanceOf(Date);
    });

    it('validates new keys', async () => {
      const none = await t.gql(CREATE, { input: { name: 'x', roles: [] } });
      expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roles' });
      const past = await t.gql(CREATE, { input: { name: 'x', roles: ['reader'], expiresAt: '2020-01-01' } });
      expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt' });
      const unknownRole = await t.gql(CREATE, { input: { name: 'x', roles: ['superuser'] } });
      expect(unknownRole.errors?.length).toBeGreaterThan(0);
    });

    it("refuses a second key in use under one name (any case), and the environment key's name", async () => {
      const first = await createKey('同名密钥', ['reader']);
      const count = await t.dataSource.getRepository(ApiKeyEntity).count();
      for (const name of ['同名密钥', ' 同名密钥 ', 'ADMIN_API_KEY', 'admin_api_key']) {
        const twice = await t.gql(CREATE, { input: { name, roles: ['reader'] } });
        expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'name', value: name });
      }
      expect(await t.dataSource.getRepository(ApiKeyEntity).count()).toBe(count);
      const refusal = await t.gql(CREATE, { input: { name: '同名密钥', roles: ['reader'] } });
      expect(refusal.errors?.[0].extensions?.messageZh).toContain('已有同名的在用密钥');
      await t.query(`mutation($id: ID!) { revokeApiKey(id: $id) { status } }`, { id: first.apiKey.id });
      expect((await createKey('同名密钥', ['reader'])).apiKey.name).toBe('同名密钥');
    });
  });

  describe('roles', () => {
    it('a reader reads the directory and incidents but no contact data, not even nested', async () => {
      const reader = bearer(keys.reader.secret);
      const ok = await t.gql(
        `{ headquarters { name commanders { person { name } } } position(title: "副市长") { holders { name } } }`,
        {},
        reader,
      );
      expect(ok.errors).toBeUndefined();
      for (const query of [
        CONTACTS_NESTED,
        `query($id: ID!) { person(id: $id) { contactMethods { value } } }`,
        `{ people(search: "鲍瑞卿") { contactMethods { kind } } }`,
      ]) {
        const result = await t.gql(query, { id: baoId }, reader);
        expect(result.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Person.contactMethods' });
        expect(result.errors?.[0].message).toContain('测试-reader');
        expect(JSON.stringify(result)).not.toContain('13900000002');
      }
      const partial = await t.gql(CONTACTS_NESTED, {}, reader);
      expect(partial.data?.headquarters.office.directors[0].person).toEqual({ name: '鲍瑞卿', contactMethods: null });
    });

    it('roster_editor, duty_officer and admin see contact data', async () => {
      for (const key of [keys.editor, keys.duty, keys.admin2]) {
        const data = await t.query(CONTACTS_NESTED, {}, bearer(key.secret));
        expect(data.headquarters.office.directors[0].person.contactMethods).toEqual([{ value: '13900000002' }]);
      }
    });

    it.each([
      ['reader', APPOINT, { input: { positionTitle: '市应急管理局局长', personName: '测试甲' } }],
      ['duty', APPOINT, { input: { positionTitle: '市应急管理局局长', personName: '测试甲' } }],
      [
        'reader',
        `mutation($input: AddContactMethodInput!) { addContactMethod(input: $input) { id } }`,
        { input: { personId: 'x', kind: 'EMAIL', value: 'a@b.cn' } },
      ],
      ['editor', CREATE, { input: { name: 'x', roles: ['admin'] } }],
      ['duty', `mutation { revokeApiKey(id: "x") { id } }`, {}],
      ['reader', `{ apiKeys { id } }`, {}],
      ['editor', `{ auditLog { total } }`, {}],
      ['reader', `{ rosterIssues { kind } }`, {}],
    ])('refuses %s: %s, writing nothing', async (who, query, variables) => {
      const [audits, changes, apiKeys] = [
        await auditCount(),
        await changeCount(),
        await t.dataSource.getRepository(ApiKeyEntity).count(),
      ];
      const result = await t.gql(query, variables, bearer(keys[who].secret));
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(result.errors?.[0].message).toMatch(/needs the role/);
      expect([await auditCount(), await changeCount(), await t.dataSource.getRepository(ApiKeyEntity).count()]).toEqual(
        [audits, changes, apiKeys],
      );
    });

    it('a reader may call no mutation at all: every mutation of the schema refuses it, writing nothing', async () => {
      const schema = t.get(GraphQLSchemaHost).schema;
      const sample = (type: GraphQLInputType): unknown => {
        if (isNonNullType(type)) return sample(type.ofType);
        if (isListType(type)) return [sample(type.ofType)];
        if (isEnumType(type)) return type.getValues()[0].value;
        if (isInputObjectType(type)) {
          return Object.fromEntries(
            Object.values(type.getFields())
              .filter((f) => isNonNullType(f.type))
              .map((f) => [f.name, sample(f.type)]),
          );
        }
        if (isScalarType(type))
          return (
            ({ Int: 1, Float: 1, Boolean: true, DateTime: '2020-01-01' } as Record<string, unknown>)[type.name] ?? 'x'
          );
        return null;
      };
      // changePassword is self-service: every signed-in person may change their own (test/users.e2e-spec.ts).
      const SELF_SERVICE = ['changePassword'];
      const mutations = Object.values(schema.getMutationType()!.getFields()).filter(
        (f) => !SELF_SERVICE.includes(f.name),
      );
      expect(mutations.length).toBeGreaterThan(10);
      const [audits, changes] = [await auditCount(), await changeCount()];
      for (const field of mutations) {
        const args = field.args.filter((a) => isNonNullType(a.type));
        const decl = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
        const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
        const named = getNamedType(field.type);
        const selection = isScalarType(named) || isEnumType(named) ? '' : '{ __typename }';
        const query = `mutation${decl ? `(${decl})` : ''} { ${field.name}${call ? `(${call})` : ''} ${selection} }`;
        const variables = Object.fromEntries(args.map((a) => [a.name, sample(a.type)]));
        const result = await t.gql(query, variables, bearer(keys.reader.secret));
        expect({ mutation: field.name, code: result.errors?.[0].extensions?.code }).toEqual({
          mutation: field.name,
          code: 'FORBIDDEN',
        });
      }
      expect([await auditCount(), await changeCount()]).toEqual([audits, changes]);
    });

    it('a roster_editor changes the roster, recorded under its key in the journal and the audit log', async () => {
      const editor = bearer(keys.editor.secret);
      const { appoint } = await t.query(
        APPOINT,
        { input: { positionTitle: '市文旅局局长', personName: '测试乙', documentRef: '晋市政任〔2020〕4号' } },
        editor,
      );
      expect(appoint.holders).toEqual([{ name: '测试乙' }]);
      const { rosterChanges } = await t.query(
        `{ rosterChanges(kind: APPOINT) { actorKeyId actorName documentRef } }`,
        {},
        bearer(keys.reader.secret),
      );
      expect(rosterChanges).toEqual([
        { actorKeyId: keys.editor.id, actorName: '测试-editor', documentRef: '晋市政任〔2020〕4号' },
      ]);
      const { auditLog } = await t.query(
        `query($k: String) { auditLog(filter: { keyId: $k, operation: "appoint" }) { total entries { keyId keyName roles operation arguments result at } } }`,
        { k: keys.editor.id },
      );
      expect(auditLog.total).toBe(1);
      expect(auditLog.entries[0]).toMatchObject({
        keyId: keys.editor.id,
        keyName: '测试-editor',
        roles: ['roster_editor'],
        operation: 'appoint',
        result: 'ok',
      });
      expect(JSON.parse(auditLog.entries[0].arguments)).toEqual({
        input: { positionTitle: '市文旅局局长', personName: '测试乙', documentRef: '晋市政任〔2020〕4号' },
      });
    });
  });

  describe('audit log', () => {
    it('records failed mutations with their error code, and masks contact values', async () => {
      const editor = bearer(keys.editor.secret);
      const failed = await t.gql(APPOINT, { input: { positionTitle: '不存在的职务', personName: '测试乙' } }, editor);
      expect(failed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      await t.query(
        `mutation($input: AddContactMethodInput!) { addContactMethod(input: $input) { id } }`,
        { input: { personId: baoId, kind: 'EMAIL', value: 'bao@example.cn', label: '工作邮箱' } },
        editor,
      );
      const badContact = await t.gql(
        `mutation($input: AddContactMethodInput!) { addContactMethod(input: $input) { id } }`,
        { input: { personId: baoId, kind: 'EMAIL', value: 'not-an-email-secret' } },
        editor,
      );
      expect(badContact.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

      const { auditLog } = await t.query(
        `query($k: String) { auditLog(filter: { keyId: $k }, limit: 10) { entries { operation arguments result errorMessage } } }`,
        { k: keys.editor.id },
      );
      type Entry = { operation: string; arguments: string; result: string; errorMessage: string | null };
      const entries = auditLog.entries as Entry[];
      const appointFailed = entries.find((e) => e.operation === 'appoint' && e.result !== 'ok')!;
      const contact = entries.find(
        (e) => e.operation === 'addContactMethod' && e.result === 'ok' && e.arguments.includes('工作邮箱'),
      )!;
      const contactFailed = entries.find((e) => e.operation === 'addContactMethod' && e.result !== 'ok')!;
      expect(appointFailed).toMatchObject({
        operation: 'appoint',
        result: 'BAD_USER_INPUT',
        errorMessage: expect.stringContaining('不存在的职务'),
      });
      expect(contact).toMatchObject({ operation: 'addContactMethod', result: 'ok' });
      expect(JSON.parse(contact.arguments)).toEqual({
        input: { personId: baoId, kind: 'EMAIL', value: '***', label: '工作邮箱' },
      });
      expect(contactFailed).toMatchObject({ operation: 'addContactMethod', result: 'BAD_USER_INPUT' });
      const text = JSON.stringify(await t.dataSource.getRepository(AuditLogEntity).find());
      expect(text).not.toContain('bao@example.cn');
      expect(text).not.toContain('not-an-email-secret');
      expect(text).not.toContain('13900000002');
    });

    it('filters by operation, key and time, and pages newest first', async () => {
      const all = await t.query(`{ auditLog(limit: 500) { total entries { id at operation } } }`);
      expect(all.auditLog.total).toBe(all.auditLog.entries.length);
      const ats = all.auditLog.entries.map((e: { at: string }) => e.at);
      expect([...ats].sort().reverse()).toEqual(ats);
      const page = await t.query(`{ auditLog(limit: 2, offset: 1) { total entries { id } } }`);
      expect(page.auditLog.entries.map((e: { id: string }) => e.id)).toEqual(
        all.auditLog.entries.slice(1, 3).map((e: { id: string }) => e.id),
      );
      const future = await t.query(`query($from: DateTime) { auditLog(filter: { from: $from }) { total } }`, {
        from: new Date(Date.now() + 60_000).toISOString(),
      });
      expect(future.auditLog.total).toBe(0);
      const byName = await t.query(
        `{ auditLog(filter: { keyName: "ADMIN_API_KEY", operation: "createApiKey" }) { total } }`,
      );
      expect(byName.auditLog.total).toBeGreaterThanOrEqual(4);
    });

    it('records HTTP routes marked @Audited (the acknowledgement link), with secrets in the route masked', async () => {
      class LinkController {
        @Audited('acknowledgeByLink')
        acknowledge(): string {
          return 'ok';
        }
        plain(): string {
          return 'ok';
        }
      }
      const interceptor = new AuditInterceptor(t.get(AuditService), new Reflector());
      const http = (handler: () => string) =>
        ({
          getType: () => 'http',
          getHandler: () => handler,
          getClass: () => LinkController,
          switchToHttp: () => ({
            getRequest: () => ({ params: { token: 'secret-token-123' }, query: {} }),
            getResponse: () => ({ statusCode: 200 }),
          }),
        }) as unknown as ExecutionContext;
      const before = await auditCount();
      await lastValueFrom(interceptor.intercept(http(LinkController.prototype.plain), { handle: () => of('ok') }));
      expect(await auditCount()).toBe(before);
      await lastValueFrom(
        interceptor.intercept(http(LinkController.prototype.acknowledge), { handle: () => of('ok') }),
      );
      await expect(
        lastValueFrom(
          interceptor.intercept(http(LinkController.prototype.acknowledge), {
            handle: () => throwError(() => new DomainException('NOT_FOUND', 'no such link')),
          }),
        ),
      ).rejects.toThrow('no such link');
      const { auditLog } = await t.query(
        `{ auditLog(filter: { operation: "acknowledgeByLink" }) { entries { keyId arguments result } } }`,
      );
      expect(auditLog.entries).toHaveLength(2);
      expect(auditLog.entries).toEqual(
        expect.arrayContaining([
          { keyId: null, arguments: JSON.stringify({ params: { token: '***' }, query: {} }), result: 'NOT_FOUND' },
          { keyId: null, arguments: JSON.stringify({ params: { token: '***' }, query: {} }), result: 'ok' },
        ]),
      );
    });

    it('has no way to change or delete entries', async () => {
      const { __schema } = await t.query(`{ __schema { mutationType { fields { name } } } }`);
      expect(
        __schema.mutationType.fields.map((f: { name: string }) => f.name).filter((n: string) => /audit/i.test(n)),
      ).toEqual([]);
    });
  });
});
