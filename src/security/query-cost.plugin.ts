import { Plugin } from '@nestjs/apollo';
import type {
  ApolloServerPlugin,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestListener,
} from '@apollo/server';
import { Inject } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { queryCost, tooComplex } from './query-limits.rules';

const COST_CACHE_ENTRIES = 2000;
/** Operations with larger variables (uploads, imports) are costed every time rather than kept. */
const COST_CACHE_KEY_CHARS = 4096;

/**
 * Refuses an operation whose cost (query-limits.rules.ts: list sizes from `first`/`limit`) exceeds
 * GRAPHQL_MAX_COST, after validation and before any resolver runs. Needs the variables, so it is
 * a plugin rather than a validation rule.
 */
@Plugin()
export class QueryCostPlugin implements ApolloServerPlugin {
  private readonly maxCost: number;
  /** Costs already computed: a pure function of the document, the operation and the variables. */
  private readonly costs = new Map<string, number>();

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.maxCost = config.env.GRAPHQL_MAX_COST;
  }

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const maxCost = this.maxCost;
    const costs = this.costs;
    return {
      async didResolveOperation(
        request: GraphQLRequestContextDidResolveOperation<Record<string, unknown>>,
      ): Promise<void> {
        const key = `${request.queryHash}\n${request.operationName ?? ''}\n${JSON.stringify(request.request.variables ?? {})}`;
        let cost = costs.get(key);
        if (cost === undefined) {
          try {
            cost = queryCost(
              request.schema,
              request.document,
              request.operationName ?? undefined,
              request.request.variables ?? {},
            );
          } catch {
            return; // bad variables: graphql-js reports them when it executes
          }
          if (key.length <= COST_CACHE_KEY_CHARS) {
            if (costs.size >= COST_CACHE_ENTRIES) costs.delete(costs.keys().next().value as string);
            costs.set(key, cost);
          }
        }
        if (cost > maxCost) {
          throw tooComplex(
            `query cost ${cost} exceeds the budget of ${maxCost}: ask for fewer items (first/limit) or fewer nested lists`,
            { limit: maxCost, found: cost },
          );
        }
      },
    };
  }
}
