import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { Env } from '../config/env.schema';
import { QueryLimits, queryLimitRules } from './query-limits.rules';

export function queryLimitsOf(env: Env): QueryLimits {
  return {
    maxTokens: env.GRAPHQL_MAX_TOKENS,
    maxDepth: env.GRAPHQL_MAX_DEPTH,
    maxAliases: env.GRAPHQL_MAX_ALIASES,
    maxRootFields: env.GRAPHQL_MAX_ROOT_FIELDS,
    maxCost: env.GRAPHQL_MAX_COST,
  };
}

/**
 * The Apollo options that bound every request and keep errors bare: a token limit while parsing,
 * depth/alias/root-field rules while validating (the cost budget is QueryCostPlugin), no stack
 * traces and no "Did you mean" hints outside NODE_ENV=development, and no landing page or
 * explorer (GraphiQL would load React from a CDN an intranet cannot reach).
 */
export function hardenedGraphqlOptions(env: Env): Partial<ApolloDriverConfig> {
  const limits = queryLimitsOf(env);
  const development = env.NODE_ENV === 'development';
  return {
    graphiql: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: queryLimitRules(limits),
    includeStacktraceInErrorResponses: development,
    hideSchemaDetailsFromClientErrors: !development,
  };
}
