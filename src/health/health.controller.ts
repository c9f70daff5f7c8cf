import { Controller, Get, Inject, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Public } from '../auth/auth.decorators';
import { DeliveryHealth, NotificationHealth } from '../notifications/delivery/delivery-health.service';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  database: { status: 'up' | 'down'; type: string; error?: string };
  redis: { status: 'up' | 'down'; error?: string };
  /** The notification outbox and queues (waiting, active, failed, oldest pending age). */
  notifications: NotificationHealth;
  degraded: string[];
}

/**
 * GET /health: 200 once the database answers (body says what is degraded, e.g. Redis down);
 * 503 when the database does not.
 */
@Public()
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AppConfig) config: AppConfig,
    private readonly delivery: DeliveryHealth,
  ) {
    this.redis = new Redis(config.env.REDIS_URL, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 500,
      disconnectTimeout: 200,
      retryStrategy: () => 5000,
    });
    this.redis.on('error', () => undefined);
  }

  @Get()
  async check(): Promise<HealthReport> {
    const report = await this.report();
    if (report.status === 'down') throw new ServiceUnavailableException(report);
    return report;
  }

  async report(): Promise<HealthReport> {
    const [database, redis, notifications] = await Promise.all([this.database(), this.pingRedis(), this.delivery.report()]);
    // Redis or delivery trouble degrades the service but never fails readiness: intake keeps working.
    const degraded = [...(redis.status === 'down' ? ['redis'] : []), ...notifications.degraded];
    return { status: database.status === 'down' ? 'down' : degraded.length ? 'degraded' : 'ok', database, redis, notifications, degraded };
  }

  private async database(): Promise<HealthReport['database']> {
    const type = String(this.dataSource.options.type);
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'up', type };
    } catch (error) {
      return { status: 'down', type, error: (error as Error).message };
    }
  }

  private async pingRedis(): Promise<HealthReport['redis']> {
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      await withTimeout(this.redis.ping(), 1000);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: (error as Error).message };
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}
