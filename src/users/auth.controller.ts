import { Body, Controller, Headers, HttpCode, HttpException, Post, Req, Res } from '@nestjs/common';
import { serialize } from 'cookie';
import { Public } from '../auth/auth.decorators';
import { parseRoles } from '../auth/api-role.enum';
import { sessionTokenOf } from '../auth/request-authenticator.service';
import { SESSION_COOKIE } from '../auth/session-authenticator.types';
import { AuditService } from '../audit/audit.service';
import { clientAddress } from '../security/graphql-gate.middleware';
import { RateLimitService } from '../security/rate-limit.service';
import { SessionService } from './session.service';
import { SignInException } from './sign-in.exception';
import { UserService } from './user.service';
import type { UserEntity } from './entities/user.entity';

interface CookieRequest {
  headers: Record<string, string | string[] | undefined>;
  secure?: boolean;
  ip?: string;
  socket?: { remoteAddress?: string };
}
interface CookieResponse {
  setHeader(name: string, value: string): unknown;
}

/** What the console learns about who signed in (never the hash, never the token). */
export function sessionUser(user: UserEntity) {
  return { id: user.id, username: user.username, displayName: user.displayName, roles: parseRoles(user.roles) };
}

/**
 * Console sign-in and sign-out over REST. POST /auth/login {username, password} sets the session
 * cookie (HttpOnly, SameSite=Strict, Path=/, Max-Age = SESSION_TTL_HOURS; Secure over https);
 * POST /auth/logout ends it. Both want a JSON body (content-type application/json), which a
 * cross-site form cannot send without a CORS preflight. Both are audited (signIn, signOut).
 */
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UserService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Req() req: CookieRequest,
    @Res({ passthrough: true }) res: CookieResponse,
  ) {
    requireJson(contentType);
    const { username, password } = (body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof username !== 'string' || username.trim() === '' || typeof password !== 'string' || password === '') {
      throw new HttpException({ statusCode: 400, error: 'BAD_USER_INPUT', message: '请输入用户名和密码' }, 400);
    }
    // Failed sign-ins count toward the address's authentication-failure budget, shared with API keys.
    const address = clientAddress(req);
    const blocked = await this.limits.blocked('authFailure', address);
    if (!blocked.allowed) {
      throw new HttpException(
        {
          statusCode: 429,
          error: 'RATE_LIMITED',
          message: `登录失败次数过多，请 ${blocked.retryAfterSeconds} 秒后再试`,
        },
        429,
      );
    }
    let user: UserEntity;
    try {
      user = await this.users.verifyCredentials(username, password);
    } catch (error) {
      if (!(error instanceof SignInException)) throw error;
      await this.limits.consume('authFailure', address);
      await this.audit.append({
        principal: null,
        operation: 'signIn',
        args: { username: username.slice(0, 64) },
        result: error.reason,
        errorMessage: error.message,
      });
      const status = error.reason === 'LOCKED' ? 423 : 401;
      throw new HttpException(
        {
          statusCode: status,
          error: error.reason,
          message: error.message,
          lockedUntil: error.lockedUntil?.toISOString() ?? null,
        },
        status,
      );
    }
    const { token, session } = await this.sessions.open(user);
    res.setHeader(
      'Set-Cookie',
      serialize(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        maxAge: Math.floor(this.sessions.ttlMs / 1000),
        secure: isHttps(req),
      }),
    );
    const principal = await this.sessions.authenticate(token);
    await this.audit.append({ principal, operation: 'signIn', args: { username: user.username }, result: 'ok' });
    return { user: sessionUser(user), expiresAt: session.expiresAt.toISOString() };
  }

  @Public()
  @Post('logout')
  @HttpCode(200)
  async logout(
    @Headers('content-type') contentType: string | undefined,
    @Req() req: CookieRequest,
    @Res({ passthrough: true }) res: CookieResponse,
  ) {
    requireJson(contentType);
    const token = sessionTokenOf(req.headers);
    const closed = token ? await this.sessions.close(token) : null;
    res.setHeader(
      'Set-Cookie',
      serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/', maxAge: 0, secure: isHttps(req) }),
    );
    if (closed) {
      const principal = {
        keyId: closed.user.id,
        keyName: `user:${closed.user.username}`,
        roles: parseRoles(closed.user.roles),
        bootstrap: false,
        userId: closed.user.id,
      };
      await this.audit.append({
        principal,
        operation: 'signOut',
        args: { username: closed.user.username },
        result: 'ok',
      });
    }
    return { signedOut: closed !== null };
  }
}

function requireJson(contentType: string | undefined): void {
  if (!contentType || !/^application\/json\b/i.test(contentType)) {
    throw new HttpException(
      {
        statusCode: 415,
        error: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'send the body as JSON (content-type: application/json)',
      },
      415,
    );
  }
}

function isHttps(req: CookieRequest): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  return req.secure === true || (typeof forwarded === 'string' && forwarded.split(',')[0].trim() === 'https');
}
