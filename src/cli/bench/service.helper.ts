import { ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { parse, stringify } from 'yaml';
import { AppModule } from '../../app.module';
import { AppConfig } from '../../config/app.config';
import { loadEnv } from '../../config/env.schema';
import { readIncidentTypes } from '../../config/rules.config';
import { epochNow, LoadSpec } from './load-generator';
import { MixedSpec } from './mixed-load';

/** The gateway stand-in every person is reached through: first arrival of each message, epoch ms. */
export class Receiver {
  readonly arrivals = new Map<string, { incidentId: string; at: number }>();
  requests = 0;
  port = 0;
  private readonly server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = epochNow();
      this.requests++;
      const key = String(req.headers['idempotency-key'] ?? '');
      if (!this.arrivals.has(key)) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { incidentId: string };
        this.arrivals.set(key, { incidentId: body.incidentId, at });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });

  async start(): Promise<this> {
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Arrivals whose epoch time falls in [from, to). */
  between(from: number, to: number): number {
    let n = 0;
    for (const a of this.arrivals.values()) if (a.at >= from && a.at < to) n++;
    return n;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Runs one load spec in a child process of its own (load-generator.js) and returns its result. */
export function runLoad<T>(spec: LoadSpec | MixedSpec): Promise<T> {
  const child = fork(join(__dirname, 'load-generator.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<T>((resolve, reject) => {
    child.once('message', (message: { ok: boolean; result?: T; error?: string }) =>
      message.ok ? resolve(message.result!) : reject(new Error(`load generator: ${message.error}`)),
    );
    child.once('exit', (code) => reject(new Error(`load generator exited (${code}) without a result`)));
    child.send(spec);
  });
}

export interface Service {
  app: INestApplication;
  ds: DataSource;
  url: string;
  headers: Record<string, string>;
  /** The environment a `node dist/worker.js` process needs to work on the same database and queues. */
  workerEnv: NodeJS.ProcessEnv;
  prefix: string;
  close(): Promise<void>;
}

/** What a service under the bench is given: queue prefix, admin key and the environment API and workers share. */
export interface ServiceSetup {
  prefix: string;
  adminKey: string;
  databaseUrl: string;
  shared: Record<string, string>;
}

/**
 * A fresh SQLite file in `dir` or a Postgres schema of its own, a queue prefix of its own, and the
 * notifications configuration with every MOBILE message sent to the receiver.
 */
export function serviceSetup(
  engine: 'sqlite' | 'postgres',
  dir: string,
  receiverPort: number,
  concurrency: number | null,
  name = 'bench',
): ServiceSetup {
  const prefix = `${name}_${engine}_${Date.now().toString(36)}`;
  const adminKey = randomBytes(24).toString('hex');
  const configDir = process.env.CONFIG_DIR ?? 'config';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a YAML document patched in place by the benchmark
  const notifications = parse(readFileSync(join(configDir, 'notifications.yaml'), 'utf8')) as Record<string, any>;
  notifications.channels.MOBILE = { channel: 'webhook', url: `http://127.0.0.1:${receiverPort}/sms` };
  if (concurrency) notifications.delivery.concurrency = concurrency;
  const notificationsFile = join(dir, `notifications-${prefix}.yaml`);
  writeFileSync(notificationsFile, stringify(notifications));
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const shared: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    ...(engine === 'postgres'
      ? { DB_TYPE: 'postgres', DATABASE_URL: databaseUrl, DB_SCHEMA: prefix }
      : { DB_TYPE: 'sqlite', DB_PATH: join(dir, `bench-${prefix}.sqlite`) }),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    CONFIG_DIR: configDir,
    NOTIFICATIONS_FILE: notificationsFile,
    // Deliveries go to the receiver on loopback: the outbound policy must list it (API and workers).
    OUTBOUND_ALLOW: '127.0.0.1',
  };
  return { prefix, adminKey, databaseUrl, shared };
}

/** Every person reachable by MOBILE (one number each), written straight into the database. */
export async function seedContacts(ds: DataSource): Promise<void> {
  const postgres = ds.options.type === 'postgres';
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
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const admin = new DataSource({ type: 'postgres', url: databaseUrl });
  await admin.initialize();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.destroy();
}

/**
 * The API in this process (WORKERS=off: deliveries are made by worker processes; RELAY=on on both engines,
 * so that a backlog is in the queue before a worker starts: bench.ts measures a node with RELAY=off, the
 * default on Postgres, apart), on a fresh SQLite
 * file in `dir` or a Postgres schema of its own, a queue prefix of its own, the Jincheng roster, and
 * every person reachable by MOBILE through the receiver.
 */
export async function startService(
  engine: 'sqlite' | 'postgres',
  dir: string,
  receiverPort: number,
  concurrency: number | null,
): Promise<Service> {
  const { prefix, adminKey, shared, databaseUrl } = serviceSetup(engine, dir, receiverPort, concurrency);
  const env = loadEnv({
    ...shared,
    ROSTER_AUTOLOAD: 'on',
    ADMIN_API_KEY: adminKey,
    WORKERS: 'off',
    RELAY: 'on',
    // Throughput is measured here, not abuse: no request budget where the service has one.
    RATE_LIMIT_PER_KEY: '0',
    RATE_LIMIT_PER_IP: '0',
  });
  const app = await NestFactory.create(AppModule.forRoot(AppConfig.load(env)), { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const ds = app.get(DataSource);
  const postgres = engine === 'postgres';
  await seedContacts(ds);
  return {
    app,
    ds,
    url: `http://127.0.0.1:${port}/graphql`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
    workerEnv: { PATH: process.env.PATH, ...shared, LOG_LEVEL: 'log' },
    prefix,
    close: async () => {
      await app.close();
      if (postgres) await dropSchema(databaseUrl, prefix);
      await dropQueueKeys(shared.REDIS_URL, prefix);
    },
  };
}

/**
 * `node <dist script>` with `env`, resolved once its output contains `ready`; what it writes after that goes
 * to `after`. Killed when it does not get ready within 180 s or exits first.
 */
export function spawnReady(
  script: string,
  env: NodeJS.ProcessEnv,
  ready: string,
  nodeArgs: string[] = [],
  after: (chunk: string) => void = () => undefined,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', '..', script)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let started = false;
  return new Promise<ChildProcess>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready within 180 s:\n${output}`)), 180_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (started) return after(chunk.toString('utf8'));
      output += chunk.toString('utf8');
      if (output.includes(ready)) {
        started = true;
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}):\n${output.slice(-2000)}`));
    });
  }).catch((error: unknown) => {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  });
}

/** Stops a spawned process with `signal` (SIGKILL after `graceMs` when it is still there) and waits for it. */
export async function stopChild(
  child: ChildProcess | null | undefined,
  signal: NodeJS.Signals,
  graceMs = 15_000,
): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * `node dist/worker.js`, resolved once it logged that it is ready. WORKER_NODE_ARGS (space-separated)
 * go to node before the script, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (NODE_OPTIONS refuses --cpu-prof).
 */
export function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const nodeArgs = (process.env.WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawnReady('worker.js', env, 'Notification worker ready', nodeArgs);
}

export function stopWorker(child: ChildProcess | null | undefined): Promise<void> {
  // The bench throws its backlog away: no graceful drain; but a profiled worker (WORKER_NODE_ARGS=--cpu-prof)
  // must exit by itself to write its profile.
  return stopChild(child, process.env.WORKER_NODE_ARGS ? 'SIGTERM' : 'SIGKILL');
}

export async function dropQueueKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // nothing to clean
  } finally {
    redis.disconnect();
  }
}

export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  limitMs: number,
): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      console.error(`bench: ${what} not reached within ${Math.round(limitMs / 1000)} s`);
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

/** Runs a benchmark's main: exit 0 when it is done, 1 with the error printed when it fails. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Every incident type of the configuration (CONFIG_DIR; one a command post), in file order. */
export function incidentTypeCodes(): string[] {
  return readIncidentTypes(join(process.env.CONFIG_DIR ?? 'config', 'incident-types.yaml')).types.map((t) => t.code);
}
