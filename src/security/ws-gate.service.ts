import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { RequestAuthenticatorService } from '../auth/request-authenticator.service';
import type { Principal } from '../auth/principal.types';
import { DomainException } from '../common/domain.exception';
import { AppConfig } from '../config/app.config';
import { RateLimitService } from './rate-limit.service';

/** Close codes of a refused graphql-ws connection (README: "Subscriptions"). */
export const WS_CLOSE = {
  /**
   * connection_init carried no key or session, or an unknown, revoked or expired one; or no connection_init
   * with a valid key came within WS_AUTH_TIMEOUT_MS.
   */
  UNAUTHORIZED: 4401,
  /** A session cookie sent from another site's page (cross-site WebSocket), or a key without the reader role. */
  FORBIDDEN: 4403,
  /** Too many open sockets for this key (WS_MAX_SOCKETS_PER_KEY), or too many failed authentications from the address. */
  TOO_MANY: 4429,
} as const;

/** What graphql-ws gives the hooks (its Context, the parts used here). */
export interface WsHookContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra: { socket: WebSocket; request: IncomingMessage; keyId?: string };
}

/** The headers a graphql-ws connection authenticates with (connectionParams.Authorization first). */
export function wsHeaders(
  params: Readonly<Record<string, unknown>> | undefined,
  request: IncomingMessage | undefined,
): { authorization?: string; cookie?: string } {
  const fromParams = params?.Authorization ?? params?.authorization;
  const authorization = typeof fromParams === 'string' ? fromParams : request?.headers.authorization;
  return { authorization, cookie: request?.headers.cookie };
}

/** True when the WebSocket was opened by a page of this service (Origin host equals Host). */
export function sameOrigin(request: Pick<IncomingMessage, 'headers'>): boolean {
  const origin = request.headers.origin;
  const host = request.headers['x-forwarded-host'] ?? request.headers.host;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === (Array.isArray(host) ? host[0] : host);
  } catch {
    return false;
  }
}

/**
 * The door of graphql-ws (subscriptions): connection_init must carry a valid API key
 * (connectionParams.Authorization or the upgrade's Authorization header) or a console session
 * from the service's own pages within WS_AUTH_TIMEOUT_MS of the socket opening; otherwise the socket
 * is closed (4401, or 4403 for a key without a role). Failed attempts and sockets that let the time run out count against the address like failed HTTP authentication; each key
 * holds at most WS_MAX_SOCKETS_PER_KEY sockets on this instance (4429 beyond); open sockets are
 * pinged every WS_KEEPALIVE_MS and dropped when a pong does not come back in time.
 */
@Injectable()
export class WsGateService {
  private readonly open = new Map<string, number>();
  /** Sockets connect() admitted; the others are closed when WS_AUTH_TIMEOUT_MS runs out. */
  private readonly admitted = new WeakSet<WebSocket>();

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly authenticator: RequestAuthenticatorService,
    private readonly limits: RateLimitService,
  ) {}

  /**
   * A socket opened (GraphqlWsServerService): unless connect() admits it within WS_AUTH_TIMEOUT_MS, it is closed
   * with 4401 and counted as a failed authentication of its address.
   */
  opened(socket: WebSocket, request: IncomingMessage): void {
    const timer = setTimeout(() => {
      if (this.admitted.has(socket) || socket.readyState !== socket.OPEN) return;
      socket.close(
        WS_CLOSE.UNAUTHORIZED,
        'Unauthorized: no connection_init with a valid key within WS_AUTH_TIMEOUT_MS',
      );
      void this.limits.consume('authFailure', request.socket.remoteAddress ?? 'unknown').catch(() => undefined);
    }, this.config.env.WS_AUTH_TIMEOUT_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  }

  /** Sockets open per key on this instance (metrics, tests). */
  openSockets(keyId: string): number {
    return this.open.get(keyId) ?? 0;
  }

  /** graphql-ws onConnect: true to acknowledge, false after closing the socket with the reason's code. */
  async connect(ctx: WsHookContext): Promise<boolean> {
    const { socket, request } = ctx.extra;
    const address = request.socket.remoteAddress ?? 'unknown';
    const refuse = (code: number, reason: string) => {
      socket.close(code, reason);
      return false;
    };
    const blocked = await this.limits.blocked('authFailure', address);
    if (!blocked.allowed) return refuse(WS_CLOSE.TOO_MANY, 'Too many failed authentications');
    const headers = wsHeaders(ctx.connectionParams, request);
    const viaCookie = !headers.authorization && Boolean(headers.cookie);
    if (viaCookie && !sameOrigin(request)) return refuse(WS_CLOSE.FORBIDDEN, 'Forbidden: session from another site');
    let principal: Principal;
    try {
      if (!headers.authorization && !headers.cookie) throw new DomainException('UNAUTHENTICATED', 'no key');
      principal = await this.authenticator.authenticate(headers);
    } catch (error) {
      if (!(error instanceof DomainException)) throw error;
      await this.limits.consume('authFailure', address);
      return refuse(WS_CLOSE.UNAUTHORIZED, 'Unauthorized: connection_init needs a valid key');
    }
    if (principal.roles.length === 0) return refuse(WS_CLOSE.FORBIDDEN, 'Forbidden');
    if (socket.readyState !== socket.OPEN) return false; // the client left meanwhile
    const held = this.openSockets(principal.keyId);
    if (held >= this.config.env.WS_MAX_SOCKETS_PER_KEY)
      return refuse(
        WS_CLOSE.TOO_MANY,
        `Too many sockets for this key (at most ${this.config.env.WS_MAX_SOCKETS_PER_KEY})`,
      );
    this.open.set(principal.keyId, held + 1);
    this.admitted.add(socket);
    ctx.extra.keyId = principal.keyId;
    this.keepAlive(socket);
    return true;
  }

  /** graphql-ws onClose: frees the key's slot. */
  closed(ctx: WsHookContext): void {
    const keyId = ctx.extra.keyId;
    if (!keyId) return;
    ctx.extra.keyId = undefined;
    const left = this.openSockets(keyId) - 1;
    if (left > 0) this.open.set(keyId, left);
    else this.open.delete(keyId);
  }

  private keepAlive(socket: WebSocket): void {
    const every = this.config.env.WS_KEEPALIVE_MS;
    let waiting = false;
    socket.on('pong', () => (waiting = false));
    const timer = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      if (waiting) return void socket.terminate(); // no pong since the last ping: the peer is gone
      waiting = true;
      socket.ping();
    }, every);
    timer.unref();
    socket.once('close', () => clearInterval(timer));
  }
}
