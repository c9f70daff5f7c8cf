import type { IncomingMessage } from 'node:http';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { formatGraphqlError } from '../../common/graphql-errors.formatter';
import { createRequestContext, RequestContext } from '../../common/request-context.helper';
import { sameOrigin, type WsGateService, type WsHookContext } from '../../security/ws-gate.service';

/**
 * The GraphQL context of a subscription over graphql-ws: like an HTTP request's, with the API key
 * taken from connectionParams.Authorization (browsers cannot set headers on a WebSocket), or the
 * upgrade request's Authorization header.
 */
export function subscriptionContext(ctx: {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra?: unknown;
}): RequestContext {
  const params = ctx.connectionParams ?? {};
  const request = (ctx.extra as { request?: IncomingMessage } | undefined)?.request;
  const fromParams = params.Authorization ?? params.authorization;
  const authorization = typeof fromParams === 'string' ? fromParams : request?.headers.authorization;
  // A console session rides on the upgrade request's cookie, accepted only from the service's own
  // origin (SameSite=Strict already keeps other sites' pages from sending it; this guards older browsers).
  const cookie = request && sameOrigin(request) ? request.headers.cookie : undefined;
  return createRequestContext({ req: { headers: { authorization, cookie } } });
}

/**
 * graphql-ws sends errors as graphql-js made them, past Apollo's formatError: map them the same
 * way as HTTP errors (code, messageZh, no internals). Errors before execution (the operation does
 * not parse or validate) carry no code of their own.
 */
export function formatWsErrors(errors: readonly GraphQLError[], fallbackCode: string): GraphQLFormattedError[] {
  return errors.map((error) => {
    const formatted = error.toJSON();
    const code = formatted.extensions?.code ?? (error.originalError ? undefined : fallbackCode);
    return formatGraphqlError(
      code ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted,
      error,
    );
  });
}

/**
 * The graphql-ws options (GraphqlWsServerService). The key is checked at connection_init (WsGateService), not
 * only per operation: no socket stays open unauthenticated. graphql-ws's own init timeout is off (it
 * would close with 4408): WsGateService closes a socket not admitted within WS_AUTH_TIMEOUT_MS with 4401.
 */
export function graphqlWsOptions(gate: WsGateService): Omit<ServerOptions, 'schema'> {
  return {
    context: subscriptionContext,
    connectionInitWaitTimeout: 0,
    onConnect: (ctx) => gate.connect(ctx as unknown as WsHookContext),
    onClose: (ctx) => gate.closed(ctx as unknown as WsHookContext),
    onError: (_ctx, _id, _payload, errors) => formatWsErrors(errors, 'GRAPHQL_VALIDATION_FAILED'),
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors?.length ? { ...result, errors: formatWsErrors(result.errors, 'INTERNAL_SERVER_ERROR') } : undefined,
  };
}
