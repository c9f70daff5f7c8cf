import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { principalOf } from '../auth/principal.types';
import { DomainException } from '../common/domain.exception';
import type { RequestContext } from '../common/request-context.helper';
import { AuditEntry, AuditService } from './audit.service';
import { isDatabaseBusy } from '../database/sqlite-write-lock.helper';
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
        const entry = { principal, operation, args, result: outcome() };
        await this.audit.append(entry).catch((failure: unknown) => this.later(entry, failure));
        return value;
      }),
      catchError((error: unknown) => {
        const entry = { principal, operation, args, result: errorCode(error), errorMessage: errorMessage(error) };
        // The database refused the change itself: it would refuse the record too, so do not make the caller wait.
        if (entry.result === 'UNAVAILABLE') {
          this.audit.appendLater(entry, 'the database is unavailable');
          return throwError(() => error);
        }
        return from(this.audit.append(entry).catch((failure: unknown) => this.later(entry, failure))).pipe(
          mergeMap(() => throwError(() => error)),
        );
      }),
    );
  }

  private later(entry: AuditEntry, failure: unknown): void {
    const why = failure instanceof DomainException ? failure.code : 'the database refused it';
    this.logger.warn(`could not append the audit record of ${entry.operation} now: ${(failure as Error).message}`);
    this.audit.appendLater(entry, why);
  }
}

function errorCode(error: unknown): string {
  if (error instanceof DomainException) return error.code;
  if (isDatabaseBusy(error)) return 'UNAVAILABLE';
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
