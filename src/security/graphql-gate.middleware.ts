import { Injectable, NestMiddleware } from '@nestjs/common';
import { RequestAuthenticatorService } from '../auth/request-authenticator.service';
import { DomainException } from '../common/domain.exception';
import { formatGraphqlError } from '../common/graphql-errors.formatter';
import { RateDecision, RateLimitService } from './rate-limit.service';

/** The parts of Express's request and response used here (Nest's platform is Express 5). */
export interface HttpRequest {
  method: string;
  ip?: string;
  socket?: { remoteAddress?: string };
  headers: Record<string, string | string[] | undefined>;
  principal?: unknown;
}
export interface HttpResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): { json(body: unknown): unknown };
}
type NextFunction = (error?: unknown) => void;

/** The client address a budget is counted for (Express's req.ip honours `trust proxy`). */
export function clientAddress(req: Pick<HttpRequest, 'ip' | 'socket'>): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}

/** Answers 429 with Retry-After and a GraphQL-shaped error (code RATE_LIMITED). */
export function sendRateLimited(
  res: HttpResponse,
  decision: Extract<RateDecision, { allowed: false }>,
  what: string,
): void {
  res.setHeader('Retry-After', String(decision.retryAfterSeconds));
  const error = new DomainException(
    'RATE_LIMITED',
    `${what}: too many requests; retry after ${decision.retryAfterSeconds} s`,
    {
      retryAfterSeconds: decision.retryAfterSeconds,
    },
  );
  res.status(429).json({ errors: [formatGraphqlError({ message: error.message }, error)] });
}

/**
 * In front of /graphql, before Apollo reads the document: counts the request against the client
 * address, refuses addresses that failed authentication too often, authenticates the API key or session
 * (an unauthenticated caller's document is never parsed, validated or answered with schema hints)
 * and counts the request against the key. The principal is left on the request for the guard.
 */
@Injectable()
export class GraphqlGateMiddleware implements NestMiddleware {
  constructor(
    private readonly authenticator: RequestAuthenticatorService,
    private readonly limits: RateLimitService,
  ) {}

  async use(req: HttpRequest, res: HttpResponse, next: NextFunction): Promise<void> {
    if (req.method === 'OPTIONS') return next();
    const address = clientAddress(req);
    const perAddress = await this.limits.consume('ip', address);
    if (!perAddress.allowed) return sendRateLimited(res, perAddress, `client ${address}`);
    const blocked = await this.limits.blocked('authFailure', address);
    if (!blocked.allowed) return sendRateLimited(res, blocked, `client ${address}: too many failed authentications`);
    try {
      req.principal = await this.authenticator.authenticate(req.headers);
    } catch (error) {
      if (!(error instanceof DomainException)) return next(error);
      const failures = await this.limits.consume('authFailure', address);
      if (!failures.allowed)
        return sendRateLimited(res, failures, `client ${address}: too many failed authentications`);
      res.status(401).json({ errors: [formatGraphqlError({ message: error.message }, error)] });
      return;
    }
    const principal = req.principal as { keyId: string; keyName: string };
    const perKey = await this.limits.consume('key', principal.keyId);
    if (!perKey.allowed) return sendRateLimited(res, perKey, `API key "${principal.keyName}"`);
    next();
  }
}
