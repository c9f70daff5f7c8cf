import type { LoggerService } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { loadEnv } from '../config/env.schema';
import { AppLogger, createPino, logFormatOf } from '../logging/app.logger';
import { BootError } from './boot.error';
import { preflight } from './preflight.helper';

/**
 * The start of a process (API or worker): validate the environment and config files, set up logging, wait for
 * the database and Redis, then run. Every problem an operator can fix ends in one line naming the variable or
 * path, and exit code 1; nothing else is printed as a bare stack.
 */
export async function startProcess(
  name: string,
  source: NodeJS.ProcessEnv,
  run: (config: AppConfig, logger: AppLogger) => Promise<void>,
): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.load(loadEnv(source));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const env = config.env;
  // Libraries read NODE_ENV themselves (Express's error pages, graphql-ws's close reasons): give them the
  // validated value, production when unset, so none of them runs in development mode by default.
  process.env.NODE_ENV = env.NODE_ENV;
  const logger = new AppLogger(createPino({ level: env.LOG_LEVEL, format: logFormatOf(env.LOG_FORMAT) }));
  if (env.OUTBOUND_ALLOW.length === 0 && env.OUTBOUND_ALLOW_ONLY_LISTED === 'on')
    logger.warn(
      'OUTBOUND_ALLOW is empty: webhook, DingTalk and e-mail deliveries reach no host (DESTINATION_NOT_ALLOWED) until it lists them',
      name,
    );
  try {
    await preflight(
      env,
      (line) => logger.log(line, name),
      (line) => logger.warn(line, name),
    );
    await run(config, logger);
  } catch (error) {
    fail(logger, name, explain(error, config));
  }
}

/** Turns what an operator can fix into a BootError; anything else is returned as it is. */
export function explain(error: unknown, config: AppConfig): unknown {
  const e = error as NodeJS.ErrnoException & { port?: number };
  if (e?.code === 'EADDRINUSE')
    return new BootError(
      `PORT=${config.env.PORT}: address already in use (another process listens there); choose a free PORT`,
    );
  if (e?.code === 'EACCES' && e.syscall === 'listen')
    return new BootError(`PORT=${config.env.PORT}: permission denied (ports below 1024 need privileges)`);
  return error;
}

function fail(logger: LoggerService, name: string, error: unknown): never {
  if (error instanceof BootError) logger.error(error.message, name);
  else logger.error(error instanceof Error ? error : String(error), (error as Error)?.stack, name);
  process.exit(1);
}
