import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { GraphQLModule } from '@nestjs/graphql';
import { DateTimeScalar } from './common/date-time.scalar';
import { formatGraphqlError } from './common/graphql-errors';
import { createRequestContext } from './common/request-context';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DirectoryModule } from './directory/directory.module';
import { HealthModule } from './health/health.module';

@Module({ providers: [DateTimeScalar, { provide: APP_FILTER, useClass: DomainExceptionFilter }] })
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          graphiql: config.env.NODE_ENV === 'development',
          introspection: true,
          formatError: formatGraphqlError,
          context: createRequestContext,
        }),
        DirectoryModule,
        HealthModule,
      ],
    };
  }
}
