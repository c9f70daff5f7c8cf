import { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadEnv } from '../../config/env.schema';
import { dataSourceOptions } from '../../database/data-source.config';
import { imageProcessSettings } from './image-env';
import { Endpoint } from './queries.helper';
import {
  dropQueueKeys,
  dropSchema,
  Receiver,
  seedContacts,
  serviceSetup,
  spawnReady,
  stopChild,
} from './service.helper';

/** The service as deployed by default: `node dist/main.js` with its workers in that process. */
export interface Deployed {
  api: ChildProcess;
  endpoint: Endpoint;
  /** A connection of the bench's own to the service's database (for its records). */
  ds: DataSource;
  /** The environment of a `node dist/worker.js` of this deployment (startWorker). */
  workerEnv: NodeJS.ProcessEnv;
  /** The last lines the API wrote since it served (told when it stops unexpectedly). */
  tail(): string;
  close(): Promise<void>;
}

/**
 * Starts `node dist/main.js` (WORKERS=on) on a fresh SQLite file in `dir` or a Postgres schema of its
 * own, a queue prefix of its own, the Jincheng roster, every person reachable through the receiver, and
 * the given process settings (docker/Dockerfile's by default, see deployedSettings()).
 */
export async function launchDeployed(
  engine: 'sqlite' | 'postgres',
  dir: string,
  receiver: Receiver,
  tag: string,
  concurrency: number | null,
  settings: Record<string, string> = deployedSettings(),
): Promise<Deployed> {
  const setup = serviceSetup(engine, dir, receiver.port, concurrency, tag);
  const port = await freePort();
  const endpoint: Endpoint = {
    url: `http://127.0.0.1:${port}/graphql`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.adminKey}` },
  };
  let tail = '';
  const api = await spawnReady(
    'main.js',
    {
      PATH: process.env.PATH ?? '',
      ...setup.shared,
      LOG_LEVEL: 'log',
      PORT: String(port),
      ADMIN_API_KEY: setup.adminKey,
      ROSTER_AUTOLOAD: 'on',
      WORKERS: 'on',
      RATE_LIMIT_PER_KEY: '0',
      RATE_LIMIT_PER_IP: '0',
      ...settings,
    },
    'Serving POST /graphql',
    [],
    (chunk) => (tail = (tail + chunk).slice(-2000)),
  );
  const ds = new DataSource(dataSourceOptions(loadEnv(setup.shared)));
  const close = async () => {
    await stopChild(api, 'SIGTERM');
    if (ds.isInitialized) await ds.destroy();
    if (engine === 'postgres') await dropSchema(setup.databaseUrl, setup.prefix);
    await dropQueueKeys(setup.shared.REDIS_URL, setup.prefix);
  };
  try {
    await ds.initialize();
    await seedContacts(ds);
  } catch (error) {
    await close();
    throw error;
  }
  const workerEnv = { PATH: process.env.PATH, ...setup.shared, LOG_LEVEL: 'log' };
  return { api, endpoint, ds, workerEnv, tail: () => tail, close };
}

/** docker/Dockerfile's NODE_OPTIONS and MALLOC_ARENA_MAX, from the checkout the bench runs in. */
export function deployedSettings(): Record<string, string> {
  try {
    return imageProcessSettings(readFileSync(join(__dirname, '..', '..', '..', 'docker', 'Dockerfile'), 'utf8'));
  } catch {
    return {};
  }
}

export const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
