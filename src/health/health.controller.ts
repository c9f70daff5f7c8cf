import { Controller, Get, Logger, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { BootIntegrity, bootIntegrityOf } from '../database/data-source.config';
import { DeliveryHealthService, NotificationHealth } from '../notifications/delivery/delivery-health.service';
import { NotificationQueuesService, withTimeout } from '../notifications/queue/notification-queues.service';

/**
 * Plain states: `up`, `degraded` (working, something is wrong: `reason` says what and what it means
 * for users) or `down`. Reasons are sentences for people; client internals stay in the log.
 */
export interface HealthReport {
  status: 'up' | 'degraded' | 'down';
  reason?: string;
  database: {
    status: 'up' | 'down';
    type: string;
    reason?: string;
    /** The integrity check run at boot (PRAGMA quick_check on SQLite, SELECT 1 on Postgres). */
    integrity?: BootIntegrity;
  };
  redis: { status: 'up' | 'down'; reason?: string };
  /** The notification outbox and queues (waiting, active, failed, oldest pending age). */
  notifications: NotificationHealth;
  degraded: string[];
}

/** What each degraded part means for users, in plain words. */
const DEGRADED_REASONS: Record<string, string> = {
  redis: 'Redis is not reachable: incidents are taken and notifications wait in the outbox until it is back',
  'notification-queue': 'the notification queue is not reachable: notifications wait in the outbox',
  'notification-workers':
    'no worker is taking notifications from the queue: start one (WORKERS=on or node dist/worker.js)',
  'notification-outbox': 'notifications have waited in the outbox longer than expected',
};

/**
 * GET /health: 200 once the database answers (body says what is degraded, e.g. Redis down);
 * 503 when the database does not.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly delivery: DeliveryHealthService,
    private readonly queues: NotificationQueuesService,
  ) {}

  private readonly logger = new Logger(HealthController.name);

  /** GET /health/live: the process answers (for an orchestrator's liveness probe; no dependency checked). */
  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /**
   * GET /health/ready: 200 when the database answers (a read of its tables, not only a connection) and
   * passed the integrity check at boot, so the service can take incidents (Redis trouble only degrades
   * delivery, which waits in the outbox); 503 otherwise. Used by the image's HEALTHCHECK and compose.
   */
  @Get('ready')
  async ready(): Promise<{ status: 'up' | 'down'; database: HealthReport['database'] }> {
    const database = await this.database();
    if (database.status === 'down') throw new ServiceUnavailableException({ status: 'down', database });
    return { status: 'up', database };
  }

  @Get()
  async check(): Promise<HealthReport> {
    const report = await this.report();
    if (report.status === 'down') throw new ServiceUnavailableException(report);
    return report;
  }

  async report(): Promise<HealthReport> {
    const [database, redis, notifications] = await Promise.all([
      this.database(),
      this.pingRedis(),
      this.delivery.report(),
    ]);
    // Redis or delivery trouble degrades the service but never fails readiness: intake keeps working.
    const degraded = [...(redis.status === 'down' ? ['redis'] : []), ...notifications.degraded];
    const status = database.status === 'down' ? 'down' : degraded.length ? 'degraded' : 'up';
    const reasons = [
      ...(database.reason ? [database.reason] : []),
      ...degraded.map((name) => DEGRADED_REASONS[name] ?? name),
    ];
    return {
      status,
      ...(reasons.length ? { reason: reasons.join('; ') } : {}),
      database,
      redis,
      notifications,
      degraded,
    };
  }

  private async database(): Promise<HealthReport['database']> {
    const type = String(this.dataSource.options.type);
    const name = type === 'postgres' ? 'PostgreSQL' : 'SQLite';
    const integrity = bootIntegrityOf(this.dataSource);
    try {
      // Reads the schema and a table (SELECT 1 alone never touches a SQLite file's pages).
      await withTimeout(
        this.dataSource.query('SELECT count(*) AS n FROM migrations WHERE id > 0'),
        2000,
        'database read',
      );
    } catch (error) {
      this.logger.warn(`health: the database does not answer: ${(error as Error).message}`);
      return {
        status: 'down',
        type,
        reason: `the ${name} database does not answer: nothing can be read or recorded`,
        ...(integrity ? { integrity } : {}),
      };
    }
    if (integrity && !integrity.ok)
      return {
        status: 'down',
        type,
        reason: `the ${name} database failed its integrity check at boot: restore it from a backup`,
        integrity,
      };
    return { status: 'up', type, ...(integrity ? { integrity } : {}) };
  }

  /** Pings Redis on the producer connection, which reconnects by itself and never queues commands. */
  private async pingRedis(): Promise<HealthReport['redis']> {
    try {
      await withTimeout(this.queues.redis.ping(), 1000, 'Redis ping');
      return { status: 'up' };
    } catch (error) {
      this.logger.debug(`health: Redis ping failed: ${(error as Error).message}`);
      return { status: 'down', reason: DEGRADED_REASONS.redis };
    }
  }
}
