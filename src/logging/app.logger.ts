import { BootError } from '../boot/boot.error';
import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import { isoChinaTime } from './china-time.helper';
import { requestScope } from './request-id.helper';

export type LogFormat = 'json' | 'pretty';
export type NestLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

const PINO_LEVEL: Record<NestLevel, pino.Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Framework start-up chatter (one line per module, route and resolver): logged at debug, so the default
 * level shows what an operator needs (listening, database, queues, problems) and not the wiring.
 */
const QUIET_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'GraphQLModule',
  'NestApplication',
]);

/** Keys whose values are never written: secrets and contact values that might reach a log object. */
export const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'password',
  'token',
  'secret',
  'apiKey',
  'phone',
  'mobile',
  'email',
  'address',
  'value',
];

/** LOG_FORMAT, or pretty on a terminal and json otherwise. */
export function logFormatOf(format: LogFormat | undefined): LogFormat {
  return format ?? (process.stdout.isTTY ? 'pretty' : 'json');
}

export function createPino(options: { level: NestLevel; format: LogFormat; destination?: DestinationStream }): Pino {
  const base = {
    level: PINO_LEVEL[options.level],
    base: { pid: process.pid },
    timestamp: () => `,"time":"${isoChinaTime(new Date())}"`,
    messageKey: 'msg',
    mixin: () => {
      const scope = requestScope.getStore();
      return scope ? { reqId: scope.requestId } : {};
    },
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]), censor: '[redacted]' },
  } satisfies pino.LoggerOptions;
  if (options.destination) return pino(base, options.destination);
  if (options.format === 'pretty') {
    // In-process (no worker thread), so lines written just before process.exit() are never lost.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as (o: Record<string, unknown>) => DestinationStream;
    return pino(
      base,
      pretty({
        colorize: Boolean(process.stdout.isTTY),
        sync: true,
        translateTime: false,
        ignore: 'pid',
        messageKey: 'msg',
      }),
    );
  }
  return pino(base, pino.destination({ dest: 1, sync: true }));
}

/**
 * Nest's logger on pino: one JSON object per line (LOG_FORMAT=json) or readable lines (pretty), ISO time
 * in UTC+8, the Nest context as a field. Errors keep their stack in `stack`, never in the message.
 */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = contextOf(rest);
    this.write(context && QUIET_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }

  error(message: unknown, ...rest: unknown[]): void {
    const context = contextOf(rest);
    // Nest reports a start-up failure before rethrowing it; startProcess prints a BootError once, without a stack.
    if (message instanceof BootError && context === 'ExceptionHandler') return;
    const stack = rest.find((part) => typeof part === 'string' && part.includes('\n    at '));
    this.write('error', message, context, typeof stack === 'string' ? { stack } : {});
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, contextOf(rest));
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, contextOf(rest));
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, contextOf(rest));
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, contextOf(rest));
  }

  private write(
    level: pino.Level,
    message: unknown,
    context: string | undefined,
    extra: Record<string, unknown> = {},
  ): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = { ...extra };
    if (context) fields.context = context;
    if (message instanceof Error) {
      this.pino[level](
        { ...fields, err: { type: message.name, message: message.message, stack: message.stack } },
        message.message,
      );
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.pino[level](fields, String(message));
    }
  }
}

/** Nest passes the context as the last string argument. */
function contextOf(rest: unknown[]): string | undefined {
  const last = rest[rest.length - 1];
  return typeof last === 'string' && !last.includes('\n') ? last : undefined;
}
