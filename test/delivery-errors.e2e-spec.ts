import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen, subscribe, wsClient } from './support/live';
import { giveContacts, notificationsConfig, notificationsOf, personIds, report, waitFor } from './support/notify';
import { FakeSmtpServer } from './support/smtp-server';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 9 "readers see contact data in errors" and "webhook contacts reach internal services":
 * every failure is stored as a code; readers (queries and subscriptions) get the code and its
 * description only, admins a detail scrubbed of contact values, URLs, hosts and echoes; targets
 * outside OUTBOUND_ALLOW (here: the loopback address 127.0.0.1, while "localhost" is listed) are
 * never contacted.
 */
describe(`delivery errors as codes, outbound allow-list (${process.env.DB_TYPE ?? 'sqlite'})`, () => {
  jest.setTimeout(90000);
  let t: TestApp;
  let smtp: FakeSmtpServer;
  let gateway: Server;
  let port = 0;
  const hits: string[] = [];
  let readerKey = '';
  const SECRETS = [
    'secret-token-abc',
    'zzz-query',
    'localhost',
    '127.0.0.1',
    '13912345678',
    'gone.baoruiqing',
    'example.gov.cn',
    'internal-answer',
  ];

  beforeAll(async () => {
    // A gateway that refuses and echoes what it got, as real ones do; /internal stands for an internal service.
    gateway = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        hits.push(req.url ?? '');
        res
          .writeHead(400, { 'content-type': 'text/plain' })
          .end(`internal-answer: rejected ${body.slice(0, 300)} at ${req.headers.host}${req.url}`);
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    port = (gateway.address() as AddressInfo).port;
    smtp = await new FakeSmtpServer().start();
    smtp.rcpt = (address) => `550 5.1.1 <${address}>: Recipient address rejected`;
    t = await createTestApp({
      OUTBOUND_ALLOW: 'localhost',
      SMTP_URL: `smtp://localhost:${smtp.port}`,
      NOTIFICATIONS_FILE: notificationsConfig({
        channels: { MOBILE: { channel: 'webhook', url: `http://localhost:${port}/sms?key=zzz-query` } },
        delivery: { attempts: 1, backoffMs: 50 },
      }),
    });
    const ids = await personIds(t, ['张利锋', '李子荣', '鲍瑞卿', '席学武']);
    await giveContacts(t, ids['张利锋'], [
      { kind: 'WEBHOOK', value: `http://localhost:${port}/hook/secret-token-abc?key=zzz-query` },
    ]);
    await giveContacts(t, ids['李子荣'], [{ kind: 'WEBHOOK', value: `http://127.0.0.1:${port}/internal` }]);
    await giveContacts(t, ids['鲍瑞卿'], [{ kind: 'EMAIL', value: 'gone.baoruiqing@example.gov.cn' }]);
    await giveContacts(t, ids['席学武'], [{ kind: 'MOBILE', value: '13912345678' }]);
    const { createApiKey } = await t.query<{ createApiKey: { secret: string } }>(
      `mutation { createApiKey(input: { name: "reader-errors", roles: [reader] }) { secret } }`,
    );
    readerKey = createApiKey.secret;
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
    gateway.closeAllConnections();
    await new Promise((resolve) => gateway.close(resolve));
  });

  it('stores codes, tells readers only the code (also over subscriptions), admins a scrubbed detail', async () => {
    const url = await listen(t);
    const client = wsClient(url, `Bearer ${readerKey}`);
    const live = subscribe<{ notificationStatusChanged: { status: string; lastError: string | null } }>(
      client,
      `subscription { notificationStatusChanged { status lastError lastFailure { code messageZh message } person { name } } }`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const incident = await report(t, { title: '某煤矿透水事故' });
    const failed = ['张利锋', '李子荣', '鲍瑞卿', '席学武'];
    await waitFor(
      'four failures',
      async () =>
        (await notificationsOf(t.dataSource, incident.id)).filter(
          (n) => failed.includes(n.personName) && n.status === 'FAILED',
        ).length === 4,
      20000,
    );

    const reader = { Authorization: `Bearer ${readerKey}` };
    const data = await t.query<{
      incident: {
        notifications: Array<{
          person: { name: string };
          lastError: string | null;
          lastFailure: { code: string; messageZh: string; message: string } | null;
          deliveryAttempts: Array<{ error: string | null; failure: { code: string } | null }>;
        }>;
      };
    }>(
      `query($id: ID!) { incident(id: $id) { notifications { person { name } lastError lastFailure { code messageZh message }
         deliveryAttempts { error failure { code messageZh } } } } }`,
      { id: incident.id },
      reader,
    );
    const byName = new Map(data.incident.notifications.map((n) => [n.person.name, n]));
    expect(failed.map((name) => [name, byName.get(name)!.lastFailure?.code])).toEqual([
      ['张利锋', 'HTTP_400'],
      ['李子荣', 'DESTINATION_NOT_ALLOWED'],
      ['鲍瑞卿', 'SMTP_RECIPIENT_REJECTED'],
      ['席学武', 'HTTP_400'],
    ]);
    expect(byName.get('张利锋')!.lastError).toBe(
      'HTTP_400 对方拒绝了请求内容 (the receiver refused the request as malformed)',
    );
    expect(byName.get('鲍瑞卿')!.deliveryAttempts[0].failure!.code).toBe('SMTP_RECIPIENT_REJECTED');
    expect(byName.get('鲍瑞卿')!.lastFailure!.messageZh).toBe('邮件服务器拒收该收件人');
    const readerJson = JSON.stringify(data);
    for (const secret of [...SECRETS, String(port)])
      expect({ secret, found: readerJson.includes(secret) }).toEqual({ secret, found: false });

    // The detail is for admins only.
    const asReader = await t.gql(
      `query($id: ID!) { incident(id: $id) { notifications { lastFailure { detail } } } }`,
      { id: incident.id },
      reader,
    );
    expect(asReader.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const asAdmin = await t.query<{
      incident: {
        notifications: Array<{
          person: { name: string };
          lastFailure: { detail: string } | null;
          deliveryAttempts: Array<{ failure: { detail: string } | null }>;
        }>;
      };
    }>(
      `query($id: ID!) { incident(id: $id) { notifications { person { name } lastFailure { detail } deliveryAttempts { failure { detail } } } } }`,
      { id: incident.id },
    );
    const details = new Map(asAdmin.incident.notifications.map((n) => [n.person.name, n.lastFailure?.detail]));
    expect(details.get('张利锋')).toBe('webhook: HTTP 400; 已无其他联系方式');
    expect(details.get('李子荣')).toMatch(/^webhook: EDESTINATION: destination not allowed: .*OUTBOUND_ALLOW/);
    expect(details.get('鲍瑞卿')).toMatch(/^email: SMTP 550 .*Recipient address rejected/);
    const adminJson = JSON.stringify(asAdmin);
    for (const secret of [...SECRETS, String(port)])
      expect({ secret, found: adminJson.includes(secret) }).toEqual({ secret, found: false });

    // Subscriptions carry the same reader view.
    const events = await live.until(
      (got) => got.filter((e) => e.data?.notificationStatusChanged.status === 'FAILED').length >= 4,
    );
    live.stop();
    await client.dispose();
    const failedEvents = events.filter((e) => e.data?.notificationStatusChanged.status === 'FAILED');
    expect(failedEvents.every((e) => /^[A-Z0-9_]+ \S/.test(e.data!.notificationStatusChanged.lastError ?? ''))).toBe(
      true,
    );
    const liveJson = JSON.stringify(events);
    for (const secret of [...SECRETS, String(port)])
      expect({ secret, found: liveJson.includes(secret) }).toEqual({ secret, found: false });
  });

  it('never contacts a target outside the allow-list: the internal service got nothing', () => {
    expect(hits.some((h) => h.startsWith('/internal'))).toBe(false);
    expect(hits.some((h) => h.startsWith('/hook/'))).toBe(true);
    expect(hits.some((h) => h.startsWith('/sms'))).toBe(true);
  });
});
