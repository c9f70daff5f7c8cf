import { randomUUID } from 'node:crypto';
import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { routeLabel } from '../metrics/core/route-label';
import { requestIdFrom, requestScope } from './request-id.helper';

/**
 * Gives every request an id (the caller's X-Request-Id when it is a plain token), echoes it in the response
 * and stamps it on every line logged while the request runs. Finished requests are logged at debug, server
 * errors at error; the path is reduced to its route label, so no acknowledgement token or query reaches a log.
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('HTTP');

  use(req: Request, res: Response, next: NextFunction): void {
    const requestId = requestIdFrom(req.headers['x-request-id'], randomUUID);
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        msg: 'request',
        reqId: requestId,
        method: req.method,
        route: routeLabel(req.originalUrl ?? req.url),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      };
      if (res.statusCode >= 500) this.logger.error(line);
      else this.logger.debug(line);
    });
    requestScope.run({ requestId }, next);
  }
}
