import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { startProcess } from './boot/start-process.helper';
import { DatabaseModule } from './database/database.module';
import { NotificationDeliveryModule } from './notifications/delivery/delivery.module';

/** The worker process: the database, the notification queues and workers; no HTTP. */
@Module({})
class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, NotificationDeliveryModule],
    };
  }
}

/**
 * `node dist/worker.js`: delivers notifications in a process of its own (API nodes then run with
 * WORKERS=off). Same environment as the API (DB_*, REDIS_URL, QUEUE_PREFIX, CONFIG_DIR …); WORKERS
 * and RELAY are always on here (API nodes with RELAY=off leave the outbox to these processes).
 * SIGTERM/SIGINT: stops taking jobs, lets the active ones finish, exits.
 */
void startProcess('Worker', { ...process.env, WORKERS: 'on', RELAY: 'on' }, async (config, logger) => {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger, abortOnError: false });
  await app.init();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing the jobs in flight, then exiting`, 'Worker');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error instanceof Error ? error : String(error), (error as Error)?.stack, 'Worker');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  logger.log(`Notification worker ready (${config.env.DB_TYPE}, queue prefix ${config.env.QUEUE_PREFIX})`, 'Worker');
});
