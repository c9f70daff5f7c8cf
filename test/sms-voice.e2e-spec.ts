import { newId } from '../src/database/columns.helper';
import { ContactMethodEntity } from '../src/contacts/entities/contact-method.entity';
import { ChannelError, OutgoingMessage } from '../src/notifications/channels/channel.types';
import { SmsChannel } from '../src/notifications/channels/sms.channel';
import { IncidentEventEntity } from '../src/incidents/entities/incident-event.entity';
import { IncidentEventKind } from '../src/incidents/models/incident-status.enum';
import { DeliveryAttemptEntity } from '../src/notifications/entities/delivery-attempt.entity';
import { InboundMessageEntity } from '../src/notifications/entities/inbound-message.entity';
import { NotificationEntity } from '../src/notifications/entities/notification.entity';
import {
  callbacks,
  FAKE_ALIYUN_KEY,
  FAKE_TENCENT_KEY,
  FakeAliyun,
  FakeMessage,
  FakeTencent,
} from './support/fake-providers';
import { attemptsOf, notificationsConfig, notificationsOf, report, waitFor } from './support/notify';
import { createTestApp, TestApp } from './support/test-app';

const TOKEN = 'cb-token-0123456789abcdefghijkl';

/**
 * SMS and voice through the local fake Alibaba Cloud and Tencent Cloud APIs (which check every
 * signature): activation by SMS, delivery reports, reply-to-confirm, voice with key 1, send budgets,
 * failover, and callbacks pushed twice.
 */
describe('SMS and voice through the cloud providers', () => {
  let t: TestApp;
  let aliyun: FakeAliyun;
  let tencent: FakeTencent;
  const phoneOf = new Map<string, string>(); // personId → number
  const push = (provider: string, kind: string, body: unknown, token = TOKEN) =>
    t
      .http()
      .post(`/providers/${provider}/${kind}/${token}`)
      .send(body as object);
  const rows = (incidentId: string) => notificationsOf(t.dataSource, incidentId);
  const messageFor = (fake: FakeAliyun | FakeTencent, personId: string, from = 0): FakeMessage => {
    const found = fake.messages.slice(from).filter((m) => m.phones[0] === phoneOf.get(personId));
    expect(found).toHaveLength(1);
    return found[0];
  };

  beforeAll(async () => {
    aliyun = await new FakeAliyun().start();
    tencent = await new FakeTencent().start();
    const config = notificationsConfig({
      channels: { MOBILE: { channel: 'sms' }, OFFICE_PHONE: { channel: 'voice' } },
      providers: {
        timeoutMs: 1500,
        aliyun: { smsEndpoint: aliyun.url, voiceEndpoint: aliyun.url },
        tencent: { smsEndpoint: tencent.url, voiceEndpoint: tencent.url },
      },
      budgets: {
        sms: {
          aliyun: { identicalSeconds: 30, perHour: 50, perDay: 100 },
          tencent: { identicalSeconds: 30, perHour: 50, perDay: 100 },
        },
        exempt: ['13911119999'],
      },
    });
    t = await createTestApp({
      NOTIFICATIONS_FILE: config,
      ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE_ALIYUN_KEY.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE_ALIYUN_KEY.secret,
      TENCENTCLOUD_SECRET_ID: FAKE_TENCENT_KEY.id,
      TENCENTCLOUD_SECRET_KEY: FAKE_TENCENT_KEY.secret,
      PROVIDER_CALLBACK_TOKEN: TOKEN,
    });
    // Every person of the roster gets a mobile number.
    const persons = (await t.dataSource.query('SELECT id FROM person ORDER BY id')) as Array<{ id: string }>;
    const now = new Date();
    const contacts = persons.map((p, i) => {
      const phone = `1390000${String(1000 + i)}`;
      phoneOf.set(p.id, phone);
      return {
        id: newId(),
        personId: p.id,
        kind: 'MOBILE' as const,
        value: i % 2 ? `+86 ${phone}` : phone,
        priority: 1,
        label: null,
        active: true,
        createdAt: now,
        updatedAt: now,
      };
    });
    await t.dataSource.getRepository(ContactMethodEntity).insert(contacts);
  });
  afterAll(async () => {
    await t?.close();
    await aliyun?.stop();
    await tencent?.stop();
  });

  let first: { id: string; notifications: NotificationEntity[] };

  it('sends a grade-III coal-mine activation as SMS to the eight leaders, signed, with the template parameters', async () => {
    const incident = await report(t, {
      incidentType: 'COAL_MINE_SAFETY',
      severity: 'III',
      title: '某煤矿井下瓦斯爆炸',
      location: '某煤矿',
      county: '沁水县',
    });
    expect(incident.notifications).toHaveLength(8);
    const sent = await waitFor('8 notifications SENT', async () => {
      const found = await rows(incident.id);
      return found.every((n) => n.status === 'SENT') && found;
    });
    first = { id: incident.id, notifications: sent };
    expect(aliyun.rejected).toEqual([]);
    expect(aliyun.messages).toHaveLength(8);
    expect(tencent.messages).toHaveLength(0);
    const codes = new Set<string>();
    for (const n of sent) {
      expect(n.channel).toBe('sms');
      expect(n.replyCode).toMatch(/^[1-9]\d{3}$/);
      codes.add(`${n.personId}:${n.replyCode}`);
      const m = messageFor(aliyun, n.personId);
      expect(m).toMatchObject({
        action: 'SendSms',
        signName: '晋城市应急管理局',
        templateCode: 'SMS_480110001',
        outId: `${n.id}.0`,
      });
      expect(m.params).toEqual({
        name: n.personName,
        grade: 'III级(较大)',
        type: '煤矿生产安全事故',
        title: '某煤矿井下瓦斯爆炸',
        place: '沁水县 某煤矿',
        response: '较大及以上煤矿生产安全事故应急指挥部启动响应',
        code: n.replyCode,
      });
      const attempts = await attemptsOf(t.dataSource, n.id);
      expect(attempts.map((a) => `${a.outcome} ${a.channel} ${a.provider} ${a.providerMessageId}`)).toEqual([
        `SENT sms aliyun ${m.messageId}`,
      ]);
      // What the person read, as approved: it says what to reply.
      expect(attempts[0].message).toBe(
        `${n.personName}同志：接报III级(较大)煤矿生产安全事故"某煤矿井下瓦斯爆炸"（沁水县 某煤矿），较大及以上煤矿生产安全事故应急指挥部启动响应。收到请回复"1 ${n.replyCode}"确认。`,
      );
    }
    expect(codes.size).toBe(8);
  });

  it('moves each to DELIVERED on its delivery report; a report pushed twice changes and sends nothing', async () => {
    const body = first.notifications.flatMap((n) => callbacks.aliyunReport(messageFor(aliyun, n.personId)));
    const res = await push('aliyun', 'report', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 0, msg: '接收成功', outcomes: Array(8).fill('DELIVERED') });
    const delivered = await rows(first.id);
    expect(delivered.map((n) => n.status)).toEqual(Array(8).fill('DELIVERED'));
    for (const n of delivered) {
      const [attempt] = await attemptsOf(t.dataSource, n.id);
      expect(attempt).toMatchObject({ outcome: 'DELIVERED', receipt: 'DELIVERED 用户接收成功' });
    }
    const again = await push('aliyun', 'report', body);
    expect(again.body.outcomes).toEqual(Array(8).fill('DUPLICATE'));
    expect(aliyun.messages).toHaveLength(8);
    expect(tencent.messages).toHaveLength(0);
  });

  it('acknowledges the right notification on a reply "1 <code>"; a wrong code is refused; a reply pushed twice acknowledges once', async () => {
    const [a, b, c] = first.notifications;
    const wrong = await push(
      'aliyun',
      'reply',
      callbacks.aliyunReply(phoneOf.get(b.personId)!, `1 ${a.replyCode === '1000' ? '1001' : a.replyCode}`, 9001),
    );
    expect(wrong.body).toMatchObject({
      code: 0,
      outcomes: [b.replyCode === a.replyCode ? 'ACKNOWLEDGED' : 'WRONG_CODE'],
    });
    const notAnAnswer = await push('aliyun', 'reply', callbacks.aliyunReply(phoneOf.get(b.personId)!, '收到', 9002));
    expect(notAnAnswer.body.outcomes).toEqual(['NOT_A_CONFIRMATION']);
    const stranger = await push('aliyun', 'reply', callbacks.aliyunReply('13700000000', `1 ${a.replyCode}`, 9003));
    expect(stranger.body.outcomes).toEqual(['UNKNOWN_NUMBER']);
    expect((await rows(first.id)).filter((n) => n.status === 'ACKNOWLEDGED')).toEqual([]);

    const reply = callbacks.aliyunReply(phoneOf.get(a.personId)!, `1 ${a.replyCode}`, 9004);
    expect((await push('aliyun', 'reply', reply)).body.outcomes).toEqual(['ACKNOWLEDGED']);
    expect((await push('aliyun', 'reply', reply)).body.outcomes).toEqual(['DUPLICATE']);
    // The same reply through Tencent Cloud's format, "确认<code>", from the +86 form of the number.
    const tencentReply = callbacks.tencentReply(phoneOf.get(c.personId)!, `确认${c.replyCode}`, 1764417600);
    expect((await push('tencent', 'reply', tencentReply)).body).toMatchObject({
      result: 0,
      errmsg: 'OK',
      outcomes: ['ACKNOWLEDGED'],
    });
    expect((await push('tencent', 'reply', tencentReply)).body.outcomes).toEqual(['DUPLICATE']);

    const after = await rows(first.id);
    expect(
      after
        .filter((n) => n.status === 'ACKNOWLEDGED')
        .map((n) => [n.id, n.acknowledgedVia])
        .sort(),
    ).toEqual(
      [
        [a.id, 'SMS'],
        [c.id, 'SMS'],
      ].sort(),
    );
    const events = await t.dataSource
      .getRepository(IncidentEventEntity)
      .find({ where: { incidentId: first.id, kind: IncidentEventKind.ACKNOWLEDGED } });
    expect(events).toHaveLength(2);
    expect(events.map((e) => (JSON.parse(e.data) as { summary: string }).summary).join()).toContain('短信回复确认码');
    const inbound = await t.dataSource.getRepository(InboundMessageEntity).find({ order: { receivedAt: 'ASC' } });
    expect(inbound.map((i) => i.outcome)).toEqual([
      'WRONG_CODE',
      'NOT_A_CONFIRMATION',
      'UNKNOWN_NUMBER',
      'ACKNOWLEDGED',
      'ACKNOWLEDGED',
    ]);
    for (const i of inbound) expect(i.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(aliyun.messages).toHaveLength(8);
  });

  it('refuses callbacks without the token or with a body it cannot read, changing nothing', async () => {
    const body = callbacks.aliyunReply(
      phoneOf.get(first.notifications[1].personId)!,
      `1 ${first.notifications[1].replyCode}`,
      9100,
    );
    expect((await push('aliyun', 'reply', body, 'wrong-token-0123456789abcdef')).status).toBe(404);
    expect((await push('huawei', 'reply', body)).status).toBe(404);
    const bad = await push('aliyun', 'report', [{ success: true }]);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ code: 1, msg: 'SmsReport: field biz_id is missing' });
    expect((await rows(first.id)).filter((n) => n.status === 'ACKNOWLEDGED')).toHaveLength(2);
  });

  it('fails over to Tencent Cloud when Alibaba Cloud answers throttled, recording both tries', async () => {
    aliyun.failNext('isv.BUSINESS_LIMIT_CONTROL', '触发号码天级流控Permits:10', 8);
    const before = aliyun.messages.length;
    const incident = await report(t, { title: '某煤矿透水', location: '某煤矿', county: '阳城县' });
    const sent = await waitFor('8 SENT through tencent', async () => {
      const found = await rows(incident.id);
      return found.every((n) => n.status === 'SENT') && found;
    });
    expect(aliyun.messages.length).toBe(before);
    expect(tencent.rejected).toEqual([]);
    expect(tencent.messages).toHaveLength(8);
    for (const n of sent) {
      const m = messageFor(tencent, n.personId);
      expect(m).toMatchObject({ templateCode: '2410001', signName: '晋城市应急管理局' });
      expect(m.params).toEqual([
        n.personName,
        'III级(较大)',
        '煤矿生产安全事故',
        '某煤矿透水',
        '阳城县 某煤矿',
        '较大及以上煤矿生产安全事故应急指挥部启动响应',
        n.replyCode,
      ]);
      const attempts = await attemptsOf(t.dataSource, n.id);
      expect(attempts.map((a) => `${a.outcome} ${a.provider}`)).toEqual(['RETRYABLE_ERROR aliyun', 'SENT tencent']);
      expect(attempts[0].error).toContain('THROTTLED isv.BUSINESS_LIMIT_CONTROL');
    }
    // Tencent's receipt, by SerialNo; twice.
    const body = sent.flatMap((n) => callbacks.tencentReport(messageFor(tencent, n.personId)));
    expect((await push('tencent', 'report', body)).body.outcomes).toEqual(Array(8).fill('DELIVERED'));
    expect((await push('tencent', 'report', body)).body.outcomes).toEqual(Array(8).fill('DUPLICATE'));
  });

  it('holds back a second identical message to the same number within 30 s, and says so', async () => {
    const person = first.notifications[4];
    const message: OutgoingMessage = {
      notificationId: person.id,
      incidentId: first.id,
      sendSeq: 9,
      dedupKey: `${person.id}.9`,
      kind: 'INITIAL',
      level: 0,
      person: { id: person.personId, name: person.personName },
      contact: { id: 'c', kind: 'MOBILE', value: phoneOf.get(person.personId)! },
      subject: 's',
      text: 't',
      ackUrl: '',
      values: { personName: person.personName, title: '预算测试', grade: 'III级(较大)' },
      replyCode: '4321',
      providerKind: 'activation',
    };
    const sms = t.get(SmsChannel);
    const before = aliyun.messages.length + tencent.messages.length;
    expect((await sms.send(message)).provider).toBe('aliyun');
    const held = await sms.send(message).catch((e: ChannelError) => e);
    expect(held).toBeInstanceOf(ChannelError);
    expect((held as ChannelError).retryable).toBe(true);
    expect((held as ChannelError).message).toMatch(/BUDGET_WAIT/);
    expect((held as ChannelError).tries.map((x) => `${x.outcome} ${x.provider}`)).toEqual(['HELD_BACK aliyun']);
    expect((held as ChannelError).tries[0].error).toMatch(
      /BUDGET_IDENTICAL: 30秒内已向该号码发送相同内容，约\d+秒后可再发/,
    );
    expect(aliyun.messages.length + tencent.messages.length).toBe(before + 1);
    // A different message to the same number goes; an exempt number has no budget.
    expect((await sms.send({ ...message, replyCode: '4322' })).provider).toBe('aliyun');
    const exempt = { ...message, contact: { id: 'c', kind: 'MOBILE' as const, value: '13911119999' } };
    await sms.send(exempt);
    expect((await sms.send(exempt)).detail).toContain('豁免');
    expect(aliyun.messages.length + tencent.messages.length).toBe(before + 4);
  });

  it('calls by voice: key 1 acknowledges; unanswered moves on to the next contact method (SMS)', async () => {
    const [d, e] = [first.notifications[5], first.notifications[6]];
    const now = new Date();
    await t.dataSource.getRepository(ContactMethodEntity).insert(
      [d, e].map((n, i) => ({
        id: newId(),
        personId: n.personId,
        kind: 'OFFICE_PHONE' as const,
        value: `0356-202123${i}`,
        priority: 0,
        label: '办公室',
        active: true,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const tencentBefore = tencent.messages.length;
    const aliyunBefore = aliyun.messages.length;
    const incident = await report(t, { title: '某煤矿顶板事故', location: '某煤矿', county: '泽州县' });
    const sent = await waitFor('8 SENT (2 calls)', async () => {
      const found = await rows(incident.id);
      return found.every((n) => n.status === 'SENT') && found;
    });
    const calls = tencent.messages.slice(tencentBefore).filter((m) => m.action === 'SendTtsVoice');
    expect(calls.map((c) => c.phones[0]).sort()).toEqual(['03562021230', '03562021231']);
    const [callD, callE] = ['03562021230', '03562021231'].map((p) => calls.find((c) => c.phones[0] === p)!);
    const nd = sent.find((n) => n.personId === d.personId)!;
    const ne = sent.find((n) => n.personId === e.personId)!;
    expect(nd.channel).toBe('voice');
    expect(callD).toMatchObject({
      templateCode: '2410011',
      params: [
        nd.personName,
        'III级(较大)',
        '煤矿生产安全事故',
        '某煤矿顶板事故',
        '泽州县 某煤矿',
        '较大及以上煤矿生产安全事故应急指挥部启动响应',
        nd.replyCode,
      ],
    });

    const key = callbacks.tencentVoiceKey(callD, '1');
    expect((await push('tencent', 'voice', key)).body.outcomes).toEqual(['ACKNOWLEDGED']);
    expect((await push('tencent', 'voice', key)).body.outcomes).toEqual(['DUPLICATE']);
    expect((await push('tencent', 'voice', callbacks.tencentVoiceResult(callD, '0'))).body.outcomes).toEqual(['STALE']);
    expect((await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ id: nd.id })).acknowledgedVia).toBe(
      'VOICE',
    );

    expect((await push('tencent', 'voice', callbacks.tencentVoiceResult(callE, '1'))).body.outcomes).toEqual([
      'NEXT_CONTACT',
    ]);
    const moved = await waitFor('E reached by SMS after the unanswered call', async () => {
      const n = await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ id: ne.id });
      return n.status === 'SENT' && n.sendSeq === 1 && n;
    });
    expect(moved.channel).toBe('sms');
    const attempts = await attemptsOf(t.dataSource, ne.id);
    expect(attempts.map((a) => `${a.sendSeq} ${a.outcome} ${a.channel} ${a.provider}`)).toEqual([
      '0 UNDELIVERED voice tencent',
      '1 SENT sms aliyun',
    ]);
    expect(attempts[0].receipt).toBe('1 用户未接听');
    expect(aliyun.messages.slice(aliyunBefore).filter((m) => m.phones[0] === phoneOf.get(e.personId))).toHaveLength(1);
    expect((await push('tencent', 'voice', callbacks.tencentVoiceResult(callE, '1'))).body.outcomes).toEqual([
      'DUPLICATE',
    ]);
  });

  it('never shows a telephone number in attempts, errors or the API', async () => {
    const attempts = await t.dataSource.getRepository(DeliveryAttemptEntity).find();
    const notifications = await t.dataSource.getRepository(NotificationEntity).find();
    const stored = JSON.stringify([attempts, notifications]);
    for (const phone of phoneOf.values()) expect(stored).not.toContain(phone);
    const api = await t.query(
      `query($id: ID!) { incident(id: $id) { notifications { status lastError deliveryAttempts { channel outcome error message } } } }`,
      { id: first.id },
    );
    for (const phone of phoneOf.values()) expect(JSON.stringify(api)).not.toContain(phone.slice(3));
  });
});
