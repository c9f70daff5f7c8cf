import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ApiKeyBootstrapService } from './auth/api-key-bootstrap.service';
import { AppConfig } from './config/app.config';
import { loadEnv } from './config/env.schema';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.load(loadEnv());
  } catch (error) {
    // A bad environment or config file: say what is wrong and stop, without a stack trace.
    console.error((error as Error).message);
    process.exit(1);
  }
  const app = await NestFactory.create(AppModule.forRoot(config), {
    logger: levels(config.env.LOG_LEVEL),
  });
  app.enableShutdownHooks();
  await app.listen(config.env.PORT);
  Logger.log(`Serving POST /graphql and GET /health on port ${config.env.PORT} (${config.env.DB_TYPE})`, 'Bootstrap');
  // Only a server that is ready creates and prints the first-start admin key.
  await app.get(ApiKeyBootstrapService).serverReady();
}

function levels(level: string): Array<'error' | 'warn' | 'log' | 'debug' | 'verbose'> {
  const all = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return all.slice(0, all.indexOf(level as (typeof all)[number]) + 1);
}

void bootstrap();
