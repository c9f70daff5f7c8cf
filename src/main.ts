import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ApiKeyBootstrapService } from './auth/api-key-bootstrap.service';
import { startProcess } from './boot/start-process.helper';

/** `node dist/main.js`: the API (GraphQL, console, acknowledgement links, health, metrics). */
void startProcess('Bootstrap', process.env, async (config, logger) => {
  // abortOnError off: a failure during start-up is thrown to startProcess, which names it in one line.
  const app = await NestFactory.create(AppModule.forRoot(config), { logger, abortOnError: false, bufferLogs: false });
  app.enableShutdownHooks();
  await app.listen(config.env.PORT);
  logger.log(
    `Serving POST /graphql, the console at / and GET /health on port ${config.env.PORT} (${config.env.DB_TYPE})`,
    'Bootstrap',
  );
  // Only a server that is ready creates and prints the first-start admin key.
  await app.get(ApiKeyBootstrapService).serverReady();
});
