import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { OperationNames } from './core/route-label';
import { MetricsService } from './metrics.service';

/** Times each GraphQL operation by type and (capped) name, labelled ok or error. */
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin {
  private readonly names = new OperationNames();

  constructor(private readonly metrics: MetricsService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const started = process.hrtime.bigint();
    return {
      willSendResponse: async ({ operation, operationName, errors }) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.metrics.graphqlDuration.observe(
          {
            type: operation?.operation ?? 'unknown',
            operation: this.names.label(operationName),
            outcome: errors?.length ? 'error' : 'ok',
          },
          seconds,
        );
      },
    };
  }
}
