import { AliyunClient } from '../src/notifications/providers/aliyun.client';
import { ProviderError } from '../src/notifications/providers/provider.types';
import { TencentClient } from '../src/notifications/providers/tencent.client';
import { FAKE_ALIYUN_KEY, FAKE_TENCENT_KEY, FakeAliyun, FakeTencent } from './support/fake-providers';

/** The provider clients against the local fakes, which check signatures as the providers document them. */
describe('cloud provider clients against the fake providers', () => {
  let aliyunFake: FakeAliyun;
  let tencentFake: FakeTencent;
  const aliyun = (secret = FAKE_ALIYUN_KEY.secret, timeoutMs = 2000) =>
    new AliyunClient(
      {
        smsEndpoint: aliyunFake.url,
        voiceEndpoint: aliyunFake.url,
        regionId: 'cn-hangzhou',
        signName: '晋城市应急管理局',
        calledShowNumber: '',
      },
      { accessKeyId: FAKE_ALIYUN_KEY.id, accessKeySecret: secret },
      timeoutMs,
    );
  const tencent = (secret = FAKE_TENCENT_KEY.secret, timeoutMs = 2000) =>
    new TencentClient(
      {
        smsEndpoint: tencentFake.url,
        voiceEndpoint: tencentFake.url,
        region: 'ap-guangzhou',
        smsSdkAppId: '1400000000',
        voiceSdkAppId: '1400000001',
        signName: '晋城市应急管理局',
      },
      { secretId: FAKE_TENCENT_KEY.id, secretKey: secret },
      timeoutMs,
    );
  const sms = {
    phone: '13800138000',
    templateCode: 'SMS_480110001',
    params: [
      ['name', '王斌权'],
      ['code', '4721'],
    ] as Array<[string, string]>,
    outId: 'n1.0',
  };
  const tsms = { ...sms, templateCode: '2410001' };
  const failure = async (run: () => Promise<unknown>): Promise<ProviderError> => {
    try {
      await run();
    } catch (error) {
      if (error instanceof ProviderError) return error;
      throw error;
    }
    throw new Error('did not fail');
  };

  beforeAll(async () => {
    aliyunFake = await new FakeAliyun().start();
    tencentFake = await new FakeTencent().start();
  });
  afterAll(async () => {
    await aliyunFake.stop();
    await tencentFake.stop();
  });
  beforeEach(() => {
    aliyunFake.reset();
    tencentFake.reset();
  });

  it('Alibaba Cloud SendSms: signed request accepted, template params as a JSON object, BizId back', async () => {
    const accepted = await aliyun().sendSms(sms);
    expect(accepted.provider).toBe('aliyun');
    expect(aliyunFake.messages).toEqual([
      expect.objectContaining({
        action: 'SendSms',
        phones: ['13800138000'],
        signName: '晋城市应急管理局',
        templateCode: 'SMS_480110001',
        params: { name: '王斌权', code: '4721' },
        outId: 'n1.0',
        messageId: accepted.messageId,
      }),
    ]);
  });

  it('Alibaba Cloud SendBatchSms and SingleCallByTts', async () => {
    await aliyun().sendBatchSms(['13800138000', '13900139000'], 'SMS_480110001', [[['name', '甲']], [['name', '乙']]]);
    const call = await aliyun().callTts({ ...sms, templateCode: 'TTS_480110011', playTimes: 2 });
    expect(aliyunFake.messages.map((m) => [m.action, m.phones])).toEqual([
      ['SendBatchSms', ['13800138000', '13900139000']],
      ['SingleCallByTts', ['13800138000']],
    ]);
    expect(call.messageId).toBe(aliyunFake.messages[1].messageId);
  });

  it('a wrong AccessKey secret is refused by the signature check (REFUSED, failover)', async () => {
    const error = await failure(() => aliyun('wrong-secret-0123456789').sendSms(sms));
    expect(error).toMatchObject({
      provider: 'aliyun',
      failure: 'REFUSED',
      code: 'SignatureDoesNotMatch',
      failover: true,
    });
    expect(aliyunFake.messages).toHaveLength(0);
  });

  it('Alibaba Cloud throttling and an invalid number, classified; the number never in the error', async () => {
    aliyunFake.failNext('isv.BUSINESS_LIMIT_CONTROL', '触发号码天级流控Permits:10');
    expect(await failure(() => aliyun().sendSms(sms))).toMatchObject({
      failure: 'THROTTLED',
      code: 'isv.BUSINESS_LIMIT_CONTROL',
    });
    const invalid = await failure(() => aliyun().sendSms({ ...sms, phone: '1380013800' }));
    expect(invalid).toMatchObject({ failure: 'INVALID_NUMBER', failover: false });
    expect(invalid.message).not.toContain('1380013800');
  });

  it('a provider that does not answer in time is a TIMEOUT', async () => {
    aliyunFake.delayNext(800);
    expect(await failure(() => aliyun(FAKE_ALIYUN_KEY.secret, 300).sendSms(sms))).toMatchObject({
      failure: 'TIMEOUT',
      failover: true,
    });
  });

  it('Tencent Cloud SendSms: TC3 signature accepted, values in order, +86 number, SerialNo back', async () => {
    const accepted = await tencent().sendSms(tsms);
    expect(tencentFake.messages).toEqual([
      expect.objectContaining({
        action: 'SendSms',
        phones: ['13800138000'],
        templateCode: '2410001',
        params: ['王斌权', '4721'],
        outId: 'n1.0',
        messageId: accepted.messageId,
      }),
    ]);
  });

  it('Tencent Cloud: a wrong SecretKey fails the signature; LimitExceeded is throttling', async () => {
    expect(await failure(() => tencent('wrong-secret-0123456789').sendSms(tsms))).toMatchObject({
      failure: 'REFUSED',
      code: 'AuthFailure.SignatureFailure',
    });
    tencentFake.failNext('LimitExceeded.PhoneNumberThirtySecondLimit', '单个手机号30秒内下发短信条数超过设定的上限');
    expect(await failure(() => tencent().sendSms(tsms))).toMatchObject({
      failure: 'THROTTLED',
      code: 'LimitExceeded.PhoneNumberThirtySecondLimit',
    });
    tencentFake.failNext('FailedOperation.PhoneNumberInBlacklist', 'phone number in blacklist');
    expect(await failure(() => tencent().sendSms(tsms))).toMatchObject({ failure: 'INVALID_NUMBER' });
    expect(tencentFake.messages).toHaveLength(0);
  });

  it('Tencent Cloud SendTtsVoice to a landline', async () => {
    const accepted = await tencent().callTts({
      phone: '03562021234',
      templateCode: '2410011',
      params: [['name', '王斌权']],
      outId: 'n1.1',
      playTimes: 2,
    });
    expect(tencentFake.messages).toEqual([
      expect.objectContaining({
        action: 'SendTtsVoice',
        phones: ['03562021234'],
        params: ['王斌权'],
        messageId: accepted.messageId,
      }),
    ]);
  });
});
