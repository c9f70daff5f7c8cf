import {
  attemptsOf,
  giveContacts,
  notificationsConfig,
  notificationsOf,
  personIds,
  report,
  waitFor,
} from './support/notify';
import { FakeSmtpServer } from './support/smtp-server';
import { createTestApp, TestApp } from './support/test-app';

/** The email channel against a local SMTP server; the address never appears in errors. */
describe('email channel', () => {
  let smtp: FakeSmtpServer;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await new FakeSmtpServer().start();
    smtp.rcpt = (address) =>
      address.startsWith('gone') ? `550 5.1.1 <${address}>: Recipient address rejected` : '250 2.1.5 OK';
    t = await createTestApp({ SMTP_URL: smtp.url, NOTIFICATIONS_FILE: notificationsConfig() });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('mails the message; a rejected address is a permanent failure, kept out of the error, and the next address is used', async () => {
    const { 张利锋: zhang } = await personIds(t, ['张利锋']);
    await giveContacts(t, zhang, [
      { kind: 'EMAIL', value: 'gone.zhanglifeng@example.gov.cn' },
      { kind: 'EMAIL', value: 'zhanglifeng@example.gov.cn' },
    ]);
    const incident = await report(t, { title: '某煤矿井下透水' });
    const row = await waitFor('sent', async () => {
      const found = (await notificationsOf(t.dataSource, incident.id)).find((n) => n.personId === zhang)!;
      return found.status === 'SENT' && found;
    });
    const attempts = await attemptsOf(t.dataSource, row.id);
    expect(attempts.map((a) => `${a.channel} ${a.outcome}`)).toEqual(['email PERMANENT_ERROR', 'email SENT']);
    expect(attempts[0].errorCode).toBe('SMTP_RECIPIENT_REJECTED');
    expect(attempts[0].error).toBe('email: SMTP 550 (RCPT TO) 550 5.1.1 <***>: Recipient address rejected');
    expect(row.lastError).not.toContain('gone.zhanglifeng');
    const mail = smtp.mails.find((m) => m.to.includes('zhanglifeng@example.gov.cn'))!;
    expect(mail.data.replace(/\r?\n\s+/g, ' ')).toContain(`Message-ID: <${row.id}.1@notify.emergency-command>`);
  });
});
