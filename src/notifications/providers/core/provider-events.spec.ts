import { parseAliyun, parseTencent, ProviderEventError } from './provider-events';
import { e164, maskPhone, nationalNumber, redactPhone } from './phone';

describe('Alibaba Cloud pushes (documented bodies)', () => {
  it('reads SmsReport arrays', () => {
    const body = [
      {
        phone_number: '13800138000',
        send_time: '2017-01-01 00:00:00',
        report_time: '2017-01-01 00:00:00',
        success: true,
        err_code: 'DELIVERED',
        err_msg: '用户接收成功',
        sms_size: '1',
        biz_id: '12345^0',
        out_id: 'n1.0',
      },
      {
        phone_number: '13800138001',
        success: false,
        err_code: 'MK:0001',
        err_msg: '空号',
        biz_id: '12346^0',
        out_id: '',
      },
    ];
    expect(parseAliyun('report', body)).toEqual([
      {
        type: 'SMS_REPORT',
        provider: 'aliyun',
        messageId: '12345^0',
        outId: 'n1.0',
        delivered: true,
        code: 'DELIVERED',
        description: '用户接收成功',
      },
      {
        type: 'SMS_REPORT',
        provider: 'aliyun',
        messageId: '12346^0',
        outId: null,
        delivered: false,
        code: 'MK:0001',
        description: '空号',
      },
    ]);
  });

  it('reads SmsUp with the sequence id as its identity', () => {
    const [reply] = parseAliyun('reply', [
      {
        phone_number: '13800138000',
        content: '1 4721',
        send_time: '2017-09-01 00:00:00',
        dest_code: '1234',
        sequence_id: 1234567890,
      },
    ]);
    expect(reply).toEqual({
      type: 'SMS_REPLY',
      provider: 'aliyun',
      phone: '13800138000',
      text: '1 4721',
      dedupKey: 'aliyun:1234567890',
    });
  });

  it('reads VoiceReport: answered codes and the keys pressed', () => {
    const [answered, busy] = parseAliyun('voice', [
      { call_id: '1^2', status_code: '200000', status_msg: '用户听完', dtmf: '1', out_id: 'n1.2' },
      { call_id: '3^4', status_code: '200002', status_msg: '用户忙' },
    ]);
    expect(answered).toMatchObject({ type: 'VOICE_RESULT', callId: '1^2', answered: true, keys: '1', outId: 'n1.2' });
    expect(busy).toMatchObject({ type: 'VOICE_RESULT', callId: '3^4', answered: false, code: '200002' });
  });

  it('names the missing field of a bad body', () => {
    expect(() => parseAliyun('report', [{ success: true }])).toThrow(
      new ProviderEventError('SmsReport: field biz_id is missing'),
    );
    expect(() => parseAliyun('report', 'x')).toThrow(ProviderEventError);
  });
});

describe('Tencent Cloud callbacks (documented bodies)', () => {
  it('reads status callbacks by sid', () => {
    const body = [
      {
        user_receive_time: '2015-10-17 08:03:04',
        nationcode: '86',
        mobile: '13800138000',
        report_status: 'SUCCESS',
        errmsg: 'DELIVRD',
        description: '用户短信送达成功',
        sid: 'sid-1',
      },
    ];
    expect(parseTencent('report', body)).toEqual([
      {
        type: 'SMS_REPORT',
        provider: 'tencent',
        messageId: 'sid-1',
        outId: null,
        delivered: true,
        code: 'DELIVRD',
        description: '用户短信送达成功',
      },
    ]);
  });

  it('reads a reply; the same reply twice has the same identity', () => {
    const body = {
      extend: '',
      mobile: '13800138000',
      nationcode: '86',
      sign: '晋城应急',
      text: '确认4721',
      time: 1457336869,
    };
    const [a] = parseTencent('reply', body);
    const [b] = parseTencent('reply', { ...body });
    expect(a).toMatchObject({ type: 'SMS_REPLY', phone: '13800138000', text: '确认4721' });
    expect(a.type === 'SMS_REPLY' && b.type === 'SMS_REPLY' && a.dedupKey === b.dedupKey).toBe(true);
    const [c] = parseTencent('reply', { ...body, time: 1457336870 });
    expect(c.type === 'SMS_REPLY' && a.type === 'SMS_REPLY' && c.dedupKey !== a.dedupKey).toBe(true);
  });

  it('reads the voice status, key and failure callbacks', () => {
    expect(
      parseTencent('voice', {
        voiceprompt_callback: { result: '1', callid: 'c1', mobile: '13800138000', nationcode: '86' },
      })[0],
    ).toMatchObject({
      type: 'VOICE_RESULT',
      callId: 'c1',
      answered: false,
      description: '用户未接听',
    });
    expect(
      parseTencent('voice', {
        voicekey_callback: { call_from: '', callid: 'c1', keypress: '1', mobile: '13800138000', nationcode: '86' },
      })[0],
    ).toEqual({
      type: 'VOICE_KEY',
      provider: 'tencent',
      callId: 'c1',
      key: '1',
      dedupKey: 'tencent-key:c1:1',
    });
    expect(
      parseTencent('voice', { voice_failure_callback: { callid: 'c2', failure_code: 8, failure_reason: '空号' } })[0],
    ).toMatchObject({ answered: false, code: 'failure_8' });
    expect(() => parseTencent('voice', { other: {} })).toThrow(/voiceprompt_callback/);
  });
});

describe('telephone numbers', () => {
  it('normalises, formats and masks', () => {
    expect(nationalNumber('+86 138-0013-8000')).toBe('13800138000');
    expect(nationalNumber('8613800138000')).toBe('13800138000');
    expect(nationalNumber('１３８００１３８０００')).toBe('13800138000');
    expect(nationalNumber('0356-2021234')).toBe('03562021234');
    expect(nationalNumber('yingji@example.cn')).toBeNull();
    expect(e164('13800138000')).toBe('+8613800138000');
    expect(e164('03562021234')).toBe('+863562021234');
    expect(maskPhone('13800138000')).toBe('138****8000');
  });

  it('removes every written form of the number from a text', () => {
    const text = 'invalid +8613800138000 / 13800138000 / 8613800138000';
    const out = redactPhone(text, '13800138000');
    expect(out).not.toMatch(/0013800|38001380/);
    expect(out).toContain('138****8000');
  });
});
