import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sparePort } from './support/redis-server';
import { buildWorker } from './support/worker-process';
import { corruptSqliteFile } from './support/corrupt-sqlite';

/**
 * The built service started as an operator starts it: common mistakes end in one clear line naming the
 * variable or path (never a stack), LOG_FORMAT=json writes only JSON lines, /metrics answers Prometheus text.
 */
const ROOT = join(__dirname, '..');

interface Run {
  code: number | null;
  output: string;
}

function start(
  env: Record<string, string>,
  untilMs = 60000,
  until?: (output: string) => boolean,
): Promise<Run & { kill: () => void }> {
  const main = join(buildWorker(), '..', 'main.js');
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      CONFIG_DIR: join(ROOT, 'config'),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    const done = (code: number | null) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ code, output, kill: () => child.kill('SIGTERM') });
    };
    const timer = setTimeout(() => done(null), untilMs);
    const poll = setInterval(() => until?.(output) && done(null), 100);
    child.once('exit', (code) => done(code));
  });
}

function expectOneClearLine(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.output).toMatch(pattern);
  expect(run.output).not.toMatch(/\n\s+at /);
}

describe('boot (built service)', () => {
  jest.setTimeout(120000);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emergency-boot-'));
    buildWorker();
  }, 120000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names DB_PATH when its folder is a file', async () => {
    writeFileSync(join(dir, 'plain-file'), 'x');
    const run = await start({ DB_PATH: join(dir, 'plain-file', 'db.sqlite'), PORT: String(await sparePort()) });
    expectOneClearLine(run, /DB_PATH=.*plain-file.*not a folder/);
  });

  it('names ROSTER_FILE when it is missing, before any database is made', async () => {
    const db = join(dir, 'never-made.sqlite');
    const run = await start({ DB_PATH: db, ROSTER_FILE: 'nope.yaml', PORT: String(await sparePort()) });
    expectOneClearLine(run, /nope\.yaml is invalid:\n {2}- not found at .*ROSTER_FILE=nope\.yaml/);
    expect(existsSync(db)).toBe(false);
  });

  it('names a broken duty.yaml by file and line, once, without a stack', async () => {
    const config = join(dir, 'config-broken-duty');
    cpSync(join(ROOT, 'config'), config, { recursive: true });
    writeFileSync(join(config, 'duty.yaml'), 'offices: [\n');
    const run = await start({ CONFIG_DIR: config, DB_PATH: join(dir, 'duty.sqlite'), PORT: String(await sparePort()) });
    expectOneClearLine(run, /duty\.yaml is invalid:\n {2}- line \d+/);
    expect(run.output.match(/duty\.yaml is invalid/g)).toHaveLength(1);
  });

  it('refuses DB_PATH on a kernel file system at once', async () => {
    const run = await start({ DB_PATH: '/proc/emergency.sqlite', PORT: String(await sparePort()) });
    expectOneClearLine(run, /DB_PATH=\/proc\/emergency\.sqlite: .*kernel file system/);
  });

  it('names DB_PATH when the file is not a database', async () => {
    const file = join(dir, 'not-a-db.sqlite');
    writeFileSync(file, 'this is not a database file, just text that is long enough to have a header page'.repeat(20));
    const run = await start({ DB_PATH: file, PORT: String(await sparePort()) });
    expectOneClearLine(run, /DB_PATH=.*not-a-db\.sqlite: not a SQLite database/);
  });

  it('names DB_PATH when the file is damaged (integrity check at boot), in one line', async () => {
    const file = join(dir, 'damaged.sqlite');
    const first = await start(
      { DB_PATH: file, PORT: String(await sparePort()), WORKERS: 'off', QUEUE_PREFIX: `t_boot_dmg_${process.pid}` },
      60000,
      (output) => output.includes('Serving'),
    );
    first.kill();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    corruptSqliteFile(file);
    const run = await start({ DB_PATH: file, PORT: String(await sparePort()), LOG_FORMAT: 'json' });
    expectOneClearLine(run, /DB_PATH=.*damaged\.sqlite: the database is damaged \(PRAGMA quick_check: /);
    const errors = run.output.split('\n').filter((line) => line.includes('"level":"error"') || /"level":50/.test(line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).not.toContain('stack');
  }, 90000);

  it('retries a database that is not up yet, one line per attempt, then names DATABASE_URL', async () => {
    const port = await sparePort();
    const run = await start({
      DB_TYPE: 'postgres',
      DATABASE_URL: `postgres://u:secret-pw@127.0.0.1:${port}/x`,
      BOOT_WAIT_SECONDS: '2',
      PORT: String(await sparePort()),
    });
    expectOneClearLine(run, /DATABASE_URL=postgres:\/\/u:\*\*\*@127\.0\.0\.1:\d+\/x/);
    expect(run.output).toMatch(/attempt 1, next in 0\.5 s/);
    expect(run.output).not.toContain('secret-pw');
  });

  const pgIt = process.env.DB_TYPE === 'postgres' ? it : it.skip;
  pgIt('names a Postgres database that does not exist', async () => {
    const url = (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test').replace(
      /\/[^/]*$/,
      '/no_such_db_emergency',
    );
    const run = await start({ DB_TYPE: 'postgres', DATABASE_URL: url, PORT: String(await sparePort()) });
    expectOneClearLine(run, /DATABASE_URL=.*no_such_db_emergency.*does not exist/);
  });

  describe('a running service', () => {
    let port: number;
    let run: Run & { kill: () => void };
    const key = 'boot-test-admin-key-0123456789';

    beforeAll(async () => {
      port = await sparePort();
      run = await start(
        {
          DB_PATH: join(dir, 'ok.sqlite'),
          PORT: String(port),
          LOG_FORMAT: 'json',
          ADMIN_API_KEY: key,
          WORKERS: 'off',
          QUEUE_PREFIX: `t_boot_${process.pid}`,
        },
        60000,
        (output) => output.includes('Serving'),
      );
    }, 90000);
    afterAll(() => {
      run.kill();
    });

    it('writes every line as one JSON object with a UTC+8 time', () => {
      const lines = run.output.split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const parsed = JSON.parse(line) as { time: string; level: string; msg: string };
        expect(parsed.time).toMatch(/\+08:00$/);
        expect(typeof parsed.msg).toBe('string');
      }
      expect(lines.some((line) => line.includes('InstanceLoader'))).toBe(false);
    });

    it('serves /metrics to a key holder only, in Prometheus format', async () => {
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/^# HELP emergency_/m);
      expect(text).toMatch(/^emergency_roster_revision \d+/m);
      expect(text).toMatch(/^emergency_outbox_pending \d+/m);
    });

    it('answers /health/live and /health/ready without a key', async () => {
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'up' });
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'up', database: { status: 'up', type: 'better-sqlite3' } });
    });

    it('shows the queue console to admins only', async () => {
      expect((await fetch(`http://127.0.0.1:${port}/admin/queues`)).status).toBe(401);
      const res = await fetch(`http://127.0.0.1:${port}/admin/queues`, { headers: { Authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<html');
      const api = await fetch(`http://127.0.0.1:${port}/admin/queues/api/queues`, {
        headers: { Authorization: `Bearer ${key}` },
      });
      expect(api.status).toBe(200);
      const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
      expect(names).toEqual(['notify-delivery', 'notify-escalation']);
    });

    it('names PORT when another process listens there', async () => {
      const second = await start(
        { DB_PATH: join(dir, 'second.sqlite'), PORT: String(port), ADMIN_API_KEY: key, WORKERS: 'off' },
        60000,
      );
      expectOneClearLine(second, new RegExp(`PORT=${port}: .*in use`));
    }, 90000);
  });
});
