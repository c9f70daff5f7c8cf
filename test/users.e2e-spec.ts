import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { AuditLogEntity } from '../src/audit/entities/audit-log.entity';
import { UserSessionEntity } from '../src/users/entities/user-session.entity';
import { UserEntity } from '../src/users/entities/user.entity';
import { listen, subscribe } from './support/live';
import { createTestApp, TestApp } from './support/test-app';

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id username displayName roles status } }`;
const PASSWORD = 'Zhiban-2026-jc';

describe('console users and cookie sessions', () => {
  let t: TestApp;
  let officerId: string;

  const login = (username: string, password: string) =>
    t.http().post('/auth/login').set('content-type', 'application/json').send({ username, password });
  const cookieOf = (res: { headers: Record<string, unknown> }) =>
    String((res.headers['set-cookie'] as string[])[0]).split(';')[0];
  const asCookie = (cookie: string, query: string, variables: Record<string, unknown> = {}) =>
    t.http().post('/graphql').set('content-type', 'application/json').set('cookie', cookie).send({ query, variables });
  const audits = (operation: string) =>
    t.dataSource.getRepository(AuditLogEntity).find({ where: { operation }, order: { at: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp();
    const { createUser } = await t.query(CREATE_USER, {
      input: { username: 'ZhangWei', displayName: '张伟', password: PASSWORD, roles: ['duty_officer'] },
    });
    officerId = createUser.id;
    expect(createUser).toMatchObject({
      username: 'zhangwei',
      displayName: '张伟',
      roles: ['duty_officer'],
      status: 'ACTIVE',
    });
    await t.query(CREATE_USER, {
      input: { username: 'reader1', displayName: '李读', password: PASSWORD, roles: ['reader'] },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores only an argon2id hash and masks the password in the audit log', async () => {
    const row = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: officerId });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
    const [created] = await audits('createUser');
    expect(created.arguments).not.toContain(PASSWORD);
    expect(JSON.parse(created.arguments).input.password).toBe('***');
  });

  it('refuses bad accounts with the field and value named, writing nothing', async () => {
    const before = await t.dataSource.getRepository(UserEntity).count();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ username: '张三', displayName: 'x', password: PASSWORD, roles: ['reader'] }, 'username'],
      [{ username: 'wangwu', displayName: '王五', password: 'short', roles: ['reader'] }, 'password'],
      [{ username: 'wangwu', displayName: '王五', password: PASSWORD, roles: [] }, 'roles'],
      [{ username: 'zhangwei', displayName: '重名', password: PASSWORD, roles: ['reader'] }, 'already exists'],
    ];
    for (const [input, expected] of cases) {
      const result = await t.gql(CREATE_USER, { input });
      expect(result.errors?.[0].message).toContain(expected);
      expect(result.errors?.[0].message).not.toContain(PASSWORD);
    }
    expect(await t.dataSource.getRepository(UserEntity).count()).toBe(before);
  });

  it('signs in with an HttpOnly SameSite=Strict cookie with expiry, storing only the token hash', async () => {
    const res = await login('zhangwei', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'zhangwei', displayName: '张伟', roles: ['duty_officer'] });
    const header = String((res.headers['set-cookie'] as unknown as string[])[0]);
    expect(header).toMatch(/^ec_session=[A-Za-z0-9_-]{43};/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).toMatch(/Max-Age=43200/);
    const token = cookieOf(res).split('=')[1];
    const sessions = await t.dataSource.getRepository(UserSessionEntity).find({ where: { userId: officerId } });
    expect(sessions.some((s) => s.tokenHash === token)).toBe(false);
    const me = await asCookie(cookieOf(res), '{ me { kind name roles user { username status } } }');
    expect(me.body.data.me).toEqual({
      kind: 'USER',
      name: '张伟',
      roles: ['duty_officer'],
      user: { username: 'zhangwei', status: 'ACTIVE' },
    });
    const [signIn] = (await audits('signIn')).filter((a) => a.result === 'ok');
    expect(signIn).toMatchObject({ keyId: officerId, keyName: 'user:zhangwei' });
  });

  it('keeps CSRF protection: no form posts to /auth/login, no simple GraphQL requests with the cookie', async () => {
    const form = await t.http().post('/auth/login').type('form').send({ username: 'zhangwei', password: PASSWORD });
    expect(form.status).toBe(415);
    const cookie = cookieOf(await login('zhangwei', PASSWORD));
    const simple = await t.http().get('/graphql').query({ query: '{ me { name } }' }).set('cookie', cookie);
    expect(simple.status).toBe(400);
    expect(JSON.stringify(simple.body)).not.toContain('张伟');
  });

  it('applies the roles of the user: a reader may read but not create users', async () => {
    const cookie = cookieOf(await login('reader1', PASSWORD));
    const read = await asCookie(cookie, '{ headquarters { name } }');
    expect(read.body.data.headquarters.name).toBe('晋城市应急救援总指挥部');
    const denied = await asCookie(cookie, CREATE_USER, {
      input: { username: 'x1', displayName: 'x', password: PASSWORD, roles: ['admin'] },
    });
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(denied.body.errors[0].message).toContain('the user "reader1"');
    const users = await asCookie(cookie, '{ users { username } }');
    expect(users.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('answers an unknown user and a wrong password alike, and audits both', async () => {
    const unknown = await login('nobody', PASSWORD);
    const wrong = await login('reader1', 'wrong password 1');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.message).toContain('用户名或密码错误');
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.headers['set-cookie']).toBeUndefined();
    const failed = (await audits('signIn')).filter((a) => a.result === 'INVALID_CREDENTIALS');
    expect(failed.map((a) => JSON.parse(a.arguments).username)).toEqual(expect.arrayContaining(['nobody', 'reader1']));
    expect(failed.every((a) => !a.arguments.includes('wrong password'))).toBe(true);
  });

  it('locks a name no account has after as many tries as an account, so a lockout tells nothing either', async () => {
    for (let i = 0; i < 4; i++) expect((await login('nobody-at-all', `wrong-password-${i}`)).status).toBe(401);
    const fifth = await login('nobody-at-all', 'wrong-password-5');
    expect(fifth.status).toBe(423);
    expect(fifth.body.message).toMatch(/^连续 5 次密码错误，账户已锁定至 \d\d:\d\d/);
  });

  it('tells that an account is disabled only to its right password', async () => {
    await t.query(CREATE_USER, {
      input: { username: 'gone', displayName: '停用测试', password: PASSWORD, roles: ['reader'] },
    });
    const { users } = await t.query('{ users { id username } }');
    const id = users.find((u: { username: string }) => u.username === 'gone').id;
    await t.query(`mutation($id: ID!) { disableUser(id: $id) { status } }`, { id });
    const wrong = await login('gone', 'wrong password 1');
    expect(wrong.body).toEqual((await login('nobody-else', 'wrong password 1')).body);
    const right = await login('gone', PASSWORD);
    expect(right.status).toBe(401);
    expect(right.body.message).toContain('已停用');
  });

  it('locks an account after 5 wrong passwords, even against the right one, until an admin resets it', async () => {
    await t.query(CREATE_USER, {
      input: { username: 'locked', displayName: '锁定测试', password: PASSWORD, roles: ['reader'] },
    });
    for (let i = 0; i < 4; i++) expect((await login('locked', `wrong-password-${i}`)).status).toBe(401);
    const fifth = await login('locked', 'wrong-password-5');
    expect(fifth.status).toBe(423);
    expect(fifth.body.message).toContain('已锁定');
    expect((await login('locked', PASSWORD)).status).toBe(423);
    const { users } = await t.query('{ users { id username status lockedUntil } }');
    const locked = users.find((u: { username: string }) => u.username === 'locked');
    expect(locked.status).toBe('LOCKED');
    await t.query(`mutation($id: ID!) { enableUser(id: $id) { status } }`, { id: locked.id });
    expect((await login('locked', PASSWORD)).status).toBe(200);
  });

  it('changes a password: the current one is required, other sessions end, this one stays', async () => {
    await t.query(CREATE_USER, {
      input: { username: 'changer', displayName: '改密', password: PASSWORD, roles: ['reader'] },
    });
    const first = cookieOf(await login('changer', PASSWORD));
    const second = cookieOf(await login('changer', PASSWORD));
    const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { username } }`;
    const wrong = await asCookie(first, CHANGE, {
      input: { currentPassword: 'not it at all', newPassword: 'Another-pass-99' },
    });
    expect(wrong.body.errors[0].message).toContain('currentPassword');
    expect(wrong.body.errors[0].extensions.messageZh).toMatch(/^输入有误：当前密码，当前密码不正确/);
    expect(JSON.stringify(wrong.body)).not.toContain('not it at all');
    const weak = await asCookie(first, CHANGE, { input: { currentPassword: PASSWORD, newPassword: 'changer-pass-1' } });
    expect(weak.body.errors[0].extensions.messageZh).toContain('新密码不能包含用户名');
    const ok = await asCookie(first, CHANGE, { input: { currentPassword: PASSWORD, newPassword: 'Another-pass-99' } });
    expect(ok.body.data.changePassword.username).toBe('changer');
    expect((await asCookie(first, '{ me { name } }')).body.data.me.name).toBe('改密');
    expect((await asCookie(second, '{ me { name } }')).status).toBe(401);
    expect((await login('changer', PASSWORD)).status).toBe(401);
    expect((await login('changer', 'Another-pass-99')).status).toBe(200);
    const audit = (await audits('changePassword')).at(-1)!;
    expect(audit.arguments).not.toContain('Another-pass-99');
  });

  it('counts wrong current passwords toward the lockout', async () => {
    await t.query(CREATE_USER, {
      input: { username: 'guessed', displayName: '猜密', password: PASSWORD, roles: ['reader'] },
    });
    const cookie = cookieOf(await login('guessed', PASSWORD));
    const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { username } }`;
    const tries = [];
    for (let i = 0; i < 6; i++)
      tries.push(
        await asCookie(cookie, CHANGE, { input: { currentPassword: `guess-${i}-x`, newPassword: 'Another-pass-99' } }),
      );
    expect(tries[5].body.errors[0].extensions.messageZh).toContain('已锁定');
    expect((await login('guessed', PASSWORD)).status).toBe(423);
  });

  it('signs out: the cookie is cleared, the session refused from then on, and the sign-out audited', async () => {
    const cookie = cookieOf(await login('zhangwei', PASSWORD));
    const out = await t
      .http()
      .post('/auth/logout')
      .set('content-type', 'application/json')
      .set('cookie', cookie)
      .send({});
    expect(out.status).toBe(200);
    expect(String((out.headers['set-cookie'] as unknown as string[])[0])).toMatch(/^ec_session=;.*Max-Age=0/);
    const after = await asCookie(cookie, '{ me { name } }');
    expect(after.status).toBe(401);
    expect(after.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await audits('signOut')).at(-1)).toMatchObject({ keyName: 'user:zhangwei', result: 'ok' });
  });

  it('disabling a user ends their sessions at once', async () => {
    await t.query(CREATE_USER, {
      input: { username: 'leaver', displayName: '离任', password: PASSWORD, roles: ['reader'] },
    });
    const cookie = cookieOf(await login('leaver', PASSWORD));
    const { users } = await t.query('{ users { id username } }');
    await t.query(`mutation($id: ID!) { disableUser(id: $id) { status } }`, {
      id: users.find((u: { username: string }) => u.username === 'leaver').id,
    });
    expect((await asCookie(cookie, '{ me { name } }')).status).toBe(401);
    const again = await login('leaver', PASSWORD);
    expect(again.status).toBe(401);
    expect(again.body.message).toContain('停用');
  });

  it('accepts the session cookie on graphql-ws subscriptions from the same origin only', async () => {
    const url = await listen(t);
    const cookie = cookieOf(await login('zhangwei', PASSWORD));
    const host = new URL(url).host;
    const client = (origin: string) =>
      createClient({
        url,
        webSocketImpl: class extends WebSocket {
          constructor(address: string, protocols?: string | string[]) {
            super(address, protocols, { headers: { cookie, origin } });
          }
        },
        retryAttempts: 0,
        lazy: true,
      });
    const own = client(`http://${host}`);
    const foreign = client('http://evil.example');
    try {
      const good = subscribe<{ incidentChanged: { title: string } }>(own, 'subscription { incidentChanged { title } }');
      const bad = subscribe(foreign, 'subscription { incidentChanged { title } }');
      await bad.until((got) => got.length > 0);
      // A session cookie from another site's page: refused at connection_init (4403, WsGateService).
      expect(bad.received[0].errors?.[0].extensions?.closeCode).toBe(4403);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await t.query(`mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`, {
        input: {
          incidentType: 'TRAFFIC_ACCIDENT',
          severity: 'IV',
          title: '会话订阅测试',
          occurredAt: new Date().toISOString(),
        },
      });
      const events = await good.until((got) => got.some((e) => e.data?.incidentChanged.title === '会话订阅测试'));
      expect(events.every((e) => !e.errors)).toBe(true);
      good.stop();
    } finally {
      await Promise.all([own.dispose(), foreign.dispose()]);
    }
  });
});
