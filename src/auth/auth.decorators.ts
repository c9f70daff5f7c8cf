import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Principal, principalOf } from './principal.types';
import { ApiRole } from './api-role.enum';

export const IS_PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/**
 * Marks a non-GraphQL HTTP route (or controller) as reachable without an API key, like GET /health.
 * GraphQL operations always need a key.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * The roles allowed to call a resolver (any one of them; admin implies all, every role implies
 * reader). On a @ResolveField it guards that field wherever it is nested. Root queries without
 * @Roles need reader, root mutations without @Roles need admin.
 */
export const Roles = (...roles: Array<ApiRole | `${ApiRole}`>): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles as ApiRole[]);

/** The authenticated principal of the request (null only on @Public routes). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | null => {
  if (context.getType<string>() === 'graphql') return principalOf(GqlExecutionContext.create(context).getContext());
  return principalOf(context.switchToHttp().getRequest());
});
