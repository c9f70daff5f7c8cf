import { Logger } from '@nestjs/common';
import { IncidentEntity } from '../src/incidents/entities/incident.entity';
import { LogChannel } from '../src/notifications/channels/log.channel';
import type { OutgoingMessage } from '../src/notifications/channels/channel.types';
import { notificationsConfig, notificationsOf, report, waitFor } from './support/notify';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 9, "a link preview acknowledges for a commander": GET and HEAD of /ack/<token> never
 * change anything, only the page's POST acknowledges; links of closed incidents acknowledge nothing
 * and expire; unknown tokens are counted, audited without request text, then refused; the log
 * never holds a live token.
 */
describe('acknowledgement links only a person can use', () => {
  let t: TestApp;
  const sent: OutgoingMessage[] = [];
  const logged: string[] = [];
  beforeAll(async () => {
    const send = LogChannel.prototype.send;
    jest.spyOn(LogChannel.prototype, 'send').mockImplementation(function (this: LogChannel, message: OutgoingMessage) {
      sent.push(message);
      return send.call(this, message);
    });
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose'] as const) {
      jest
        .spyOn(Logger.prototype, level)
        .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
    t = await createTestApp({
      ACK_UNKNOWN_PER_IP: '5',
      LOG_LEVEL: 'log',
      NOTIFICATIONS_FILE: notificationsConfig({ escalation: { minutes: { I: 60, II: 60, III: 60, IV: 60 } } }),
    });
  });
  afterAll(async () => {
    await t.close();
    jest.restoreAllMocks();
  });

  async function linkOf(incidentId: string, personName: string): Promise<{ path: string; token: string; id: string }> {
    const n = await waitFor('the message', async () =>
      (await notificationsOf(t.dataSource, incidentId)).find(
        (row) => row.personName === personName && row.status === 'DELIVERED',
      ),
    );
    const message = sent.find((m) => m.notificationId === n.id)!;
    const path = new URL(message.ackUrl).pathname;
    return { path, token: path.split('/').pop()!, id: n.id };
  }
  const status = async (incidentId: string, id: string) =>
    (await notificationsOf(t.dataSource, incidentId)).find((n) => n.id === id)!.status;
  const events = async (incidentId: string) =>
    (
      await t.query(`query($id: ID!) { incident(id: $id) { events { kind } } }`, { id: incidentId })
    ).incident.events.map((e: { kind: string }) => e.kind);

  it('shows the incident and one button on GET; GET and HEAD change nothing; the POST acknowledges once', async () => {
    const incident = await report(t, { title: '某煤矿透水事故' });
    const link = await linkOf(incident.id, '张利锋');
    for (let i = 0; i < 3; i++) {
      const page = await t.http().get(link.path);
      expect(page.status).toBe(200);
      expect(page.text).toContain('某煤矿透水事故');
      expect(page.text).toContain('Ⅲ级（较大）');
      expect(page.text.match(/<button/g)).toHaveLength(1);
      expect(page.headers['cache-control']).toBe('no-store');
      expect((await t.http().head(link.path)).status).toBe(200);
    }
    expect(await status(incident.id, link.id)).toBe('DELIVERED');
    expect(await events(incident.id)).not.toContain('ACKNOWLEDGED');

    expect((await t.http().post(link.path)).text).toContain('已确认收到');
    expect(await status(incident.id, link.id)).toBe('ACKNOWLEDGED');
    expect((await t.http().post(link.path)).text).toContain('此前已确认');
    expect((await events(incident.id)).filter((k: string) => k === 'ACKNOWLEDGED')).toHaveLength(1);
  });

  it('acknowledges nothing for a closed incident, says so, and expires the link days after close', async () => {
    const incident = await report(t, { title: '某煤矿顶板事故' });
    const link = await linkOf(incident.id, '张利锋');
    await t.query(`mutation($id: ID!) { closeIncident(id: $id, reason: "处置完毕") { id } }`, { id: incident.id });
    const before = await events(incident.id);
    const page = await t.http().post(link.path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('事件已结束');
    expect(page.text).not.toContain('<button');
    expect(await status(incident.id, link.id)).toBe('DELIVERED');
    expect(await events(incident.id)).toEqual(before);
    const api = await t.gql(`mutation($id: ID!) { acknowledgeNotification(id: $id) { id } }`, { id: link.id });
    expect(api.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(api.errors?.[0].extensions?.messageZh).toContain('事件已于');
    // A duty officer entering a phone call is told too, not answered as if it were recorded.
    const phone = await t.gql(
      `mutation($id: ID!) { acknowledgeNotification(id: $id, via: PHONE, note: "来电") { id status } }`,
      { id: link.id },
    );
    expect(phone.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await status(incident.id, link.id)).toBe('DELIVERED');
    expect(await events(incident.id)).toEqual(before);

    // ACK_LINK_DAYS_AFTER_CLOSE (3) days later the link has expired.
    await t.dataSource
      .getRepository(IncidentEntity)
      .update({ id: incident.id }, { closedAt: new Date(Date.now() - 4 * 86_400_000) });
    const expired = await t.http().get(link.path);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('链接已过期');
  });

  it('counts unknown tokens per address, audits them without the token or request text, then answers 429', async () => {
    const audits = async () =>
      (
        await t.query(
          `{ auditLog(filter: { operation: "acknowledgeByLink", result: "UNKNOWN_TOKEN" }, limit: 500) { total entries { arguments } } }`,
        )
      ).auditLog;
    const before = (await audits()).total;
    const junk = 'q'.repeat(15_000);
    const statuses: number[] = [];
    const tokens: string[] = [];
    let last: { headers: Record<string, string> } | undefined;
    for (let i = 0; i < 12; i++) {
      const token = `unknownToken${i}${'A'.repeat(30)}`;
      tokens.push(token);
      const res = await t.http().get(`/ack/${token}?junk=${junk}`);
      statuses.push(res.status);
      last = res;
    }
    expect(statuses).toEqual([...Array(5).fill(404), ...Array(7).fill(429)]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    const after = await audits();
    expect(after.total - before).toBe(5);
    const stored = JSON.stringify(after.entries);
    expect(stored).not.toContain('qqqq');
    for (const token of tokens) expect(stored).not.toContain(token);
  });

  it('never writes a live token to the log', async () => {
    expect(sent.length).toBeGreaterThan(0);
    const all = logged.join('\n');
    expect(all).toContain('某煤矿透水事故');
    for (const message of sent) expect(all).not.toContain(message.ackUrl.split('/').pop()!);
  });
});
