import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { DeliveryHealthService } from '../notifications/delivery/delivery-health.service';
import { quantile } from './core/quantile';

/** How many recent acknowledgements the acknowledgement-latency quantiles are computed over. */
const ACK_SAMPLE = 1000;

/**
 * Prometheus metrics (GET /metrics). Request latency is observed as requests finish; the domain figures
 * (incidents, notifications, outbox, queues, escalations, acknowledgement latency, roster revision) are read
 * from the database and Redis when Prometheus scrapes, so no module has to report to this one.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'emergency_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'emergency_graphql_operation_duration_seconds',
    help: 'GraphQL operations by type, name and outcome',
    labelNames: ['type', 'operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly delivery: DeliveryHealthService,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'emergency_process_' });
    const db = this.dataSource;
    const health = this.delivery;
    new Gauge({
      name: 'emergency_incidents',
      help: 'Incidents by type, grade and status',
      labelNames: ['type', 'grade', 'status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await db.query<Array<{ t: string; g: string; s: string; n: string | number }>>(
          'SELECT incident_type AS t, severity AS g, status AS s, COUNT(*) AS n FROM incident GROUP BY incident_type, severity, status',
        );
        for (const row of rows) this.set({ type: row.t, grade: row.g, status: row.s }, Number(row.n));
      },
    });
    new Gauge({
      name: 'emergency_notifications',
      help: 'Notifications by status and channel',
      labelNames: ['status', 'channel'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await db.query<Array<{ s: string; c: string; n: string | number }>>(
          'SELECT status AS s, channel AS c, COUNT(*) AS n FROM notification GROUP BY status, channel',
        );
        for (const row of rows) this.set({ status: row.s, channel: row.c }, Number(row.n));
      },
    });
    new Gauge({
      name: 'emergency_escalations',
      help: 'Escalation timers by status',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await db.query<Array<{ s: string; n: string | number }>>(
          'SELECT status AS s, COUNT(*) AS n FROM notification_escalation GROUP BY status',
        );
        for (const row of rows) this.set({ status: row.s }, Number(row.n));
      },
    });
    new Gauge({
      name: 'emergency_acknowledgement_latency_seconds',
      help: `From notification to acknowledgement, over the last ${ACK_SAMPLE} acknowledgements`,
      labelNames: ['quantile'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await db.query<Array<{ c: string; a: string }>>(
          `SELECT created_at AS c, acknowledged_at AS a FROM notification WHERE acknowledged_at IS NOT NULL ORDER BY acknowledged_at DESC LIMIT ${ACK_SAMPLE}`,
        );
        const seconds = rows.map((row) => (Date.parse(row.a) - Date.parse(row.c)) / 1000).filter(Number.isFinite);
        for (const q of [0.5, 0.9, 0.99]) {
          const value = quantile(seconds, q);
          if (value !== null) this.set({ quantile: String(q) }, value);
        }
      },
    });
    new Gauge({
      name: 'emergency_roster_revision',
      help: 'The roster revision (bumped by every roster change)',
      registers: [this.registry],
      async collect() {
        const rows = await db.query<Array<{ r: string | number }>>('SELECT MAX(revision) AS r FROM roster_revision');
        this.set(Number(rows[0]?.r ?? 0));
      },
    });
    // Registered first of the delivery gauges: its collect reads the outbox and queue state once per scrape
    // and sets the gauges registered after it, which prom-client collects afterwards.
    new Gauge({
      name: 'emergency_outbox_pending',
      help: 'Notifications recorded but not yet handed to the queue',
      registers: [this.registry],
      async collect() {
        const report = await health.report();
        this.set(Math.max(0, report.outbox.pending));
        outboxAge.set(report.outbox.oldestPendingAgeSeconds ?? 0);
        queueJobs.reset();
        if (report.queue.status === 'up') {
          const queues = [
            ['delivery', report.queue.delivery],
            ['escalation', report.queue.escalation],
          ] as const;
          for (const [queue, counts] of queues) {
            for (const state of ['waiting', 'active', 'delayed', 'failed'] as const)
              queueJobs.set({ queue, state }, counts[state]);
          }
          queueAge.set(report.queue.delivery.oldestWaitingAgeSeconds ?? 0);
        }
        redisUp.set(report.queue.status === 'up' ? 1 : 0);
      },
    });
    const outboxAge = new Gauge({
      name: 'emergency_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest notification not yet handed to the queue (0 when none)',
      registers: [this.registry],
    });
    const queueJobs = new Gauge({
      name: 'emergency_queue_jobs',
      help: 'Jobs in the BullMQ queues by queue and state (absent while Redis is down)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
    });
    const queueAge = new Gauge({
      name: 'emergency_queue_oldest_waiting_age_seconds',
      help: 'Age of the oldest delivery job waiting for a worker (0 when none)',
      registers: [this.registry],
    });
    const redisUp = new Gauge({
      name: 'emergency_redis_up',
      help: '1 when the queue Redis answers',
      registers: [this.registry],
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
