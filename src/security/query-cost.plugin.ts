import { Plugin } from '@nestjs/apollo';
import type {
  ApolloServerPlugin,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestListener,
} from '@apollo/server';
import { Inject } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { queryCost, tooComplex } from './query-limits.rules';

/**
 * Refuses an operation whose cost (query-limits.rules.ts: list sizes from `first`/`limit`) exceeds
 * GRAPHQL_MAX_COST, after validation and before any resolver runs. Needs the variables, so it is
 * a plugin rather than a validation rule.
 */
@Plugin()
export class QueryCostPlugin implements ApolloServerPlugin {
  private readonly maxCost: number;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.maxCost = config.env.GRAPHQL_MAX_COST;
  }

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const maxCost = this.maxCost;
    return {
      async didResolveOperation(
        request: GraphQLRequestContextDidResolveOperation<Record<string, unknown>>,
      ): Promise<void> {
        let cost: number;
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
