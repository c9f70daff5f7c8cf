import { NestFactory } from '@nestjs/core';
import WebSocket from 'ws';
import { AppModule } from '../src/app.module';
import { AppConfig } from '../src/config/app.config';
import { listen } from './support/live';
import { createTestApp, dropTestDatabase, TEST_ADMIN_KEY, TestApp, testEnv } from './support/test-app';

/**
 * Issue 9 "graphql-ws keeps unauthenticated sockets open forever": connection_init must carry a
 * valid key within WS_AUTH_TIMEOUT_MS, or the socket is closed (4401 without connection_init in time,
 * without or with a bad key; 4403 for a session from another site); a key holds at most
 * WS_MAX_SOCKETS_PER_KEY sockets (4429); open sockets are pinged and dropped when they stop answering.
 */
describe(`graphql-ws: authenticated sockets only (${process.env.DB_TYPE ?? 'sqlite'})`, () => {
  let t: TestApp;
  let url = '';
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    t = await createTestApp({
      WS_AUTH_TIMEOUT_MS: '500',
      WS_MAX_SOCKETS_PER_KEY: '3',
      WS_KEEPALIVE_MS: '1000',
      AUTH_FAILURES_PER_IP: '40',
    });
    url = await listen(t);
  });
  afterAll(async () => {
    for (const s of sockets) s.terminate();
    await t.close();
  });

  /** Opens a socket; resolves with 'ack' or the close code, and the milliseconds it took. */
  function open(
    init: Record<string, unknown> | null,
    options: WebSocket.ClientOptions = {},
  ): Promise<{ result: 'ack' | number; ms: number; socket: WebSocket; reason?: string }> {
    const started = Date.now();
    const socket = new WebSocket(url, 'graphql-transport-ws', options);
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.on('open', () => {
        if (init) socket.send(JSON.stringify({ type: 'connection_init', payload: init }));
      });
      socket.on('message', (data: Buffer) => {
        if (JSON.parse(data.toString('utf8')).type === 'connection_ack')
          resolve({ result: 'ack', ms: Date.now() - started, socket });
      });
      socket.on('close', (code, reason: Buffer) =>
        resolve({ result: code, ms: Date.now() - started, socket, reason: reason.toString('utf8') }),
      );
      socket.on('error', () => undefined);
    });
  }
  const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };

  it('answers 404 to a WebSocket upgrade on another path instead of leaving it hanging', async () => {
    const other = new WebSocket(url.replace(/\/graphql$/, '/elsewhere'), 'graphql-transport-ws');
    sockets.push(other);
    const status = await new Promise<number | string>((resolve) => {
      other.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      other.on('open', () => resolve('open'));
      other.on('error', (error) => resolve(String(error.message)));
    });
    expect(status).toBe(404);
  });

  it('closes a socket that never sends connection_init after WS_AUTH_TIMEOUT_MS (4401)', async () => {
    const { result, ms, reason } = await open(null);
    expect(result).toBe(4401);
    expect(reason).toMatch(/no connection_init with a valid key within WS_AUTH_TIMEOUT_MS/);
    expect(ms).toBeGreaterThanOrEqual(400);
  });

  it('closes at once without a key, with an unknown key (4401), and a foreign-site session (4403)', async () => {
    const none = await open({});
    expect(none.result).toBe(4401);
    expect((await open({ Authorization: 'Bearer not-a-key-0123456789abcdef' })).result).toBe(4401);
    expect((await open({}, { headers: { cookie: 'session=abc', origin: 'https://evil.example' } })).result).toBe(4403);
  });

  it('leaves no unauthenticated socket open: 100 at once are all closed, the later ones throttled', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, () => open({ Authorization: 'Bearer wrong' })));
    const codes = new Set(results.map((r) => r.result));
    expect([...codes].every((c) => c === 4401 || c === 4429)).toBe(true);
    expect(codes.has(4429)).toBe(true);
    expect(results.every((r) => r.socket.readyState === WebSocket.CLOSED)).toBe(true);
  });

  it('accepts a valid key, at most WS_MAX_SOCKETS_PER_KEY sockets per key (4429 beyond), freed on close', async () => {
    // A fresh app: the throttling above counted against this address.
    await t.close();
    t = await createTestApp({ WS_AUTH_TIMEOUT_MS: '500', WS_MAX_SOCKETS_PER_KEY: '3', WS_KEEPALIVE_MS: '1000' });
    url = await listen(t);
    const three = await Promise.all([open(admin), open(admin), open(admin)]);
    expect(three.map((r) => r.result)).toEqual(['ack', 'ack', 'ack']);
    expect((await open(admin)).result).toBe(4429);
    three[0].socket.close();
    await new Promise((resolve) => three[0].socket.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await open(admin)).result).toBe('ack');
  });

  it('pings open sockets and drops one that stops answering', async () => {
    for (const s of sockets.splice(0)) s.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const live = await open(admin);
    let pings = 0;
    live.socket.on('ping', () => pings++);
    const silent = await open(admin, { autoPong: false });
    expect([live.result, silent.result]).toEqual(['ack', 'ack']);
    const dropped = await new Promise<number>((resolve) => silent.socket.once('close', resolve));
    expect(dropped).toBe(1006); // terminated without a close frame
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(live.socket.readyState).toBe(WebSocket.OPEN);
  });
});

describe('graphql-ws without an HTTP server', () => {
  it('leaves an application context (the admin-key and roster-import CLIs) to start and stop', async () => {
    const env = testEnv({ WORKERS: 'off', ROSTER_AUTOLOAD: 'off' });
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(AppConfig.load(env)), { logger: false });
    await app.close();
    await dropTestDatabase(env);
  }, 60000);
});
