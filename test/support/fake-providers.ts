/**
 * Local fake Alibaba Cloud and Tencent Cloud SMS/voice APIs for tests. Each checks the request as the
 * provider documents it, with its OWN implementation of the signature (not the service's signer):
 *   Alibaba Cloud  form POST, RPC signature v1: Base64(HMAC-SHA1(secret + "&", "POST&%2F&" + enc(sorted query)))
 *                  → 400 SignatureDoesNotMatch / InvalidAccessKeyId.NotFound / SignatureNonceUsed
 *   Tencent Cloud  JSON POST, TC3-HMAC-SHA256 in Authorization → AuthFailure.SignatureFailure / AuthFailure.SecretIdNotFound
 * and answers as documented: SendSms/SendBatchSms/SingleCallByTts {Code:"OK", BizId|CallId},
 * SendSms {Response:{SendStatusSet:[{SerialNo, Code:"Ok"}]}}, SendTtsVoice {Response:{SendStatus:{CallId}}}.
 * Scripted failures (throttle, refuse, delay) make failover testable; every accepted message is kept.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_ALIYUN_KEY = { id: 'LTAI5tFakeAccessKey01', secret: 'fake-aliyun-secret-0123456789' };
export const FAKE_TENCENT_KEY = { id: 'AKIDfakeSecretId0123456789', secret: 'fake-tencent-secret-0123456789' };

export interface FakeMessage {
  provider: 'aliyun' | 'tencent';
  action: string;
  /** National numbers (as sent, Tencent's +86 removed). */
  phones: string[];
  signName: string;
  templateCode: string;
  /** Alibaba: the TemplateParam object; Tencent: the values in order. */
  params: Record<string, string> | string[];
  outId: string;
  messageId: string;
}

type Script = { kind: 'answer'; code: string; message: string } | { kind: 'delay'; ms: number };

abstract class FakeProvider {
  readonly messages: FakeMessage[] = [];
  readonly rejected: Array<{ code: string; message: string }> = [];
  private readonly scripts: Script[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => void this.handle(req, body, res).catch((e: Error) => res.writeHead(500).end(e.message)));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The next request(s) get this provider error code instead of being accepted. */
  failNext(code: string, message = 'scripted failure', times = 1): void {
    for (let i = 0; i < times; i++) this.scripts.push({ kind: 'answer', code, message });
  }

  /** The next request answers only after ms (longer than the client's timeout: a timeout). */
  delayNext(ms: number): void {
    this.scripts.push({ kind: 'delay', ms });
  }

  reset(): void {
    this.messages.length = 0;
    this.rejected.length = 0;
    this.scripts.length = 0;
  }

  protected takeScript(): Script | undefined {
    return this.scripts.shift();
  }

  protected abstract handle(req: IncomingMessage, body: string, res: ServerResponse): Promise<void>;

  protected json(res: ServerResponse, status: number, value: unknown): void {
    if (!res.destroyed)
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(value));
  }
}

const requestId = () => randomBytes(8).toString('hex').toUpperCase();

/** Alibaba Cloud dysmsapi + dyvmsapi (one server: the Action says which). */
export class FakeAliyun extends FakeProvider {
  private readonly nonces = new Set<string>();
  signName = '晋城市应急管理局';

  static encode(value: string): string {
    return encodeURIComponent(value)
      .replace(/\+/g, '%20')
      .replace(/\*/g, '%2A')
      .replace(/%7E/g, '~')
      .replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }

  static sign(params: Record<string, string>, secret: string): string {
    const query = Object.keys(params)
      .filter((k) => k !== 'Signature')
      .sort()
      .map((k) => `${FakeAliyun.encode(k)}=${FakeAliyun.encode(params[k])}`)
      .join('&');
    return createHmac('sha1', `${secret}&`)
      .update(`POST&${FakeAliyun.encode('/')}&${FakeAliyun.encode(query)}`)
      .digest('base64');
  }

  protected async handle(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    const p = Object.fromEntries(new URLSearchParams(body));
    const refuse = (status: number, code: string, message: string) => {
      this.rejected.push({ code, message });
      this.json(res, status, { RequestId: requestId(), Code: code, Message: message });
    };
    if (req.method !== 'POST' || !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return refuse(400, 'InvalidParameter', 'form POST expected');
    for (const name of [
      'AccessKeyId',
      'Action',
      'Format',
      'SignatureMethod',
      'SignatureNonce',
      'SignatureVersion',
      'Timestamp',
      'Version',
      'Signature',
    ]) {
      if (!p[name]) return refuse(400, 'MissingParameter', `${name} is mandatory for this action.`);
    }
    if (p.SignatureMethod !== 'HMAC-SHA1' || p.SignatureVersion !== '1.0')
      return refuse(400, 'InvalidParameter', 'SignatureMethod/SignatureVersion');
    if (p.AccessKeyId !== FAKE_ALIYUN_KEY.id)
      return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(p.Timestamp) ||
      Math.abs(Date.parse(p.Timestamp) - Date.now()) > 15 * 60_000
    ) {
      return refuse(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    if (FakeAliyun.sign(p, FAKE_ALIYUN_KEY.secret) !== p.Signature)
      return refuse(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    if (this.nonces.has(p.SignatureNonce))
      return refuse(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    this.nonces.add(p.SignatureNonce);
    if (p.Version !== '2017-05-25') return refuse(400, 'InvalidVersion', 'Specified parameter Version is not valid.');

    const script = this.takeScript();
    if (script?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, script.ms));
    if (script?.kind === 'answer')
      return this.json(res, 200, { RequestId: requestId(), Code: script.code, Message: script.message });

    const id = `${Date.now()}${Math.floor(Math.random() * 1e6)}^0`;
    if (p.Action === 'SendSms' || p.Action === 'SendBatchSms') {
      const batch = p.Action === 'SendBatchSms';
      const phones = batch ? (JSON.parse(p.PhoneNumberJson) as string[]) : p.PhoneNumbers.split(',');
      if (phones.some((n) => !/^1\d{10}$/.test(n)))
        return this.json(res, 200, {
          RequestId: requestId(),
          Code: 'isv.MOBILE_NUMBER_ILLEGAL',
          Message: `非法手机号${phones.join(',')}`,
        });
      const signName = batch ? (JSON.parse(p.SignNameJson) as string[])[0] : p.SignName;
      if (signName !== this.signName)
        return this.json(res, 200, {
          RequestId: requestId(),
          Code: 'isv.SMS_SIGNATURE_ILLEGAL',
          Message: '该账号下找不到对应签名',
        });
      if (!/^SMS_\d+$/.test(p.TemplateCode ?? ''))
        return this.json(res, 200, {
          RequestId: requestId(),
          Code: 'isv.SMS_TEMPLATE_ILLEGAL',
          Message: '该账号下找不到对应模板',
        });
      const params = batch
        ? (JSON.parse(p.TemplateParamJson) as Array<Record<string, string>>)[0]
        : (JSON.parse(p.TemplateParam ?? '{}') as Record<string, string>);
      if (Object.values(params).some((v) => typeof v !== 'string'))
        return this.json(res, 200, {
          RequestId: requestId(),
          Code: 'isv.INVALID_JSON_PARAM',
          Message: 'JSON参数不合法，只接受字符串值',
        });
      this.messages.push({
        provider: 'aliyun',
        action: p.Action,
        phones,
        signName,
        templateCode: p.TemplateCode,
        params,
        outId: p.OutId ?? '',
        messageId: id,
      });
      return this.json(res, 200, { RequestId: requestId(), Code: 'OK', Message: 'OK', BizId: id });
    }
    if (p.Action === 'SingleCallByTts') {
      if (!/^0?\d{10,11}$/.test(p.CalledNumber ?? ''))
        return this.json(res, 200, {
          RequestId: requestId(),
          Code: 'isv.CALLED_NUMBER_ILLEGAL',
          Message: 'called number illegal',
        });
      if (!/^TTS_\d+$/.test(p.TtsCode ?? ''))
        return this.json(res, 200, {
          RequestId: requestId(),
          Code: 'isv.TTS_TEMPLATE_ILLEGAL',
          Message: 'TTS template illegal',
        });
      const params = JSON.parse(p.TtsParam ?? '{}') as Record<string, string>;
      this.messages.push({
        provider: 'aliyun',
        action: p.Action,
        phones: [p.CalledNumber],
        signName: '',
        templateCode: p.TtsCode,
        params,
        outId: p.OutId ?? '',
        messageId: id,
      });
      return this.json(res, 200, { RequestId: requestId(), Code: 'OK', Message: 'OK', CallId: id });
    }
    return refuse(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method.`);
  }
}

/** Tencent Cloud sms (SendSms 2021-01-11) + vms (SendTtsVoice 2020-09-02): one server, X-TC-Action says which. */
export class FakeTencent extends FakeProvider {
  smsSdkAppId = '1400000000';
  voiceSdkAppId = '1400000001';
  signName = '晋城市应急管理局';

  static signature(
    secretKey: string,
    req: { headers: Record<string, string>; signedHeaders: string[]; body: string; service: string; timestamp: number },
  ): string {
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const hmac = (k: string | Buffer, s: string) => createHmac('sha256', k).update(s).digest();
    const canonicalHeaders = req.signedHeaders
      .map((h) => `${h}:${(req.headers[h] ?? '').trim().toLowerCase()}\n`)
      .join('');
    const canonical = `POST\n/\n\n${canonicalHeaders}\n${req.signedHeaders.join(';')}\n${sha(req.body)}`;
    const date = new Date(req.timestamp * 1000).toISOString().slice(0, 10);
    const toSign = `TC3-HMAC-SHA256\n${req.timestamp}\n${date}/${req.service}/tc3_request\n${sha(canonical)}`;
    const key = hmac(hmac(hmac(`TC3${secretKey}`, date), req.service), 'tc3_request');
    return createHmac('sha256', key).update(toSign).digest('hex');
  }

  protected async handle(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    const error = (code: string, message: string) => {
      this.rejected.push({ code, message });
      this.json(res, 200, { Response: { Error: { Code: code, Message: message }, RequestId: requestId() } });
    };
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const action = headers['x-tc-action'] ?? '';
    const service = action === 'SendTtsVoice' ? 'vms' : 'sms';
    const timestamp = Number(headers['x-tc-timestamp']);
    const auth =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        headers.authorization ?? '',
      );
    if (!auth) return error('AuthFailure.InvalidAuthorization', 'Authorization is invalid.');
    const [, secretId, date, scopeService, signed, signature] = auth;
    if (secretId !== FAKE_TENCENT_KEY.id) return error('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    if (!Number.isInteger(timestamp) || Math.abs(timestamp * 1000 - Date.now()) > 5 * 60_000)
      return error('AuthFailure.SignatureExpire', 'Signature expired.');
    const signedHeaders = signed.split(';');
    if (!signedHeaders.includes('content-type') || !signedHeaders.includes('host'))
      return error('AuthFailure.InvalidAuthorization', 'content-type and host must be signed.');
    if (date !== new Date(timestamp * 1000).toISOString().slice(0, 10) || scopeService !== service)
      return error('AuthFailure.InvalidAuthorization', 'Credential scope is invalid.');
    if (
      FakeTencent.signature(FAKE_TENCENT_KEY.secret, { headers, signedHeaders, body, service, timestamp }) !== signature
    ) {
      return error(
        'AuthFailure.SignatureFailure',
        'The provided credentials could not be validated. Please check your signature is correct.',
      );
    }
    const version = headers['x-tc-version'];
    if ((service === 'sms' && version !== '2021-01-11') || (service === 'vms' && version !== '2020-09-02'))
      return error('InvalidParameter', 'X-TC-Version is not valid.');
    if (!headers['x-tc-region']) return error('MissingParameter', 'X-TC-Region is required.');
    const payload = JSON.parse(body) as Record<string, unknown>;

    const script = this.takeScript();
    if (script?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, script.ms));
    if (script?.kind === 'answer' && !action.startsWith('SendSms')) return error(script.code, script.message);

    if (action === 'SendSms') {
      const phones = payload.PhoneNumberSet as string[];
      if (payload.SmsSdkAppId !== this.smsSdkAppId)
        return error('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId not exist.');
      if (payload.SignName !== this.signName)
        return error(
          'FailedOperation.SignatureIncorrectOrUnapproved',
          'signature format is incorrect or signature is not approved.',
        );
      if (!/^\d+$/.test(String(payload.TemplateId)))
        return error(
          'FailedOperation.TemplateIncorrectOrUnapproved',
          'template is not approved or request content does not match the approved template content.',
        );
      const params = payload.TemplateParamSet as string[];
      if (!Array.isArray(params) || params.some((v) => typeof v !== 'string'))
        return error('InvalidParameterValue.TemplateParameterFormatError', 'template parameter format error.');
      const set = phones.map((phone) => {
        const serial = `2433:${randomBytes(10).toString('hex')}`;
        if (script?.kind === 'answer')
          return {
            SerialNo: '',
            PhoneNumber: phone,
            Fee: 0,
            SessionContext: '',
            Code: script.code,
            Message: script.message,
            IsoCode: 'CN',
          };
        if (!/^\+861\d{10}$/.test(phone))
          return {
            SerialNo: '',
            PhoneNumber: phone,
            Fee: 0,
            SessionContext: '',
            Code: 'InvalidParameterValue.IncorrectPhoneNumber',
            Message: 'incorrect phone number',
            IsoCode: 'CN',
          };
        this.messages.push({
          provider: 'tencent',
          action,
          phones: [phone.replace(/^\+86/, '')],
          signName: String(payload.SignName),
          templateCode: String(payload.TemplateId),
          params,
          outId: String(payload.SessionContext ?? ''),
          messageId: serial,
        });
        return {
          SerialNo: serial,
          PhoneNumber: phone,
          Fee: 1,
          SessionContext: String(payload.SessionContext ?? ''),
          Code: 'Ok',
          Message: 'send success',
          IsoCode: 'CN',
        };
      });
      return this.json(res, 200, { Response: { SendStatusSet: set, RequestId: requestId() } });
    }
    if (action === 'SendTtsVoice') {
      if (payload.VoiceSdkAppid !== this.voiceSdkAppId)
        return error('InvalidParameterValue.SdkAppIdNotExist', 'VoiceSdkAppid not exist.');
      const called = String(payload.CalledNumber);
      if (!/^\+86\d{10,11}$/.test(called))
        return error('InvalidParameterValue.CalledNumberVerifyFail', 'called number verify fail.');
      const callId = randomBytes(12).toString('hex');
      this.messages.push({
        provider: 'tencent',
        action,
        phones: [called.replace(/^\+86/, '').replace(/^(?!1)/, '0')],
        signName: '',
        templateCode: String(payload.TemplateId),
        params: payload.TemplateParamSet as string[],
        outId: String(payload.SessionContext ?? ''),
        messageId: callId,
      });
      return this.json(res, 200, {
        Response: {
          SendStatus: { CallId: callId, SessionContext: String(payload.SessionContext ?? '') },
          RequestId: requestId(),
        },
      });
    }
    return error('InvalidAction', `The action ${action} is not found.`);
  }
}

/** Posts a provider callback to the service as the provider would; answers status and JSON. */
export async function pushCallback(
  baseUrl: string,
  path: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: response.status, json };
}

/** The documented callback bodies. */
export const callbacks = {
  aliyunReport: (m: FakeMessage, success = true) => [
    {
      phone_number: m.phones[0],
      send_time: '2026-11-29 20:00:00',
      report_time: '2026-11-29 20:00:05',
      success,
      err_code: success ? 'DELIVERED' : 'MK:0001',
      err_msg: success ? '用户接收成功' : '空号',
      sms_size: '1',
      biz_id: m.messageId,
      out_id: m.outId,
    },
  ],
  aliyunReply: (phone: string, content: string, sequenceId: number) => [
    { phone_number: phone, content, send_time: '2026-11-29 20:01:00', dest_code: '1234', sequence_id: sequenceId },
  ],
  aliyunVoice: (m: FakeMessage, statusCode: string, dtmf = '') => [
    {
      call_id: m.messageId,
      status_code: statusCode,
      status_msg: statusCode === '200000' ? '用户听完' : '用户未接听',
      dtmf,
      out_id: m.outId,
      callee: m.phones[0],
    },
  ],
  tencentReport: (m: FakeMessage, success = true) => [
    {
      user_receive_time: '2026-11-29 20:00:05',
      nationcode: '86',
      mobile: m.phones[0],
      report_status: success ? 'SUCCESS' : 'FAIL',
      errmsg: success ? 'DELIVRD' : 'MK:0005',
      description: success ? '用户短信送达成功' : '空号',
      sid: m.messageId,
    },
  ],
  tencentReply: (phone: string, text: string, time: number) => ({
    extend: '',
    mobile: phone,
    nationcode: '86',
    sign: '晋城市应急管理局',
    text,
    time,
  }),
  tencentVoiceResult: (m: FakeMessage, result: '0' | '1' | '2') => ({
    voiceprompt_callback: {
      result,
      accept_time: '1764417600',
      call_from: '',
      callid: m.messageId,
      end_calltime: '1764417630',
      fee: '1',
      mobile: m.phones[0],
      nationcode: '86',
      start_calltime: '1764417590',
    },
  }),
  tencentVoiceKey: (m: FakeMessage, key: string) => ({
    voicekey_callback: { call_from: '', callid: m.messageId, keypress: key, mobile: m.phones[0], nationcode: '86' },
  }),
};
