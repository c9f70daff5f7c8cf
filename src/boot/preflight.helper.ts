import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { Client } from 'pg';
import { redactUrl, type Env } from '../config/env.schema';
import { BootError } from './boot.error';
import { waitFor, WaitTimeoutError } from './wait-for.helper';

type Log = (line: string) => void;

/** Where a SQLite file can never live: kernel file systems (SQLite hangs or fails there). */
const FORBIDDEN_ROOTS = ['/proc', '/sys', '/dev'];

/**
 * Before Nest starts: the database answers (retried with backoff, one line per attempt) and Redis answers
 * (retried; if it stays away the service starts degraded, since intake keeps notifications in the outbox).
 * Mistakes an operator can fix end in a BootError naming the variable or path.
 */
export async function preflight(env: Env, log: Log, warn: Log): Promise<void> {
  const timeoutMs = env.BOOT_WAIT_SECONDS * 1000;
  if (env.DB_TYPE === 'sqlite') checkSqlitePath(env.DB_PATH);
  else await waitForPostgres(env, timeoutMs, log);
  try {
    await waitFor(() => pingRedis(env.REDIS_URL), {
      what: `Redis (REDIS_URL=${redactUrl(env.REDIS_URL)})`,
      timeoutMs,
      log,
    });
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    warn(`${error.message}; starting without it: notifications wait in the outbox until Redis answers`);
  }
}

export function checkSqlitePath(path: string): void {
  const file = resolve(path);
  if (FORBIDDEN_ROOTS.some((root) => file === root || file.startsWith(`${root}/`))) {
    throw new BootError(
      `DB_PATH=${path}: ${dirname(file)} is a kernel file system; choose a folder on a disk, e.g. ./data/emergency.sqlite`,
    );
  }
  const folder = dirname(file);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'a part of that path is a file, not a folder'
        : code === 'EACCES'
          ? 'permission denied'
          : code;
    throw new BootError(`DB_PATH=${path}: cannot create the folder ${folder} (${why})`);
  }
  let isDirectory = false;
  try {
    isDirectory = statSync(file).isDirectory();
  } catch {
    // Not there yet: created on first start.
  }
  if (isDirectory)
    throw new BootError(
      `DB_PATH=${path} is a folder; name a file inside it, e.g. ${path.replace(/\/+$/, '')}/emergency.sqlite`,
    );
  try {
    const db = new Database(file, { timeout: 1000 });
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } finally {
      db.close();
    }
  } catch (error) {
    const e = error as Error & { code?: string };
    const why =
      e.code === 'SQLITE_NOTADB'
        ? 'not a SQLite database (wrong file, or damaged)'
        : e.code === 'SQLITE_CANTOPEN'
          ? 'cannot be opened (permissions?)'
          : e.message;
    throw new BootError(`DB_PATH=${path}: ${why}`);
  }
}

async function waitForPostgres(env: Env, timeoutMs: number, log: Log): Promise<void> {
  const url = env.DATABASE_URL as string;
  const where = redactUrl(url);
  await waitFor(
    async () => {
      const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    {
      what: `database (DATABASE_URL=${where})`,
      timeoutMs,
      log,
      describe: describePgError,
      isFinal: (error) => ['3D000', '28P01', '28000'].includes((error as { code?: string }).code ?? ''),
    },
  ).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === '3D000')
      throw new BootError(`DATABASE_URL=${where}: ${(error as Error).message}; create it first (createdb)`);
    if (code === '28P01' || code === '28000') throw new BootError(`DATABASE_URL=${where}: ${(error as Error).message}`);
    if (error instanceof WaitTimeoutError) throw new BootError(error.message);
    throw error;
  });
}

function describePgError(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: Array<{ message: string }> };
  if (e.errors?.length) return e.errors.map((inner) => inner.message).join('; ');
  return e.code ? `${e.code} ${e.message}` : (e.message ?? String(error));
}

async function pingRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}
