import type { LoggerService } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { existsSync } from 'node:fs';
import { EnvValidationError, loadEnv } from '../config/env.schema';
import { ConfigFileError } from '../config/yaml-file.reader';
import { loadDutySettings } from '../duty/duty-settings.loader';
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
    checkBootFiles(config);
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

/**
 * The files a module reads only once the application is built, checked before anything starts: duty.yaml,
 * and the roster file the first start loads (ROSTER_AUTOLOAD). A bad one is then one line, not a stack
 * after the database was created.
 */
export function checkBootFiles(config: AppConfig): void {
  loadDutySettings(config);
  if (config.env.ROSTER_AUTOLOAD === 'on' && !existsSync(config.rosterPath))
    throw new ConfigFileError(config.env.ROSTER_FILE, [
      `not found at ${config.rosterPath} (ROSTER_FILE=${config.env.ROSTER_FILE}, CONFIG_DIR=${config.env.CONFIG_DIR}); set ROSTER_FILE, or ROSTER_AUTOLOAD=off`,
    ]);
}

/** Turns what an operator can fix into a BootError; anything else is returned as it is. */
export function explain(error: unknown, config: AppConfig): unknown {
  if (error instanceof ConfigFileError || error instanceof EnvValidationError) return new BootError(error.message);
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
