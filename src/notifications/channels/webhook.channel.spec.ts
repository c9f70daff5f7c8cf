import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../../config/app.config';
import { outgoingMessage } from './channel.fixture';
import { ChannelError } from './channel.types';
import { webhookSignature, WebhookChannel } from './webhook.channel';

const SECRET = 'unit-test-secret-0123456789';

// A generous timeout: a loaded machine must not turn a prompt answer into TIMEOUT. Only the timeout case uses a short one.
function channel(secret: string | null = SECRET, timeoutMs = 10_000, allow = ['127.0.0.1']): WebhookChannel {
  return new WebhookChannel({
    env: { WEBHOOK_SECRET: secret ?? undefined, OUTBOUND_ALLOW: allow },
    notifications: { webhook: { timeoutMs } },
  } as unknown as AppConfig);
}

const message = outgoingMessage();

describe('WebhookChannel', () => {
  let server: Server;
  let base = '';
  const seen: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        const status = Number(/\/(\d{3})$/.exec(req.url ?? '')?.[1] ?? 200);
        if (req.url === '/slow') return void setTimeout(() => !res.destroyed && res.writeHead(200).end(), 1000);
        res.writeHead(status, status === 302 ? { location: '/200' } : {}).end('answer');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (path: string, c = channel()) =>
    c.send({ ...message, contact: { ...message.contact!, value: `${base}${path}` } }, { channel: 'webhook' });
  const failure = async (path: string, c = channel()): Promise<ChannelError> => {
    try {
      await send(path, c);
    } catch (error) {
      return error as ChannelError;
    }
    throw new Error(`${path} did not fail`);
  };

  it('posts the JSON payload, signed, with the dedup key; 2xx is SENT', async () => {
    expect(await send('/200')).toEqual({ status: 'SENT', detail: 'HTTP 200' });
    const request = seen.at(-1)!;
    expect(request.headers['idempotency-key']).toBe('n1.0');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['x-signature']).toBe(
      webhookSignature(SECRET, String(request.headers['x-signature-timestamp']), request.body),
    );
    expect(JSON.parse(request.body)).toEqual({
      notificationId: 'n1',
      incidentId: 'i1',
      dedupKey: 'n1.0',
      kind: 'INITIAL',
      level: 0,
      person: { id: 'p1', name: '张利锋' },
      to: { kind: 'WEBHOOK', value: `${base}/200` },
      subject: message.subject,
      text: '正文',
      ackUrl: message.ackUrl,
    });
    expect((await send('/204')).status).toBe('SENT');
  });

  it('sends to the configured gateway URL with the contact value in the payload', async () => {
    await channel().send(
      { ...message, contact: { id: 'c2', kind: 'MOBILE', value: '13800138000' } },
      { channel: 'webhook', url: `${base}/201` },
    );
    expect(JSON.parse(seen.at(-1)!.body).to).toEqual({ kind: 'MOBILE', value: '13800138000' });
  });

  it('does not sign without WEBHOOK_SECRET', async () => {
    await send('/200', channel(null));
    expect(seen.at(-1)!.headers['x-signature']).toBeUndefined();
  });

  it('retries 5xx, 408, 429, a timeout and a refused connection', async () => {
    for (const path of ['/500', '/503', '/408', '/429']) {
      const error = await failure(path);
      expect({ path, retryable: error.retryable }).toEqual({ path, retryable: true });
      expect(error.message).toBe(`webhook: HTTP ${path.slice(1)}`);
    }
    expect((await failure('/503')).code).toBe('HTTP_5XX');
    expect((await failure('/429')).code).toBe('HTTP_429');
    const timeout = await failure('/slow', channel(SECRET, 300));
    expect(timeout.retryable).toBe(true);
    expect(timeout.message).toContain('no answer within 300 ms');
    expect(timeout.code).toBe('TIMEOUT');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await channel()
      .send(
        { ...message, contact: { ...message.contact!, value: `http://127.0.0.1:${port}/x` } },
        { channel: 'webhook' },
      )
      .catch((e: ChannelError) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).retryable).toBe(true);
    expect((error as ChannelError).message).toContain('ECONNREFUSED');
    expect((error as ChannelError).code).toBe('CONNECTION_REFUSED');
  });

  it('does not retry other 4xx, 3xx or a contact without a URL', async () => {
    for (const path of ['/400', '/404', '/410', '/302']) expect((await failure(path)).retryable).toBe(false);
    expect((await failure('/404')).code).toBe('HTTP_404');
    expect((await failure('/302')).code).toBe('HTTP_3XX');
    const error = await channel()
      .send({ ...message, contact: { id: 'c', kind: 'MOBILE', value: '13800138000' } }, { channel: 'webhook' })
      .catch((e: ChannelError) => e);
    expect((error as ChannelError).retryable).toBe(false);
    expect((error as ChannelError).message).toContain('no http(s) URL');
    expect((error as ChannelError).message).not.toContain('13800138000');
    expect((error as ChannelError).code).toBe('NO_ADDRESS');
  });

  it('never keeps the answer of the far side, nor its host', async () => {
    const error = await failure('/400');
    expect(error.message).not.toContain('answer');
    expect(error.message).not.toContain('127.0.0.1');
  });

  it('reaches loopback only when OUTBOUND_ALLOW lists it; refusal is permanent and nothing is sent', async () => {
    const before = seen.length;
    const refused = await failure('/200', channel(SECRET, 10_000, []));
    expect([refused.code, refused.retryable]).toEqual(['DESTINATION_NOT_ALLOWED', false]);
    const byName = await channel(SECRET, 10_000, ['*.example.gov.cn'])
      .send(
        { ...message, contact: { ...message.contact!, value: `${base.replace('127.0.0.1', 'localhost')}/200` } },
        {
          channel: 'webhook',
        },
      )
      .catch((e: ChannelError) => e);
    expect((byName as ChannelError).code).toBe('DESTINATION_NOT_ALLOWED');
    expect(seen.length).toBe(before);
    const local = {
      ...message,
      contact: { ...message.contact!, value: `${base.replace('127.0.0.1', 'localhost')}/200` },
    };
    expect((await channel(SECRET, 10_000, ['localhost']).send(local, { channel: 'webhook' })).status).toBe('SENT');
  });
});
