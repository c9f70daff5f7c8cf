import type { AppConfig } from '../src/config/app.config';
import { FakeSmtpServer } from './support/smtp-server';
import { outgoingMessage } from '../src/notifications/channels/channel.fixture';
import { ChannelError, OutgoingMessage } from '../src/notifications/channels/channel.types';
import { EmailChannel } from '../src/notifications/channels/email.channel';

const message = outgoingMessage({
  sendSeq: 1,
  dedupKey: 'n1.1',
  kind: 'REMINDER',
  level: 1,
  contact: { id: 'c1', kind: 'EMAIL', value: 'zhang@example.gov.cn' },
  subject: '【催办·第1次】某煤矿井下瓦斯爆炸',
  text: '请立即点击确认：http://localhost:3000/ack/t',
});

describe('EmailChannel (SMTP through nodemailer)', () => {
  let smtp: FakeSmtpServer;
  let channel: EmailChannel;
  beforeAll(async () => {
    smtp = await new FakeSmtpServer().start();
    smtp.rcpt = (address, nth) =>
      address.startsWith('unknown')
        ? '550 5.1.1 user unknown'
        : address.startsWith('busy') && nth === 1
          ? '450 4.2.1 mailbox busy'
          : '250 2.1.5 OK';
    channel = new EmailChannel({
      env: { SMTP_URL: smtp.url, OUTBOUND_ALLOW: ['127.0.0.1'] },
      notifications: { email: { from: '晋城市应急救援总指挥部办公室 <yingji@jcs.example.gov.cn>', timeoutMs: 2000 } },
    } as unknown as AppConfig);
  });
  afterAll(async () => {
    await smtp.stop();
  });

  const to = (value: string): OutgoingMessage => ({ ...message, contact: { ...message.contact!, value } });

  it('sends the message; accepted by the server is SENT, with a Message-ID derived from the dedup key', async () => {
    const result = await channel.send(message);
    expect(result.status).toBe('SENT');
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual(['zhang@example.gov.cn']);
    expect(mail.data).toContain('Message-ID: <n1.1@notify.emergency-command>');
    expect(mail.data).toContain('X-Notification-ID: n1');
    expect(mail.data).toMatch(/Subject: =\?UTF-8\?/);
  });

  it('retries a 4xx answer and gives up on a 5xx one', async () => {
    const busy = await channel.send(to('busy@example.gov.cn')).catch((e: ChannelError) => e);
    expect((busy as ChannelError).retryable).toBe(true);
    expect((busy as ChannelError).message).toContain('SMTP 450');
    expect((busy as ChannelError).code).toBe('SMTP_TEMPORARY');
    expect((await channel.send(to('busy@example.gov.cn'))).status).toBe('SENT');
    const unknown = await channel.send(to('unknown@example.gov.cn')).catch((e: ChannelError) => e);
    expect(unknown).toBeInstanceOf(ChannelError);
    expect((unknown as ChannelError).retryable).toBe(false);
    expect((unknown as ChannelError).message).toContain('SMTP 550');
    expect((unknown as ChannelError).code).toBe('SMTP_RECIPIENT_REJECTED');
  });

  it('fails permanently without SMTP_URL or without an address, and retries a refused connection', async () => {
    const unset = new EmailChannel({
      env: {},
      notifications: { email: { from: 'x <x@example.gov.cn>', timeoutMs: 500 } },
    } as unknown as AppConfig);
    expect(await unset.send(message).catch((e: ChannelError) => [e.code, e.retryable, e.message])).toEqual([
      'NOT_CONFIGURED',
      false,
      'email: SMTP_URL is not set',
    ]);
    expect(await channel.send(to('not-an-address')).catch((e: ChannelError) => [e.code, e.retryable])).toEqual([
      'NO_ADDRESS',
      false,
    ]);
    const down = new EmailChannel({
      env: { SMTP_URL: 'smtp://127.0.0.1:9', OUTBOUND_ALLOW: ['127.0.0.0/8'] },
      notifications: { email: { from: 'x <x@example.gov.cn>', timeoutMs: 500 } },
    } as unknown as AppConfig);
    expect(await down.send(message).catch((e: ChannelError) => [e.code, e.retryable])).toEqual([
      'CONNECTION_REFUSED',
      true,
    ]);
  });

  it('connects only to an SMTP server the outbound policy allows (loopback is not, unless listed)', async () => {
    const before = smtp.mails.length;
    const unlisted = new EmailChannel({
      env: { SMTP_URL: smtp.url },
      notifications: { email: { from: 'x <x@example.gov.cn>', timeoutMs: 500 } },
    } as unknown as AppConfig);
    const refused = (await unlisted.send(message).catch((e: ChannelError) => e)) as ChannelError;
    expect([refused.code, refused.retryable]).toEqual(['DESTINATION_NOT_ALLOWED', false]);
    expect(smtp.mails.length).toBe(before);
    const byName = new EmailChannel({
      env: { SMTP_URL: `smtp://localhost:${smtp.port}`, OUTBOUND_ALLOW: ['localhost'] },
      notifications: { email: { from: 'x <x@example.gov.cn>', timeoutMs: 2000 } },
    } as unknown as AppConfig);
    expect((await byName.send(message)).status).toBe('SENT');
  });
});
