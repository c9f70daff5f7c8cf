import { Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { AuthModule } from '../auth/auth.module';
import { RequestAuthenticatorService } from '../auth/request-authenticator.service';
import { ApiRole, grantsAny } from '../auth/api-role.enum';
import { AppConfig } from '../config/app.config';
import { NotificationDeliveryModule } from '../notifications/delivery/delivery.module';
import { QUEUES } from '../notifications/notification.jobs';
import { NotificationQueuesService } from '../notifications/queue/notification-queues.service';

export const QUEUE_CONSOLE_PATH = '/admin/queues';

/** Everything from this service only (bull-board inlines its start-up script and styles). */
export const QUEUE_CONSOLE_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * The queue console for operators (bull-board) at /admin/queues: the delivery and escalation queues, their
 * jobs and failures. Admins only (a signed-in admin of the console, or an admin API key as Bearer); read-only, because jobs are re-created from the
 * database by the relay and escalation, and removing one by hand would hide a notification from that repair.
 */
@Module({ imports: [AuthModule, NotificationDeliveryModule] })
export class QueueConsoleModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('QueueConsole');
  private queues: Queue[] = [];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: RequestAuthenticatorService,
    private readonly notificationQueues: NotificationQueuesService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (!http) return;
    const connection = this.notificationQueues.redis;
    const prefix = this.config.env.QUEUE_PREFIX;
    this.queues = [
      new Queue(QUEUES.delivery, { connection, prefix }),
      new Queue(QUEUES.escalation, { connection, prefix }),
    ];
    for (const queue of this.queues) queue.on('error', () => undefined);
    const board = new ExpressAdapter();
    board.setBasePath(QUEUE_CONSOLE_PATH);
    createBullBoard({
      queues: this.queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: '通知队列' } },
    });
    http.use(QUEUE_CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => void this.admit(req, res, next));
    http.use(QUEUE_CONSOLE_PATH, board.getRouter());
    this.logger.debug(`queue console at ${QUEUE_CONSOLE_PATH}`);
  }

  private async admit(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const principal = await this.authenticator.authenticate(req.headers);
      if (!grantsAny(principal.roles, [ApiRole.admin])) {
        res.status(403).type('text/plain; charset=utf-8').send('队列控制台仅限管理员 (admin role required)');
        return;
      }
      // bull-board's page links fonts from a CDN an intranet cannot reach: the browser loads nothing from elsewhere.
      res.setHeader('Content-Security-Policy', QUEUE_CONSOLE_CSP);
      next();
    } catch {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer');
      res.type('text/plain; charset=utf-8').send('需要管理员 API 密钥 (Authorization: Bearer <admin key>)');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.queues.map((queue) => queue.close()));
  }
}
