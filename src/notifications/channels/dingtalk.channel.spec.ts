import { createHmac } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../../config/app.config';
import { outgoingMessage } from './channel.fixture';
import { ChannelError } from './channel.types';
import { DingtalkChannel } from './dingtalk.channel';

const SECRET = 'SECdingtalk-robot-secret-0123456789';

const channel = (secret?: string) =>
  new DingtalkChannel({
    env: { DINGTALK_ROBOT_SECRET: secret, OUTBOUND_ALLOW: ['127.0.0.1'] },
    notifications: { webhook: { timeoutMs: 10_000 } }, // no timeout tested here: room for a loaded machine
  } as unknown as AppConfig);

const message = outgoingMessage({ ackUrl: 'http://localhost/ack/t' });

describe('DingtalkChannel (group robot)', () => {
  let server: Server;
  let base = '';
  const seen: Array<{ url: URL; body: Record<string, unknown> }> = [];
  let answer: { status: number; body: unknown } = { status: 200, body: { errcode: 0, errmsg: 'ok' } };
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ url: new URL(req.url ?? '/', 'http://x'), body: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot/send?access_token=tok`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const send = (c = channel(SECRET)) =>
    c.send({ ...message, contact: { ...message.contact!, value: base } }, { channel: 'dingtalk' });

  it('posts a text message in the robot format, signed as DingTalk documents (加签)', async () => {
    answer = { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    expect(await send()).toEqual({ status: 'SENT', detail: 'dingtalk ok' });
    const { url, body } = seen.at(-1)!;
    expect(body).toEqual({ msgtype: 'text', text: { content: `${message.subject}\n正文` } });
    expect(url.searchParams.get('access_token')).toBe('tok');
    const timestamp = url.searchParams.get('timestamp')!;
    expect(url.searchParams.get('sign')).toBe(
      createHmac('sha256', SECRET).update(`${timestamp}\n${SECRET}`).digest('base64'),
    );
    await send(channel());
    expect(seen.at(-1)!.url.searchParams.get('sign')).toBeNull();
  });

  it('retries throttling (130101) and 5xx; other robot errors move on', async () => {
    const failure = async () => (await send().catch((e: ChannelError) => e)) as ChannelError;
    answer = { status: 200, body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } };
    expect(await failure()).toMatchObject({ retryable: true, message: expect.stringContaining('ERRCODE_130101') });
    answer = { status: 503, body: {} };
    expect(await failure()).toMatchObject({ code: 'HTTP_5XX', retryable: true });
    answer = { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } };
    expect(await failure()).toMatchObject({
      code: 'PROVIDER_REJECTED',
      retryable: false,
      message: expect.stringContaining('ERRCODE_310000'),
    });
    const noUrl = await channel()
      .send({ ...message, contact: null }, { channel: 'dingtalk' })
      .catch((e: ChannelError) => e);
    expect(noUrl).toMatchObject({ retryable: false });
  });
});
