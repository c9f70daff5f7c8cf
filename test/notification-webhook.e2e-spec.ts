import { webhookSignature } from '../src/notifications/channels/webhook.channel';
import {
  attemptsOf,
  giveContacts,
  notificationsConfig,
  notificationsOf,
  personIds,
  report,
  waitFor,
  WebhookReceiver,
} from './support/notify';
import { createTestApp, TestApp } from './support/test-app';

const SECRET = 'test-webhook-secret-0123456789';

/** The webhook channel against a local HTTP receiver (a gateway stand-in) on 127.0.0.1. */
describe('webhook channel, contact methods in priority order, acknowledgement link', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let ids: Record<string, string>;
  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    receiver.respond = (req, nth) => {
      switch (req.path) {
        case '/flaky':
          return nth <= 2 ? 503 : 200;
        case '/reject':
          return 400;
        case '/down':
          return 503;
        default:
          return 200;
      }
    };
    t = await createTestApp({
      WEBHOOK_SECRET: SECRET,
      PUBLIC_BASE_URL: 'https://yingji.example.gov.cn/',
      NOTIFICATIONS_FILE: notificationsConfig({
        // An SMS gateway plugged in through the webhook channel: it gets the mobile number in the payload.
        channels: { MOBILE: { channel: 'webhook', url: receiver.url('/sms') } },
        delivery: { attempts: 4, backoffMs: 50 },
      }),
    });
    ids = await personIds(t, ['张利锋', '李子荣', '鲍瑞卿', '席学武', '祁砖', '刘同兴', '胡锐']);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('sends, retries 5xx, moves on after 4xx and exhausted retries, fails when nothing is left', async () => {
    await giveContacts(t, ids['张利锋'], [{ kind: 'WEBHOOK', value: receiver.url('/ok') }]);
    await giveContacts(t, ids['李子荣'], [{ kind: 'WEBHOOK', value: receiver.url('/flaky') }]);
    const [rejecting, second] = await giveContacts(t, ids['鲍瑞卿'], [
      { kind: 'WEBHOOK', value: receiver.url('/reject') },
      { kind: 'WEBHOOK', value: receiver.url('/ok2') },
    ]);
    await giveContacts(t, ids['席学武'], [
      { kind: 'WEBHOOK', value: receiver.url('/reject') },
      { kind: 'WEBHOOK', value: receiver.url('/never'), active: false },
    ]);
    await giveContacts(t, ids['祁砖'], [
      { kind: 'WEBHOOK', value: receiver.url('/down') },
      { kind: 'MOBILE', value: '13800138000' },
    ]);
    await giveContacts(t, ids['刘同兴'], [
      { kind: 'EMAIL', value: 'liutongxing@example.gov.cn' },
      { kind: 'WEBHOOK', value: receiver.url('/ok3') },
    ]);
    const incident = await report(t, { title: '某煤矿透水事故' });
    const rows = await waitFor(
      'every notification settled',
      async () => {
        const found = await notificationsOf(t.dataSource, incident.id);
        return (
          found.every(
            (n) =>
              ['SENT', 'DELIVERED', 'FAILED'].includes(n.status) &&
              !(n.status === 'FAILED' && n.queuedSends <= n.sendSeq),
          ) && found
        );
      },
      20000,
    );
    const byName = new Map(rows.map((n) => [n.personName, n]));
    const attempts = async (name: string) =>
      (await attemptsOf(t.dataSource, byName.get(name)!.id)).map(
        (a) => `${a.sendSeq}/${a.jobAttempt} ${a.channel} ${a.contactKind} ${a.outcome}`,
      );

    // 2xx = SENT, signed, with the dedup key.
    const zhang = byName.get('张利锋')!;
    expect(zhang).toMatchObject({ status: 'SENT', channel: 'webhook', attempts: 1 });
    const [sent] = receiver.byPath('/ok');
    expect(sent.key).toBe(`${zhang.id}.0`);
    expect(sent.headers['x-signature']).toBe(
      webhookSignature(SECRET, String(sent.headers['x-signature-timestamp']), sent.raw),
    );
    expect(sent.body).toMatchObject({
      notificationId: zhang.id,
      incidentId: incident.id,
      dedupKey: `${zhang.id}.0`,
      kind: 'INITIAL',
      person: { id: ids['张利锋'], name: '张利锋' },
      to: { kind: 'WEBHOOK', value: receiver.url('/ok') },
      subject: '【III级(较大)煤矿生产安全事故】某煤矿透水事故',
    });
    expect(String(sent.body.ackUrl)).toMatch(/^https:\/\/yingji\.example\.gov\.cn\/ack\/[A-Za-z0-9_-]{43}$/);
    expect(String(sent.body.text)).toContain(String(sent.body.ackUrl));

    // 5xx twice, then 2xx: retried with the same key; the receiver delivers it once.
    expect(byName.get('李子荣')).toMatchObject({ status: 'SENT', attempts: 3 });
    expect(await attempts('李子荣')).toEqual([
      '0/1 webhook WEBHOOK RETRYABLE_ERROR',
      '0/2 webhook WEBHOOK RETRYABLE_ERROR',
      '0/3 webhook WEBHOOK SENT',
    ]);
    const flaky = receiver.byPath('/flaky');
    expect(flaky.map((r) => r.key)).toEqual(Array(3).fill(`${byName.get('李子荣')!.id}.0`));
    // Stored as a code; the detail (admins) names neither the host nor what the receiver answered.
    expect(await attemptsOf(t.dataSource, byName.get('李子荣')!.id)).toMatchObject([
      { errorCode: 'HTTP_5XX', error: 'webhook: HTTP 503' },
      { errorCode: 'HTTP_5XX' },
      { errorCode: null, error: null },
    ]);

    // 4xx: permanent; FAILED with the reason, then the next contact method (a new send).
    const bao = byName.get('鲍瑞卿')!;
    expect(bao).toMatchObject({ status: 'SENT', sendSeq: 1, contactMethodId: second.id, attempts: 2 });
    expect(bao.failedAt).not.toBeNull();
    expect(bao).toMatchObject({ lastErrorCode: 'HTTP_400', lastError: 'webhook: HTTP 400' });
    expect(await attempts('鲍瑞卿')).toEqual(['0/1 webhook WEBHOOK PERMANENT_ERROR', '1/1 webhook WEBHOOK SENT']);
    expect((await attemptsOf(t.dataSource, bao.id)).map((a) => a.contactMethodId)).toEqual([rejecting.id, second.id]);
    expect(receiver.byPath('/ok2').map((r) => r.key)).toEqual([`${bao.id}.1`]);

    // Nothing left (the other method is inactive): FAILED for good.
    const xi = byName.get('席学武')!;
    expect(xi).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(xi).toMatchObject({ lastErrorCode: 'HTTP_400', lastError: 'webhook: HTTP 400; 已无其他联系方式' });
    expect(receiver.byPath('/never')).toEqual([]);

    // 5xx on every try: after the last retry, the next contact method (the SMS gateway, with the number).
    expect(byName.get('祁砖')).toMatchObject({ status: 'SENT', sendSeq: 1 });
    expect(await attempts('祁砖')).toEqual([
      '0/1 webhook WEBHOOK RETRYABLE_ERROR',
      '0/2 webhook WEBHOOK RETRYABLE_ERROR',
      '0/3 webhook WEBHOOK RETRYABLE_ERROR',
      '0/4 webhook WEBHOOK RETRYABLE_ERROR',
      '1/1 webhook MOBILE SENT',
    ]);
    expect(byName.get('祁砖')).toMatchObject({ lastErrorCode: 'HTTP_5XX', lastError: 'webhook: HTTP 503 (已重试4次)' });
    const [sms] = receiver.byPath('/sms');
    expect(sms.body.to).toEqual({ kind: 'MOBILE', value: '13800138000' });

    // Email without SMTP_URL is a permanent failure of that method: the next one is used.
    expect(byName.get('刘同兴')).toMatchObject({ status: 'SENT', sendSeq: 1 });
    expect(await attempts('刘同兴')).toEqual(['0/1 email EMAIL PERMANENT_ERROR', '1/1 webhook WEBHOOK SENT']);
    expect((await attemptsOf(t.dataSource, byName.get('刘同兴')!.id))[0]).toMatchObject({
      errorCode: 'NOT_CONFIGURED',
      error: 'email: SMTP_URL is not set',
    });

    // No contact method: the log channel.
    expect(byName.get('胡锐')).toMatchObject({ status: 'DELIVERED', channel: 'log' });
    // Every key reached the receiver's delivered set once.
    expect(
      new Set(receiver.requests.filter((r) => r.path !== '/reject' && r.path !== '/down').map((r) => r.key)).size,
    ).toBe(receiver.delivered.size);
  });

  it('keeps contact values out of the API', async () => {
    const incident = await report(t, { title: '某煤矿顶板事故' });
    await waitFor(
      'sent',
      async () =>
        (await notificationsOf(t.dataSource, incident.id)).every(
          (n) => n.status !== 'PENDING' && n.status !== 'QUEUED',
        ),
      20000,
    );
    const data = await t.query<{ incident: unknown }>(
      `query($id: ID!) { incident(id: $id) { notifications { lastError deliveryAttempts { channel contactKind contactMethodId error message } } } }`,
      { id: incident.id },
    );
    const json = JSON.stringify(data);
    expect(json).toContain('WEBHOOK');
    for (const secret of ['13800138000', 'liutongxing@example.gov.cn', '/flaky', '/ok2'])
      expect(json).not.toContain(secret);
  });

  it('acknowledges through the one-click link: public, single-purpose, only its hash stored', async () => {
    const incident = await report(t, { title: '某煤矿瓦斯超限' });
    const zhang = await waitFor('the webhook message', async () => {
      const rows = await notificationsOf(t.dataSource, incident.id);
      const row = rows.find((n) => n.personName === '张利锋');
      return row?.status === 'SENT' && row;
    });
    const message = receiver.byPath('/ok').find((r) => r.body.notificationId === zhang.id)!;
    const path = new URL(String(message.body.ackUrl)).pathname;
    const token = path.split('/').pop()!;
    expect(JSON.stringify(await attemptsOf(t.dataSource, zhang.id))).not.toContain(token);

    // Opening the link (a person, a chat preview, a mail scanner) shows the incident and one button, and changes nothing.
    const page = await t.http().get(path);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('张利锋同志');
    expect(page.text).toContain('某煤矿瓦斯超限');
    expect(page.text).toMatch(/<form method="post"[^>]*><button type="submit"[^>]*>确认收到<\/button>/);
    expect((await t.http().head(path)).status).toBe(200);
    expect((await notificationsOf(t.dataSource, incident.id)).find((n) => n.id === zhang.id)!.status).toBe('SENT');

    const confirmed = await t.http().post(path);
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('已确认收到');
    const acked = (await notificationsOf(t.dataSource, incident.id)).find((n) => n.id === zhang.id)!;
    expect(acked).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedVia: 'LINK', acknowledgedBy: null });
    // It is the commander of the activated post: the escalation stops.
    expect(
      await t.dataSource.query(`SELECT status FROM notification_escalation WHERE incident_id = '${incident.id}'`),
    ).toEqual([{ status: 'CANCELLED' }]);
    // The only notification it acknowledges is its own.
    expect((await notificationsOf(t.dataSource, incident.id)).filter((n) => n.status === 'ACKNOWLEDGED')).toHaveLength(
      1,
    );

    const again = await t.http().post(path);
    expect(again.status).toBe(200);
    expect(again.text).toContain('此前已确认');
    const unknown = await t.http().get(`/ack/${'x'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('链接无效');
    expect((await t.http().get('/ack/short')).status).toBe(404);

    // The link is audited like a mutation, without its token.
    const { auditLog } = await t.query(
      `{ auditLog(filter: { operation: "acknowledgeByLink" }) { entries { operation arguments result } } }`,
    );
    expect(auditLog.entries.length).toBeGreaterThanOrEqual(2);
    expect(auditLog.entries.map((e: { result: string }) => e.result)).toEqual(
      expect.arrayContaining(['ok', 'UNKNOWN_TOKEN']),
    );
    expect(JSON.stringify(auditLog.entries)).not.toContain(token);
  });
});
