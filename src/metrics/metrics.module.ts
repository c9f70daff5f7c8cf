import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { NotificationDeliveryModule } from '../notifications/delivery/delivery.module';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin';
import { MetricsController } from './metrics.controller';
import { MetricsMiddleware } from './metrics.middleware';
import { MetricsService } from './metrics.service';

/** Prometheus metrics; observes the other modules, none of which imports it. */
@Module({
  imports: [NotificationDeliveryModule],
  controllers: [MetricsController],
  providers: [MetricsService, GraphqlMetricsPlugin],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(MetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
