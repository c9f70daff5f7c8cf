import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { principalOf } from '../auth/principal.types';
import { DomainException } from '../common/domain.exception';
import type { RequestContext } from '../common/request-context.helper';
import { AuditService } from './audit.service';
import { AUDITED_KEY } from './audited.decorator';
import { isSensitiveKey } from './core/mask';

/**
 * The global interceptor (APP_INTERCEPTOR) that appends one audit record per GraphQL mutation
 * field that ran: who (key id, name, roles), what (operation and masked arguments), how it ended
 * (ok or the error code) and when. Requests refused by the guard never reach it.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditInterceptor.name);

  constructor(
    private readonly audit: AuditService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') {
      const operation = this.reflector.get<string | undefined>(AUDITED_KEY, context.getHandler());
      if (!operation) return next.handle();
      const http = context.switchToHttp();
      const req = http.getRequest<{ params?: unknown; query?: unknown; principal?: unknown }>();
      const res = http.getResponse<{ statusCode?: number }>();
      // A route that answers an error page (404 for an unknown link) is recorded by its status.
      const outcome = () => ((res.statusCode ?? 200) >= 400 ? `HTTP_${res.statusCode}` : 'ok');
      return this.record(
        next,
        operation,
        principalOf(req),
        { params: req.params ?? {}, query: req.query ?? {} },
        outcome,
      );
    }
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (!info || info.parentType !== info.schema.getMutationType()) return next.handle();
    return this.record(
      next,
      info.fieldName,
      principalOf(gql.getContext<RequestContext>()),
      gql.getArgs<Record<string, unknown>>(),
    );
  }

  private record(
    next: CallHandler,
    operation: string,
    principal: ReturnType<typeof principalOf>,
    args: unknown,
    outcome: () => string = () => 'ok',
  ): Observable<unknown> {
    return next.handle().pipe(
      mergeMap(async (value: unknown) => {
        try {
          await this.audit.append({ principal, operation, args, result: outcome() });
        } catch (error) {
          this.logger.error(
            `could not append the audit record of ${operation} (the change itself is done): ${(error as Error).message}`,
          );
        }
        return value;
      }),
      catchError((error: unknown) =>
        from(
          this.audit
            .append({ principal, operation, args, result: errorCode(error), errorMessage: errorMessage(error) })
            .catch((failure: unknown) =>
              this.logger.error(`could not append the audit record of ${operation}: ${(failure as Error).message}`),
            ),
        ).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }
}

function errorCode(error: unknown): string {
  if (error instanceof DomainException) return error.code;
  const status = (error as { status?: number })?.status;
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  return 'INTERNAL_SERVER_ERROR';
}

/** The error message, unless it would repeat a masked value. */
function errorMessage(error: unknown): string {
  if (error instanceof DomainException) {
    const field = typeof error.details.field === 'string' ? error.details.field : '';
    if (field && isSensitiveKey(field.split('.').pop() ?? field)) return `${field}: rejected (value masked)`;
    return error.message;
  }
  return 'Internal server error';
}
