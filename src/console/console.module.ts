import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  MiddlewareConsumer,
  Module,
  NestMiddleware,
  NestModule,
  OnModuleInit,
  RequestMethod,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ExpressAdapter } from '@nestjs/platform-express';
import { AppConfig } from '../config/app.config';
import { CONSOLE_CSP, consoleDir, isConsoleRoute } from './console-files.helper';

interface Req {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}
interface Res {
  setHeader(name: string, value: string): unknown;
  status(code: number): Res;
  type(type: string): Res;
  send(body: string): unknown;
}

/** The console's index.html, read once. */
@Injectable()
export class ConsoleIndex {
  readonly dir: string | null;
  private html: string | null = null;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.dir = consoleDir(config.env.CONSOLE_DIR);
  }

  get index(): string | null {
    if (this.dir && this.html === null) this.html = readFileSync(join(this.dir, 'index.html'), 'utf8');
    return this.html;
  }
}

/**
 * Answers the console's client-side routes (/, /report, /incidents/… ) with index.html, so a
 * reload or a shared link opens the right page. /graphql, /health, /ack, /auth are left alone.
 */
@Injectable()
export class ConsoleFallbackMiddleware implements NestMiddleware {
  constructor(private readonly console: ConsoleIndex) {}

  use(req: Req, res: Res, next: () => void): void {
    const html = this.console.index;
    if (!html || (req.method !== 'GET' && req.method !== 'HEAD') || !isConsoleRoute(req.path)) return next();
    const accept = String(req.headers.accept ?? '');
    if (accept && !accept.includes('text/html') && !accept.includes('*/*')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.status(200).type('html').send(html);
  }
}

/**
 * The duty-officer console (web/, built into dist/web) served by this process at /: hashed assets
 * under /assets (cached for a year), index.html for every client-side route.
 */
@Module({ providers: [ConsoleIndex] })
export class ConsoleModule implements NestModule, OnModuleInit {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly console: ConsoleIndex,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(ConsoleFallbackMiddleware)
      .forRoutes({ path: '{*path}', method: RequestMethod.GET }, { path: '{*path}', method: RequestMethod.HEAD });
  }

  onModuleInit(): void {
    if (!this.console.dir) {
      this.logger.warn(
        'The console has not been built (no dist/web/index.html): run `npm run build`; the API works without it',
      );
      return;
    }
    const adapter = this.adapterHost.httpAdapter as unknown as ExpressAdapter;
    if (typeof adapter?.useStaticAssets !== 'function') return;
    adapter.useStaticAssets(join(this.console.dir, 'assets'), {
      prefix: '/assets',
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: true,
      setHeaders: (res: { setHeader(n: string, v: string): void }) =>
        res.setHeader('X-Content-Type-Options', 'nosniff'),
    } as never);
  }
}
