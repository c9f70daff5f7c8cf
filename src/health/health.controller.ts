import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { DeliveryHealth, NotificationHealth } from '../notifications/delivery/delivery-health.service';
import { NotificationQueues, withTimeout } from '../notifications/queue/notification-queues';

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
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly delivery: DeliveryHealth,
    private readonly queues: NotificationQueues,
  ) {}

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

  /** Pings Redis on the producer connection, which reconnects by itself and never queues commands. */
  private async pingRedis(): Promise<HealthReport['redis']> {
    try {
      await withTimeout(this.queues.redis.ping(), 1000, 'Redis ping');
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: (error as Error).message };
    }
  }
}
