import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../../src/config/env.schema';

const ROOT = join(__dirname, '..', '..');

/**
 * Compiles src/ once per test process (tsc, a few seconds) into node_modules/.cache, so that
 * `node <out>/worker.js` runs the current sources and resolves node_modules like dist/ does.
 */
export function buildWorker(): string {
  const out = join(ROOT, 'node_modules', '.cache', 'emergency-test-build', String(process.pid));
  if (!existsSync(join(out, 'worker.js'))) {
    mkdirSync(out, { recursive: true });
    try {
      execFileSync(
        join(ROOT, 'node_modules', '.bin', 'tsc'),
        ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out],
        { cwd: ROOT, stdio: 'pipe' },
      );
    } catch (error) {
      // Type errors still emit JavaScript; only a missing worker.js is fatal.
      if (!existsSync(join(out, 'worker.js'))) throw error;
    }
  }
  return join(out, 'worker.js');
}

/** The environment a worker process needs to share the test app's database, Redis and queues. */
export function workerEnv(env: Env, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const pick = (keys: Array<keyof Env>) =>
    Object.fromEntries(keys.filter((k) => env[k] !== undefined).map((k) => [k, String(env[k])]));
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'log',
    ...pick([
      'DB_TYPE',
      'DB_PATH',
      'DATABASE_URL',
      'DB_SCHEMA',
      'REDIS_URL',
      'QUEUE_PREFIX',
      'CONFIG_DIR',
      'NOTIFICATIONS_FILE',
      'WEBHOOK_SECRET',
      'PUBLIC_BASE_URL',
      'SQLITE_LOCK_WAIT_MS',
      'SQLITE_QUEUE_WAIT_MS',
      'PG_LOCK_TIMEOUT_MS',
    ]),
    ...(env.OUTBOUND_ALLOW.length ? { OUTBOUND_ALLOW: env.OUTBOUND_ALLOW.join(',') } : {}),
    OUTBOUND_ALLOW_ONLY_LISTED: env.OUTBOUND_ALLOW_ONLY_LISTED,
    ...extra,
  };
}

/** `node worker.js` as a child process; `ready` resolves once it logged that it is ready. */
export class WorkerProcess {
  readonly child: ChildProcess;
  output = '';
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;

  constructor(script: string, env: NodeJS.ProcessEnv, readyTimeoutMs = 20000) {
    this.child = spawn(process.execPath, [script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => (this.output += chunk.toString('utf8'));
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`worker not ready after ${readyTimeoutMs / 1000} s:\n${this.output}`)),
        readyTimeoutMs,
      );
      const check = () => {
        if (this.output.includes('Notification worker ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      this.child.stdout!.on('data', check);
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited (${code}) before it was ready:\n${this.output}`));
      });
    });
    this.ready.catch(() => undefined);
  }

  get pid(): number {
    return this.child.pid!;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null) this.child.kill(signal);
  }
}
