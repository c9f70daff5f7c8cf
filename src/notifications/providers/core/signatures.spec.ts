import { acsSignature, acsStringToSign, percentEncode, signAcsRequest } from './acs-signature';
import { tc3Authorization, tc3StringToSign } from './tc3-signature';

describe('Alibaba Cloud RPC signature v1 (HMAC-SHA1)', () => {
  // The worked example of the SMS documentation (SendSms, GET).
  const smsDocExample = {
    AccessKeyId: 'testId',
    Action: 'SendSms',
    Format: 'XML',
    OutId: '123',
    PhoneNumbers: '15300000001',
    RegionId: 'cn-hangzhou',
    SignName: '阿里云短信测试专用',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
    SignatureVersion: '1.0',
    TemplateCode: 'SMS_71390007',
    TemplateParam: '{"customer":"test"}',
    Timestamp: '2017-07-12T02:42:19Z',
    Version: '2017-05-25',
  };

  it('reproduces the documented SendSms example', () => {
    expect(acsStringToSign('GET', smsDocExample)).toBe(
      'GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou' +
        '%26SignName%3D%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8' +
        '%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007' +
        '%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25',
    );
    expect(acsSignature('GET', smsDocExample, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
    expect(acsSignature('GET', { ...smsDocExample, Signature: 'ignored' }, 'testSecret')).toBe(
      'zJDF+Lrzhj/ThnlvIToysFRq6t4=',
    );
  });

  it('reproduces the documented DescribeRegions example of the RPC signature page', () => {
    const params = {
      Format: 'XML',
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Version: '2014-05-26',
      Timestamp: '2016-02-23T12:46:24Z',
    };
    expect(acsSignature('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('encodes as RFC 3986 wants: space %20, * %2A, ~ kept', () => {
    expect(percentEncode('a b*~+/')).toBe('a%20b%2A~%2B%2F');
  });

  it('adds the common parameters and a signature that changes with any parameter', () => {
    const at = new Date('2024-06-01T00:00:00.123Z');
    const signed = signAcsRequest(
      'POST',
      'SendSms',
      '2017-05-25',
      { PhoneNumbers: '13800000000' },
      { accessKeyId: 'id', accessKeySecret: 's' },
      at,
      'n',
    );
    expect(signed).toMatchObject({
      Action: 'SendSms',
      Format: 'JSON',
      Timestamp: '2024-06-01T00:00:00Z',
      SignatureNonce: 'n',
      Version: '2017-05-25',
    });
    const other = signAcsRequest(
      'POST',
      'SendSms',
      '2017-05-25',
      { PhoneNumbers: '13800000001' },
      { accessKeyId: 'id', accessKeySecret: 's' },
      at,
      'n',
    );
    expect(other.Signature).not.toBe(signed.Signature);
  });
});

describe('Tencent Cloud TC3-HMAC-SHA256', () => {
  // The worked example of the "签名方法 v3" page (CVM DescribeInstances).
  const input = {
    headers: { 'Content-Type': 'application/json; charset=utf-8', Host: 'cvm.tencentcloudapi.com' },
    body: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    service: 'cvm',
    timestamp: 1551113065,
  };

  it('reproduces the documented string to sign and Authorization', () => {
    expect(tc3StringToSign(input)).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(tc3Authorization('AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', input)).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, ' +
        'Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('signs every header given (x-tc-action) and the UTC date of the timestamp', () => {
    const auth = tc3Authorization('id', 'key', {
      ...input,
      headers: { ...input.headers, 'X-TC-Action': 'SendSms' },
      timestamp: 1551139200 - 1,
    });
    expect(auth).toContain('/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, ');
  });
});
