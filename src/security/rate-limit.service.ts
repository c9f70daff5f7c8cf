import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app.config';

/** What is counted, and per what. */
export type RateLimitKind = 'key' | 'ip' | 'authFailure' | 'ack' | 'ackUnknown' | 'signInName';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface Budget {
  points: number;
  seconds: number;
  /** Seconds a key stays refused once over (defaults to the rest of the window). */
  block?: number;
}

/**
 * Request budgets held in Redis, so every instance behind a balancer shares them (per API key, per
 * client address, failed authentications, acknowledgement links). When Redis is away each instance
 * falls back to counting in its own memory (rate-limiter-flexible's insurance limiter), so limits
 * hold through a Redis outage instead of failing open or closed.
 */
@Injectable()
export class RateLimitService implements OnModuleInit, OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly limiters = new Map<RateLimitKind, RateLimiterAbstract>();

  constructor(@Inject(AppConfig) config: AppConfig) {
    const env = config.env;
    this.redis = new Redis(env.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    });
    this.redis.on('error', () => undefined); // the queue's connection reports Redis trouble; counting falls back to memory
    const budgets: Partial<Record<RateLimitKind, Budget>> = {
      key: { points: env.RATE_LIMIT_PER_KEY, seconds: 60 },
      ip: { points: env.RATE_LIMIT_PER_IP, seconds: 60 },
      authFailure: { points: env.AUTH_FAILURES_PER_IP, seconds: 300, block: 300 },
      ack: { points: env.ACK_REQUESTS_PER_IP, seconds: 60 },
      ackUnknown: { points: env.ACK_UNKNOWN_PER_IP, seconds: 600, block: 600 },
    };
    this.prefix = env.QUEUE_PREFIX;
    for (const [kind, budget] of Object.entries(budgets) as Array<[RateLimitKind, Budget]>) this.define(kind, budget);
  }

  private readonly prefix: string;

  /** Sets the budget of `kind` (a budget of 0 points switches it off). The modules that count one define it. */
  define(kind: RateLimitKind, budget: Budget): void {
    if (budget.points === 0) return; // switched off
    const options = { points: budget.points, duration: budget.seconds, blockDuration: budget.block ?? 0 };
    this.limiters.set(
      kind,
      new RateLimiterRedis({
        ...options,
        storeClient: this.redis,
        keyPrefix: `${this.prefix}:rate:${kind}`,
        insuranceLimiter: new RateLimiterMemory({ ...options, keyPrefix: `rate:${kind}` }),
      }),
    );
  }

  /** Gives Redis a moment to connect at boot, so the first requests are counted where the rest will be. */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, 1000);
      this.redis.once('ready', done);
    });
  }

  /** Counts one request for `subject`; refused once the budget of the window is spent. */
  async consume(kind: RateLimitKind, subject: string): Promise<RateDecision> {
    const limiter = this.limiters.get(kind);
    if (!limiter) return { allowed: true };
    try {
      await limiter.consume(subject);
      return { allowed: true };
    } catch (result) {
      if (result instanceof RateLimiterRes)
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
      return { allowed: true }; // neither store answered: do not turn a counting fault into an outage
    }
  }

  /** Whether `subject` is currently refused, without counting (e.g. an address blocked for failed logins). */
  async blocked(kind: RateLimitKind, subject: string): Promise<RateDecision> {
    const limiter = this.limiters.get(kind);
    if (!limiter) return { allowed: true };
    try {
      const result = await limiter.get(subject);
      if (result && result.consumedPoints > limiter.points)
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
    } catch {
      // no store answered: not blocked
    }
    return { allowed: true };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
