import { Plugin } from '@nestjs/apollo';
import type {
  ApolloServerPlugin,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestListener,
} from '@apollo/server';
import { Inject } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { costVariables, queryCost, tooComplex } from './query-limits.rules';

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
  /** Costs already computed: a pure function of the document, the operation and the variables it counts by. */
  private readonly costs = new Map<string, number>();
  /** The variables each document's cost depends on (costVariables), by query hash. */
  private readonly counted = new Map<string, string[]>();

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.maxCost = config.env.GRAPHQL_MAX_COST;
  }

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const maxCost = this.maxCost;
    const costs = this.costs;
    const counted = this.counted;
    const price = (request: GraphQLRequestContextDidResolveOperation<Record<string, unknown>>) => this.price(request);
    return {
      async didResolveOperation(
        request: GraphQLRequestContextDidResolveOperation<Record<string, unknown>>,
      ): Promise<void> {
        let names = counted.get(request.queryHash);
        if (!names) {
          names = costVariables(request.document);
          bounded(counted, request.queryHash, names);
        }
        // Only the variables it counts by: each report's own text and key do not change what it costs.
        const variables = request.request.variables ?? {};
        const values = names.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : []));
        const key = `${request.queryHash}\n${request.operationName ?? ''}\n${JSON.stringify(values)}`;
        let cost = costs.get(key);
        if (cost === undefined) {
          try {
            cost = price(request);
          } catch {
            return; // bad variables: graphql-js reports them when it executes
          }
          if (key.length <= COST_CACHE_KEY_CHARS) bounded(costs, key, cost);
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

  /** The operation's cost with its variables (throws on bad variables). */
  private price(request: GraphQLRequestContextDidResolveOperation<Record<string, unknown>>): number {
    return queryCost(
      request.schema,
      request.document,
      request.operationName ?? undefined,
      request.request.variables ?? {},
    );
  }
}

/** Sets `key` in a map of at most COST_CACHE_ENTRIES, the oldest entry making room. */
function bounded<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.size >= COST_CACHE_ENTRIES) map.delete(map.keys().next().value as string);
  map.set(key, value);
}
