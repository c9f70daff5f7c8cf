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
import { cacheableOperation, ReadCache, ReadCacheStamp } from './core/read-cache';
import { RosterViewService } from './roster-view.service';

type Data = Record<string, unknown>;

/**
 * Directory and whoCommands reads served from memory: the answer of an identical operation (same
 * caller roles, document and variables) is given again, without executing it, while the roster
 * revision and this process's mutation generation are unchanged, for at most READ_CACHE_TTL_MS.
 * Authentication, query limits and rate limits still run first (their plugins and middleware);
 * answers with errors are never kept; any mutation in this process forgets every answer.
 */
@Plugin()
export class ReadCachePlugin implements ApolloServerPlugin<RequestContext> {
  readonly cache = new ReadCache<Data>();

  constructor(private readonly views: RosterViewService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    let key: string | null = null;
    let stamp: ReadCacheStamp | null = null;
    return {
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation === 'mutation') this.cache.invalidate();
      },
      responseForOperation: async (
        request: GraphQLRequestContextResponseForOperation<RequestContext>,
      ): Promise<GraphQLResponse | null> => {
        const principal = request.contextValue?.req?.principal as Principal | undefined;
        if (!principal || !cacheableOperation(request.document, request.operation)) return null;
        const { revision } = await this.views.current();
        const candidate = [
          [...principal.roles].sort().join(','),
          request.operationName ?? '',
          request.queryHash,
          JSON.stringify(request.request.variables ?? {}),
        ].join('\n');
        const hit = this.cache.get(candidate, revision, Date.now());
        if (hit) return { http: request.response.http, body: { kind: 'single', singleResult: { data: hit } } };
        key = candidate;
        stamp = { revision, generation: this.cache.generation };
        return null;
      },
      willSendResponse: async ({ operation, response }: GraphQLRequestContextWillSendResponse<RequestContext>) => {
        if (operation?.operation === 'mutation') {
          this.cache.invalidate();
          return;
        }
        if (!key || !stamp || response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (!data || errors?.length) return;
        this.cache.set(key, stamp, data, Date.now());
      },
    };
  }
}
