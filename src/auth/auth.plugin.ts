import { Plugin } from '@nestjs/apollo';
import type {
  ApolloServerPlugin,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestListener,
} from '@apollo/server';
import { GraphQLError } from 'graphql';
import { DomainException } from '../common/domain.exception';
import type { RequestContext } from '../common/request-context.helper';
import { RequestAuthenticatorService } from './request-authenticator.service';

/**
 * Authenticates every GraphQL operation once, before it executes, and refuses it as a whole
 * (HTTP 401) when the key is missing, wrong, expired or revoked. This also covers operations that
 * reach no resolver (introspection, __typename). Role checks stay with AuthGuard.
 */
@Plugin()
export class AuthPlugin implements ApolloServerPlugin<RequestContext> {
  constructor(private readonly authenticator: RequestAuthenticatorService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    const authenticator = this.authenticator;
    return {
      async didResolveOperation(request: GraphQLRequestContextDidResolveOperation<RequestContext>): Promise<void> {
        const req = request.contextValue?.req;
        if (!req || req.principal) return;
        try {
          req.principal = await authenticator.authenticate(req.headers ?? {});
        } catch (error) {
          if (error instanceof DomainException) {
            throw new GraphQLError(error.message, {
              originalError: error,
              extensions: { code: error.code, http: { status: 401 } },
            });
          }
          throw error;
        }
      },
    };
  }
}
