import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { routeLabel } from './core/route-label';
import { MetricsService } from './metrics.service';

/** Observes every HTTP request's duration when its response finishes. */
@Injectable()
export class MetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer({
      method: req.method,
      route: routeLabel(req.originalUrl ?? req.url),
    });
    res.once('finish', () => end({ status: `${Math.floor(res.statusCode / 100)}xx` }));
    next();
  }
}
