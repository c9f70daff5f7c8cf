import Redis from 'ioredis';
import type { Env } from '../../src/config/env.schema';

/** A BullMQ key prefix of its own for one test app, so parallel suites never take each other's jobs. */
export function testQueuePrefix(): string {
  return `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}

/** Deletes the Redis keys of a test app's queues (and its live-event channel has no keys). Best effort. */
export async function dropTestQueues(env: Pick<Env, 'REDIS_URL' | 'QUEUE_PREFIX'>): Promise<void> {
  if (!/^t_/.test(env.QUEUE_PREFIX)) return;
  const redis = new Redis(env.REDIS_URL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 500,
    disconnectTimeout: 100,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.QUEUE_PREFIX}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis down: nothing to clean.
  } finally {
    redis.disconnect();
  }
}
