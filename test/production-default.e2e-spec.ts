import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import WebSocket from 'ws';
import { loadEnv } from '../src/config/env.schema';
import { sparePort } from './support/redis-server';
import { dropTestQueues, testQueuePrefix } from './support/queues';
import { dropTestDatabase, testDatabaseEnv } from './support/test-app';
import { buildWorker } from './support/worker-process';

/**
 * Issue 9 "development mode by default": the built service started without NODE_ENV (jest itself
 * sets NODE_ENV=test, so only a child process shows the real default) gives no stack traces, no
 * field suggestions, no explorer or CDN-loaded page, and refuses unauthenticated sockets.
 */
const ROOT = join(__dirname, '..');
const KEY = 'production-default-admin-key-0123456789';

describe(`production behaviour without NODE_ENV (${process.env.DB_TYPE ?? 'sqlite'})`, () => {
  jest.setTimeout(480000);
  let child: ChildProcess;
  let output = '';
  let base = '';
  const database = testDatabaseEnv();
  const queuePrefix = testQueuePrefix();

  beforeAll(async () => {
    const port = await sparePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      CONFIG_DIR: join(ROOT, 'config'),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      PORT: String(port),
      ADMIN_API_KEY: KEY,
      QUEUE_PREFIX: queuePrefix,
      LOG_FORMAT: 'json',
      ...database,
    };
    expect(env.NODE_ENV).toBeUndefined();
    child = spawn(process.execPath, [join(buildWorker(), '..', 'main.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const started = Date.now();
    while (!output.includes('Serving POST /graphql')) {
      if (Date.now() - started > 300000 || child.exitCode !== null) throw new Error(`did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await new Promise((resolve) => (child?.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    await dropTestDatabase(loadEnv({ ...database }));
    await dropTestQueues({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: queuePrefix });
  });

  const post = (body: unknown, key: string | null = KEY) => {
    const r = request(base).post('/graphql').set('content-type', 'application/json');
    return (key ? r.set('Authorization', `Bearer ${key}`) : r).send(body as object);
  };
  const NO_INTERNALS = /Did you mean|stacktrace|\n\s+at |\/src\/|node_modules|dist\//;

  it('answers a typo without suggestions or stack, to anyone', async () => {
    const keyed = await post({ query: '{ headquarter { nam } }' });
    expect(keyed.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(keyed.body)).not.toMatch(NO_INTERNALS);
    const anonymous = await post({ query: '{ headquarter { nam } }' }, null);
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/Did you mean|headquarters|\n\s+at /);
  });

  it('answers malformed bodies and unknown paths without a stack', async () => {
    const broken = await request(base)
      .post('/graphql')
      .set('Authorization', `Bearer ${KEY}`)
      .set('content-type', 'application/json')
      .send('{"query":');
    expect(broken.status).toBe(400);
    expect(broken.text).not.toMatch(NO_INTERNALS);
    const login = await request(base).post('/auth/login').set('content-type', 'application/json').send('{bad');
    expect(login.text).not.toMatch(NO_INTERNALS);
    const missing = await request(base).get('/no/such/path').set('Accept', 'text/html');
    expect(missing.text).not.toMatch(NO_INTERNALS);
  });

  it('serves no explorer on GET /graphql, and no page that loads from another site', async () => {
    const explorer = await request(base)
      .get('/graphql')
      .set('Accept', 'text/html')
      .set('Authorization', `Bearer ${KEY}`);
    expect(explorer.text).not.toMatch(/<script|<html|cdn|unpkg|sandbox/i);
    const consolePage = await request(base).get('/');
    expect(consolePage.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    const queues = await request(base).get('/admin/queues').set('Authorization', `Bearer ${KEY}`);
    expect(queues.status).toBe(200);
    expect(queues.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(queues.headers['content-security-policy']).not.toMatch(/googleapis|https:/);
  });

  it('closes an unauthenticated subscription socket (4401)', async () => {
    const code = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${base.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
      socket.on('close', (c) => resolve(c));
      socket.on('error', () => undefined);
    });
    expect(code).toBe(4401);
  });

  it('logged no stack while answering all this', () => {
    expect(output).not.toMatch(/\n\s+at /);
  });
});
