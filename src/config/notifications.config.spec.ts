import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readNotificationsConfig, unknownPlaceholders } from './notifications.config';

const FILE = resolve(__dirname, '..', '..', 'config', 'notifications.yaml');

function variant(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'notifications-config-'));
  const path = join(dir, 'notifications.yaml');
  writeFileSync(path, edit(readFileSync(FILE, 'utf8')));
  return path;
}

describe('config/notifications.yaml', () => {
  it('routes every contact kind, escalates after 5/10/15/30 minutes and has the three templates', () => {
    const config = readNotificationsConfig(FILE);
    expect(Object.keys(config.channels).sort()).toEqual(['EMAIL', 'MOBILE', 'OFFICE_PHONE', 'WEBHOOK']);
    expect(config.channels.WEBHOOK).toEqual({ channel: 'webhook' });
    expect(config.fallbackChannel).toBe('log');
    expect(config.escalation.minutes).toEqual({ I: 5, II: 10, III: 15, IV: 30 });
    expect(config.escalation.nextLevel).toEqual([
      { body: 'HQ', role: 'EXECUTIVE_DEPUTY_COMMANDER' },
      { body: 'HQ', role: 'OFFICE_DIRECTOR' },
    ]);
    expect(Object.keys(config.templates)).toEqual(['initial', 'reminder', 'escalation', 'reportAlert', 'dutyAlert']);
    expect(config.templates.initial.text).toContain('{ackUrl}');
  });

  it('names the line of an unknown placeholder', () => {
    const path = variant((text) => text.replace('收到后请点击确认：{ackUrl}', '收到后请点击确认：{ackLink}'));
    expect(() => readNotificationsConfig(path)).toThrow(
      /notifications\.yaml:\d+ templates\.initial\.text: unknown placeholder \{ackLink\}/,
    );
  });

  it('names a bad channel and a bad grade with their lines', () => {
    expect(() => readNotificationsConfig(variant((text) => text.replace('MOBILE: { channel: log }', 'MOBILE: { channel: fax }')))).toThrow(
      /notifications\.yaml:\d+ channels\.MOBILE\.channel: unknown channel "fax"; expected one of log, webhook, email, sms, voice/,
    );
    expect(() =>
      readNotificationsConfig(variant((text) => text.replace('minutes: { I: 5,', 'minutes: { I: -5,'))),
    ).toThrow(/escalation\.minutes\.I/);
  });

  it('checks the provider templates and sections', () => {
    const config = readNotificationsConfig(variant((text) => text));
    expect(config.sms?.providers).toEqual(['aliyun', 'tencent']);
    expect(config.providerTemplates?.activation.sms).toEqual({ aliyun: 'SMS_480110001', tencent: '2410001' });
    expect(() => readNotificationsConfig(variant((text) => text.replace('place: location,', 'place: locale,')))).toThrow(
      /providerTemplates\.activation\.variables\.place: unknown value "locale"/,
    );
    expect(() => readNotificationsConfig(variant((text) => text.replace('response: postResponse, code: replyCode }', 'code: replyCode }')))).toThrow(
      /providerTemplates\.activation: the text uses \$\{response\} but variables does not define it/,
    );
    expect(() => readNotificationsConfig(variant((text) => text.replace('sms: { aliyun: SMS_480110003, tencent: "2410003" }', 'sms: { aliyun: SMS_480110003 }')))).toThrow(
      /providerTemplates\.reminder: no sms template code for provider tencent/,
    );
    expect(() => readNotificationsConfig(variant((text) => text.replace('providers: [aliyun, tencent]', 'providers: [aliyun, aliyun]')))).toThrow(/lists a provider twice/);
    expect(() => readNotificationsConfig(variant((text) => text.replace('providers: [aliyun, tencent]', 'providers: [aliyun, huawei]')))).toThrow(/unknown provider "huawei"/);
  });

  it('finds unknown placeholders only', () => {
    expect(unknownPlaceholders('{title} {grade} {nope} {ackUrl} {x}')).toEqual(['nope', 'x']);
  });
});
