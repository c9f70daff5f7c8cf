import { Inject, Injectable, Optional } from '@nestjs/common';
import { parse as parseCookies } from 'cookie';
import { ApiKeyService } from './api-key.service';
import type { Principal } from './principal.types';
import { SESSION_AUTHENTICATOR, SESSION_COOKIE, SessionAuthenticator } from './session-authenticator.types';

export type RequestHeaders = Record<string, string | string[] | undefined>;

/** The session token in a Cookie header, if any. */
export function sessionTokenOf(headers: RequestHeaders): string | null {
  const raw = headers.cookie;
  const header = Array.isArray(raw) ? raw.join('; ') : raw;
  if (!header) return null;
  const token = parseCookies(header)[SESSION_COOKIE];
  return token ? token : null;
}

/**
 * Who is calling: an API key (`Authorization: Bearer <key>`, other systems) or a console session
 * (the HttpOnly session cookie). A request that sends an Authorization header is judged by it alone.
 */
@Injectable()
export class RequestAuthenticatorService {
  constructor(
    private readonly keys: ApiKeyService,
    @Optional() @Inject(SESSION_AUTHENTICATOR) private readonly sessions?: SessionAuthenticator,
  ) {}

  async authenticate(headers: RequestHeaders): Promise<Principal> {
    const authorization = headers.authorization;
    const hasAuthorization = Array.isArray(authorization) ? authorization.length > 0 : authorization !== undefined;
    if (!hasAuthorization && this.sessions) {
      const token = sessionTokenOf(headers);
      if (token) return this.sessions.authenticate(token);
    }
    return this.keys.authenticate(authorization);
  }
}
