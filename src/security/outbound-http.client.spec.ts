import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { postOutbound } from './outbound-http.client';
import { OutboundPolicy } from './outbound-policy.helper';

/** A local HTTP server that counts connections and requests; `onRequest` decides each answer. */
async function server(
  onRequest: (req: IncomingMessage, res: ServerResponse, nth: { onSocket: number; all: number }) => void,
): Promise<{ url: URL; connections: () => number; requests: () => number; close: () => Promise<void> }> {
  let connections = 0;
  let requests = 0;
  const perSocket = new WeakMap<Socket, number>();
  const http: Server = createServer((req, res) => {
    requests++;
    const onSocket = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, onSocket);
    req.resume();
    req.on('end', () => onRequest(req, res, { onSocket, all: requests }));
  });
  http.on('connection', () => connections++);
  http.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/hook`),
    connections: () => connections,
    requests: () => requests,
    close: async () => {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

const ok = (_req: IncomingMessage, res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');

describe('postOutbound', () => {
  const allowLoopback = () => new OutboundPolicy({ allow: ['127.0.0.1'], onlyListed: true });

  it('keeps the connection to a gateway open and reuses it for the next messages', async () => {
    const s = await server(ok);
    const policy = allowLoopback();
    try {
      for (let i = 0; i < 3; i++)
        await expect(postOutbound(policy, s.url, {}, `{"n":${i}}`, 2000)).resolves.toEqual({
          status: 200,
          text: '{"ok":true}',
        });
      expect({ connections: s.connections(), requests: s.requests() }).toEqual({ connections: 1, requests: 3 });
    } finally {
      await s.close();
    }
  });

  it('sends once more on a new connection when the reused one was closed by the gateway before answering', async () => {
    // The keep-alive race: the gateway drops an idle connection just as the next message is written on it.
    const s = await server((req, res, nth) => (nth.onSocket === 2 ? req.socket.destroy() : ok(req, res)));
    const policy = allowLoopback();
    try {
      await postOutbound(policy, s.url, {}, '{}', 2000);
      await expect(postOutbound(policy, s.url, {}, '{}', 2000)).resolves.toMatchObject({ status: 200 });
      expect({ connections: s.connections(), requests: s.requests() }).toEqual({ connections: 2, requests: 3 });
    } finally {
      await s.close();
    }
  });

  it('does not send again when a new connection is reset: that is the gateway failing, for the delivery to retry', async () => {
    const s = await server((req) => req.socket.destroy());
    try {
      await expect(postOutbound(allowLoopback(), s.url, {}, '{}', 2000)).rejects.toMatchObject({
        code: 'ECONNRESET',
      });
      expect(s.requests()).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('still asks the policy for every new connection: a loopback gateway it does not list is refused', async () => {
    const s = await server(ok);
    const closed = new OutboundPolicy({ allow: [], onlyListed: false });
    try {
      await expect(postOutbound(closed, s.url, {}, '{}', 2000)).rejects.toMatchObject({ code: 'EDESTINATION' });
      const byName = new URL(s.url.href.replace('127.0.0.1', 'localhost'));
      await expect(postOutbound(closed, byName, {}, '{}', 2000)).rejects.toMatchObject({ code: 'EDESTINATION' });
      expect(s.requests()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('gives up after the timeout when the gateway does not answer', async () => {
    const s = await server(() => undefined);
    try {
      await expect(postOutbound(allowLoopback(), s.url, {}, '{}', 150)).rejects.toMatchObject({ code: 'TIMEOUT' });
    } finally {
      await s.close();
    }
  });
});
