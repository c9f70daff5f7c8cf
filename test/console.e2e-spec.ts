import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

describe('the console served at / by the same process', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'console-'));

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>值班台</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    t = await createTestApp({ CONSOLE_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/', '/report', '/incidents/0b7e4d9a-1c1f-4c55-9b8e-6f1c2d3e4f50', '/directory/COAL_MINE_SAFETY', '/duty'])(
    'answers the client-side route %s with index.html and a strict CSP',
    async (path) => {
      const res = await t.http().get(path).set('accept', 'text/html');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain('值班台');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-cache');
    },
  );

  it('serves hashed assets with a long cache, and 404 for a missing one', async () => {
    const js = await t.http().get('/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await t.http().get('/assets/missing.js')).status).toBe(404);
  });

  it('leaves other paths to the server: /admin/queues, /metrics, unknown paths', async () => {
    for (const path of ['/admin/queues', '/metrics', '/no-such-page']) {
      const res = await t.http().get(path).set('accept', 'text/html');
      expect(res.text).not.toContain('值班台');
    }
  });

  it('leaves /graphql, /health, /ack and /auth alone', async () => {
    const graphql = await t.http().get('/graphql').set('accept', 'text/html');
    expect(graphql.text).not.toContain('值班台');
    const health = await t.http().get('/health');
    expect(health.headers['content-type']).toContain('json');
    const ack = await t.http().get('/ack/not-a-token').set('accept', 'text/html');
    expect(ack.status).toBe(404);
    expect(ack.text).toContain('链接无效');
    const login = await t.http().get('/auth/login').set('accept', 'text/html');
    expect(login.text).not.toContain('值班台');
    // A calendar feed link opened in a browser is the feed's answer, not the 值班表 page.
    const feed = await t.http().get('/duty/calendar/not-a-token.ics').set('accept', 'text/html');
    expect(feed.status).toBe(404);
    expect(feed.text).toContain('日历链接无效');
  });
});
