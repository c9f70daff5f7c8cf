import type {
  ApolloServerPlugin,
  GraphQLRequestContextResponseForOperation,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestListener,
  GraphQLResponse,
} from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import type { Principal } from '../auth/principal.types';
import type { RequestContext } from '../common/request-context.helper';
import { cacheableOperation, FinishFlight, READ_CACHE_FOLLOW_MS, ReadCache } from './core/read-cache';
import { RosterViewService } from './roster-view.service';

type Data = Record<string, unknown>;

/**
 * Directory and whoCommands reads served from memory: the answer of an identical operation (same
 * caller roles, document and variables) is given again, without executing it, while the roster
 * revision and this process's mutation generation are unchanged, for at most READ_CACHE_TTL_MS. When
 * an answer has expired, the identical operations that arrive while one computes it again wait for
 * that one (at most READ_CACHE_FOLLOW_MS) instead of each computing it.
 * Authentication, query limits and rate limits still run first (their plugins and middleware);
 * answers with errors are never kept; any mutation in this process forgets every answer.
 */
@Plugin()
export class ReadCachePlugin implements ApolloServerPlugin<RequestContext> {
  readonly cache = new ReadCache<Data>();

  constructor(private readonly views: RosterViewService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    let finish: FinishFlight<Data> | null = null;
    return {
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation === 'mutation') this.cache.invalidate();
      },
      responseForOperation: async (
        request: GraphQLRequestContextResponseForOperation<RequestContext>,
      ): Promise<GraphQLResponse | null> => {
        const principal = request.contextValue?.req?.principal as Principal | undefined;
        // No operation resolved (several in the document and no operationName, or an unknown one): graphql-js answers it.
        if (!principal || !request.operation || !cacheableOperation(request.document, request.operation)) return null;
        const { revision } = await this.views.current();
        const candidate = [
          [...principal.roles].sort().join(','),
          request.operationName ?? '',
          request.queryHash,
          JSON.stringify(request.request.variables ?? {}),
        ].join('\n');
        const answer = (data: Data): GraphQLResponse => ({
          http: request.response.http,
          body: { kind: 'single', singleResult: { data } },
        });
        const hit = this.cache.get(candidate, revision, Date.now());
        if (hit) return answer(hit);
        const running = this.cache.follow(candidate, revision, Date.now());
        if (running) {
          const data = await withLimit(running, READ_CACHE_FOLLOW_MS);
          if (data) return answer(data);
        }
        finish = this.cache.lead(candidate, { revision, generation: this.cache.generation }, Date.now());
        return null;
      },
      willSendResponse: async ({ operation, response }: GraphQLRequestContextWillSendResponse<RequestContext>) => {
        if (operation?.operation === 'mutation') {
          this.cache.invalidate();
          return;
        }
        if (!finish) return;
        const result = response.body.kind === 'single' ? response.body.singleResult : null;
        finish(result?.data && !result.errors?.length ? result.data : undefined, Date.now());
        finish = null;
      },
    };
  }
}

/** `promise`'s value, or undefined when it has not settled within `ms`. */
function withLimit<T>(promise: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
