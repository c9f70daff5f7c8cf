import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { parse, stringify } from 'yaml';
import { AppModule } from '../app.module';
import { AppConfig } from '../config/app.config';
import { loadEnv } from '../config/env.schema';
import { readIncidentTypes } from '../config/rules.config';

/**
 * npm run bench:notify — notification delivery, end to end, on the real Redis (REDIS_URL, a queue
 * prefix of its own) and a fresh SQLite file (or DB_TYPE=postgres: a schema of its own), with every
 * person reachable through a local webhook receiver on 127.0.0.1 (an SMS gateway stand-in):
 *   1. latency: incidents reported over HTTP at a steady rate; for each notification, the time from
 *      the reportIncident request to its arrival at the receiver (p50/p99/max);
 *   2. throughput: a backlog of notifications queued with no worker running, then one worker process
 *      (`node dist/worker.js`) started: the notifications/second it sustains.
 * The API runs in this process with WORKERS=off; delivery is done by one separate worker process in
 * both phases. Bounded in time; not a test.
 */

const RATE_PER_SECOND = Number(process.env.BENCH_RATE ?? 5);
const LATENCY_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const BACKLOG_INCIDENTS = Number(process.env.BENCH_BACKLOG ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PHASE_TIME_LIMIT_MS = 120_000;

/** Every incident type of the configuration (one a command post), in file order. */
const TYPES = readIncidentTypes(join(process.env.CONFIG_DIR ?? 'config', 'incident-types.yaml')).types.map(
  (type) => type.code,
);
const GRADES = ['II', 'III', 'IV'];
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id notifications { id } } }`;

/** First arrival of each message (by Idempotency-Key) at the receiver. */
class Receiver {
  readonly arrivals = new Map<string, { notificationId: string; incidentId: string; at: number }>();
  requests = 0;
  private readonly server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      this.requests++;
      const key = String(req.headers['idempotency-key'] ?? '');
      if (!this.arrivals.has(key)) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          notificationId: string;
          incidentId: string;
        };
        this.arrivals.set(key, { notificationId: body.notificationId, incidentId: body.incidentId, at });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  port = 0;

  async start(): Promise<void> {
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  limitMs = PHASE_TIME_LIMIT_MS,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench:notify: ${what} not reached within ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'worker.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready:\n${output}`)), 30_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Notification worker ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}):\n${output}`));
    });
  }).catch((error: unknown) => {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }) as Promise<ChildProcess>;
}

async function stopWorker(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-notify-'));
  const adminKey = randomBytes(24).toString('hex');
  const prefix = `bench_${Date.now().toString(36)}`;
  const receiver = new Receiver();
  let app: INestApplication | null = null;
  let worker: ChildProcess | null = null;
  const postgres = process.env.DB_TYPE === 'postgres';
  try {
    await receiver.start();
    const configDir = process.env.CONFIG_DIR ?? 'config';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a YAML document patched in place by the benchmark
    const notifications = parse(readFileSync(join(configDir, 'notifications.yaml'), 'utf8')) as Record<string, any>;
    notifications.channels.MOBILE = { channel: 'webhook', url: `http://127.0.0.1:${receiver.port}/sms` };
    notifications.delivery.concurrency = CONCURRENCY;
    writeFileSync(join(dir, 'notifications.yaml'), stringify(notifications));
    const shared = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ...(postgres
        ? {
            DB_TYPE: 'postgres',
            DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
            DB_SCHEMA: prefix,
          }
        : { DB_TYPE: 'sqlite', DB_PATH: join(dir, 'bench.sqlite') }),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: prefix,
      CONFIG_DIR: configDir,
      NOTIFICATIONS_FILE: join(dir, 'notifications.yaml'),
    };
    const env = loadEnv({ ...shared, ROSTER_AUTOLOAD: 'on', ADMIN_API_KEY: adminKey, WORKERS: 'off' });
    app = await NestFactory.create(AppModule.forRoot(AppConfig.load(env)), { logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/graphql`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` };

    // Every person gets a mobile number, reached through the gateway (the receiver).
    const ds = app.get(DataSource);
    const persons = (await ds.query('SELECT id FROM person')) as Array<{ id: string }>;
    const now = new Date().toISOString();
    for (const [i, p] of persons.entries()) {
      await ds.query(
        postgres
          ? 'INSERT INTO contact_method (id, person_id, kind, value, priority, label, active, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, NULL, true, $5, $5)'
          : 'INSERT INTO contact_method (id, person_id, kind, value, priority, label, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, NULL, 1, ?, ?)',
        postgres
          ? [randomUUID(), p.id, 'MOBILE', `136${String(i).padStart(8, '0')}`, now]
          : [randomUUID(), p.id, 'MOBILE', `136${String(i).padStart(8, '0')}`, now, now],
      );
    }
    const workerEnv = { PATH: process.env.PATH, ...shared, LOG_LEVEL: 'log' };
    let sequence = 0;
    const reportOne = async (): Promise<{ id: string; notifications: number; sentAt: number }> => {
      const i = sequence++;
      const sentAt = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          query: REPORT,
          variables: {
            input: {
              incidentType: TYPES[i % TYPES.length],
              severity: GRADES[i % GRADES.length],
              title: `压测事件 ${i}`,
              location: '基准测试地点',
            },
          },
        }),
      });
      const json = (await res.json()) as {
        data?: { reportIncident: { id: string; notifications: unknown[] } };
        errors?: Array<{ message: string }>;
      };
      if (!json.data) throw new Error(`reportIncident failed: ${json.errors?.[0]?.message ?? res.status}`);
      return { id: json.data.reportIncident.id, notifications: json.data.reportIncident.notifications.length, sentAt };
    };

    console.log(
      `bench:notify — ${postgres ? 'Postgres' : 'SQLite (WAL, synchronous=FULL)'}, Redis ${shared.REDIS_URL} (prefix ${prefix}), ` +
        `webhook receiver on 127.0.0.1:${receiver.port}, one worker process (concurrency ${CONCURRENCY}), node ${process.version}`,
    );

    // 1. Latency at a steady rate.
    worker = await startWorker(workerEnv);
    const warm = await reportOne();
    await waitUntil(
      'warm-up delivery',
      () => [...receiver.arrivals.values()].filter((a) => a.incidentId === warm.id).length === warm.notifications,
    );
    const reported: Array<Promise<{ id: string; notifications: number; sentAt: number }>> = [];
    const total = Math.round(RATE_PER_SECOND * LATENCY_SECONDS);
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      reported.push(reportOne());
    }
    const incidents = await Promise.all(reported);
    const expected = incidents.reduce((sum, i) => sum + i.notifications, 0);
    const ids = new Map(incidents.map((i) => [i.id, i]));
    const arrivedFor = () => [...receiver.arrivals.values()].filter((a) => ids.has(a.incidentId));
    await waitUntil('delivery of the steady-rate incidents', () => arrivedFor().length === expected);
    const latencies = arrivedFor()
      .map((a) => a.at - ids.get(a.incidentId)!.sentAt)
      .sort((a, b) => a - b);
    console.log(
      `latency  ${total} incidents at ${RATE_PER_SECOND}/s (${expected} notifications, ${(expected / LATENCY_SECONDS).toFixed(1)}/s): ` +
        `reportIncident → webhook receiver p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`,
    );
    await stopWorker(worker);
    worker = null;

    // 2. Throughput of one worker process on a backlog.
    const backlog: Array<{ id: string; notifications: number }> = [];
    for (let i = 0; i < BACKLOG_INCIDENTS; i += 20) {
      backlog.push(...(await Promise.all(Array.from({ length: Math.min(20, BACKLOG_INCIDENTS - i) }, reportOne))));
    }
    const backlogIds = new Set(backlog.map((b) => b.id));
    const backlogCount = backlog.reduce((sum, b) => sum + b.notifications, 0);
    await waitUntil('the backlog queued', async () => {
      const [row] = (await ds.query(`SELECT COUNT(*) AS n FROM notification WHERE status = 'PENDING'`)) as Array<{
        n: string | number;
      }>;
      return Number(row.n) === 0;
    });
    worker = await startWorker(workerEnv);
    await waitUntil(
      'delivery of the backlog',
      () => [...receiver.arrivals.values()].filter((a) => backlogIds.has(a.incidentId)).length === backlogCount,
    );
    const times = [...receiver.arrivals.values()]
      .filter((a) => backlogIds.has(a.incidentId))
      .map((a) => a.at)
      .sort((a, b) => a - b);
    // The sustained rate: between the 10th and the 90th percentile of arrivals (no start-up, no tail).
    const lo = Math.floor(times.length * 0.1);
    const hi = Math.floor(times.length * 0.9);
    const sustained = (hi - lo) / ((times[hi] - times[lo]) / 1000);
    const overall = times.length / ((times[times.length - 1] - times[0]) / 1000);
    console.log(
      `throughput  one worker process, backlog of ${backlogCount} notifications: sustained ${sustained.toFixed(0)} notifications/s ` +
        `(${overall.toFixed(0)}/s first to last), ${receiver.requests - receiver.arrivals.size} repeated requests at the receiver`,
    );
  } finally {
    await stopWorker(worker);
    if (app) await app.close();
    await receiver.stop();
    if (postgres) {
      const ds = new DataSource({
        type: 'postgres',
        url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      });
      await ds.initialize();
      await ds.query(`DROP SCHEMA IF EXISTS "${prefix}" CASCADE`);
      await ds.destroy();
    }
    await dropQueueKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function dropQueueKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // nothing to clean
  } finally {
    redis.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
