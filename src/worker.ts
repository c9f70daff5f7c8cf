import 'reflect-metadata';
import { Logger, Module, DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { loadEnv } from './config/env.schema';
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
 * is always on here. SIGTERM/SIGINT: stops taking jobs, lets the active ones finish, exits.
 */
async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.load(loadEnv({ ...process.env, WORKERS: 'on' }));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const all = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: all.slice(0, all.indexOf(config.env.LOG_LEVEL) + 1) as unknown as Array<(typeof all)[number]>,
  });
  await app.init();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    Logger.log(`${signal}: finishing the jobs in flight, then exiting`, 'Worker');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  Logger.log(`Notification worker ready (${config.env.DB_TYPE}, queue prefix ${config.env.QUEUE_PREFIX})`, 'Worker');
}

void bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
