import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DELIVERY_ERROR_CODES,
  describeDeliveryError,
  httpErrorCode,
  legacyErrorCode,
  networkErrorCode,
  scrubDetail,
  smtpErrorCode,
} from './delivery-error';

describe('delivery error codes', () => {
  it('names HTTP answers, connections and SMTP replies', () => {
    expect([302, 400, 404, 418, 429, 500, 503].map(httpErrorCode)).toEqual([
      'HTTP_3XX',
      'HTTP_400',
      'HTTP_404',
      'HTTP_4XX',
      'HTTP_429',
      'HTTP_5XX',
      'HTTP_5XX',
    ]);
    expect(networkErrorCode('ECONNREFUSED')).toBe('CONNECTION_REFUSED');
    expect(networkErrorCode('ENOTFOUND')).toBe('DNS_FAILED');
    expect(networkErrorCode(undefined, 'TimeoutError')).toBe('TIMEOUT');
    expect(networkErrorCode('EDESTINATION')).toBe('DESTINATION_NOT_ALLOWED');
    expect(networkErrorCode('ECONNRESET')).toBe('CONNECTION_FAILED');
    expect(smtpErrorCode({ responseCode: 550, command: 'RCPT TO' })).toBe('SMTP_RECIPIENT_REJECTED');
    expect(smtpErrorCode({ responseCode: 554, command: 'DATA' })).toBe('SMTP_REJECTED');
    expect(smtpErrorCode({ responseCode: 451 })).toBe('SMTP_TEMPORARY');
    expect(smtpErrorCode({ code: 'EAUTH', responseCode: 535 })).toBe('SMTP_AUTH_FAILED');
    expect(smtpErrorCode({ code: 'ESOCKET', message: 'connect ECONNREFUSED 10.0.0.1:25' })).toBe('CONNECTION_REFUSED');
  });

  it('lists every code in the README table', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Delivery error codes'), readme.indexOf('## Data, not code'));
    for (const code of DELIVERY_ERROR_CODES)
      expect({ code, listed: section.includes(`| \`${code}\``) }).toEqual({ code, listed: true });
  });

  it('describes every code in Chinese and English', () => {
    for (const code of DELIVERY_ERROR_CODES)
      expect(describeDeliveryError(code)).toMatch(new RegExp(`^${code} \\S+.* \\(.+\\)$`));
  });

  it('scrubs contact values, URLs, addresses, hosts, IPs and numbers from a detail', () => {
    const detail = scrubDetail(
      'webhook https://gw.example.gov.cn/send?token=abc: 550 5.1.1 <zhang@example.gov.cn> unknown; ' +
        'sent to +86 138-0013-8000 via 10.2.3.4:8080 and [fe80::1]; host mail.jcs.gov.cn said no; retried 4 times',
      'zhang-contact',
    );
    for (const secret of ['gw.example', 'token=abc', 'zhang@', '138', '10.2.3.4', 'fe80', 'mail.jcs'])
      expect(detail).not.toContain(secret);
    expect(detail).toContain('550 5.1.1');
    expect(detail).toContain('retried 4 times');
    expect(scrubDetail('the value secret-value-1 echoed', 'secret-value-1')).toBe('the value [contact] echoed');
    expect(scrubDetail('x'.repeat(400))).toHaveLength(300);
  });

  it('reads the code of an error stored before codes existed', () => {
    expect(legacyErrorCode('webhook gw.example.gov.cn: HTTP 404 not found')).toBe('HTTP_404');
    expect(legacyErrorCode('webhook 127.0.0.1:9: ECONNREFUSED')).toBe('CONNECTION_REFUSED');
    expect(legacyErrorCode('webhook h: no answer within 300 ms (已重试4次)')).toBe('TIMEOUT');
    expect(legacyErrorCode('email: SMTP 550 5.1.1 <a@b.cn>: unknown')).toBe('SMTP_RECIPIENT_REJECTED');
    expect(legacyErrorCode('短信未送达(aliyun: UNDELIV 空号)')).toBe('UNDELIVERED');
    expect(legacyErrorCode('something else')).toBe('INTERNAL');
  });
});
