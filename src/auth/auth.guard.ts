import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainException } from '../common/domain.exception';
import type { RequestContext } from '../common/request-context.helper';
import { ApiKeyService } from './api-key.service';
import { RequestAuthenticatorService } from './request-authenticator.service';
import { IS_PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { Principal, principalOf } from './principal.types';
import { ApiRole, grantsAny } from './api-role.enum';

type HttpRequest = { headers: Record<string, string | string[] | undefined>; principal?: unknown };

/**
 * The global guard (APP_GUARD). Every GraphQL operation needs a valid API key; each root field
 * needs the roles of its @Roles (reader for queries, admin for mutations when it has none); a
 * field resolver with @Roles is checked wherever it is nested. Non-GraphQL HTTP routes need a key
 * too unless marked @Public(). Refusals throw before any resolver runs, so nothing is written.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    private readonly authenticator: RequestAuthenticatorService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<ApiRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (context.getType<string>() === 'graphql') return this.graphql(context, required);
    return this.http(context, required);
  }

  private async graphql(context: ExecutionContext, required: ApiRole[] | undefined): Promise<boolean> {
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const schema = info.schema;
    const root =
      info.parentType === schema.getQueryType() ||
      info.parentType === schema.getMutationType() ||
      info.parentType === schema.getSubscriptionType();
    if (!root && !required) return true;
    const ctx = gql.getContext<RequestContext>();
    let principal = principalOf(ctx);
    if (!principal) {
      principal = await this.authenticator.authenticate(ctx.req.headers);
      ctx.req.principal = principal;
    }
    const roles = required ?? [info.operation.operation === 'query' ? ApiRole.reader : ApiRole.admin];
    if (!grantsAny(principal.roles, roles)) {
      const what = root ? `${info.operation.operation} ${info.fieldName}` : `${info.parentType.name}.${info.fieldName}`;
      throw new DomainException('FORBIDDEN', forbiddenMessage(principal, what, roles), {
        field: root ? info.fieldName : `${info.parentType.name}.${info.fieldName}`,
        requiredRoles: roles,
      });
    }
    if (root) await this.keys.touch(principal);
    return true;
  }

  private async http(context: ExecutionContext, required: ApiRole[] | undefined): Promise<boolean> {
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()])
    )
      return true;
    const req = context.switchToHttp().getRequest<HttpRequest>();
    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(req.headers);
    } catch (error) {
      if (error instanceof DomainException) throw new UnauthorizedException(error.message);
      throw error;
    }
    req.principal = principal;
    if (required && !grantsAny(principal.roles, required)) {
      throw new ForbiddenException(
        forbiddenMessage(principal, `${context.getClass().name}.${context.getHandler().name}`, required),
      );
    }
    await this.keys.touch(principal);
    return true;
  }
}

function forbiddenMessage(principal: Principal, what: string, roles: readonly ApiRole[]): string {
  const who = principal.userId ? `the user "${principal.username}"` : `the API key "${principal.keyName}"`;
  return `${what}: ${who} (roles: ${principal.roles.join(', ') || 'none'}) is not allowed; it needs the role ${roles.join(' or ')} (admin implies every role)`;
}
