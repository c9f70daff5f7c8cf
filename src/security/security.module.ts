import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { TextPolicyPipe } from './text-policy.pipe';
import { GraphqlGateMiddleware } from './graphql-gate.middleware';
import { QueryCostPlugin } from './query-cost.plugin';
import { RateLimitService } from './rate-limit.service';
import { WsGateService } from './ws-gate.service';

/** Request bounds, rate limits and outbound policy shared by every module. */
@Global()
@Module({
  providers: [QueryCostPlugin, RateLimitService, WsGateService, { provide: APP_PIPE, useClass: TextPolicyPipe }],
  exports: [RateLimitService, WsGateService],
})
export class SecurityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(GraphqlGateMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
  }
}
