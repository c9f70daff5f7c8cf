import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { GraphQLModule } from '@nestjs/graphql';
import { DateTimeScalar } from './common/date-time.scalar';
import { formatGraphqlError } from './common/graphql-errors.formatter';
import { createRequestContext } from './common/request-context.helper';
import { AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ContactsModule } from './contacts/contacts.module';
import { RosterIoModule } from './roster-io/roster-io.module';
import { RosterMaintenanceModule } from './roster-maintenance/roster-maintenance.module';
import { RosterModule } from './roster/roster.module';
import { HealthModule } from './health/health.module';
import { AuthModule } from './auth/auth.module';
import { AuditModule } from './audit/audit.module';
import { UsersModule } from './users/users.module';
import { ConsoleModule } from './console/console.module';
import { ActivationModule } from './activation/activation.module';
import { DutyModule } from './duty/duty.module';
import { IncidentsModule } from './incidents/incidents.module';
import { NotificationsModule } from './notifications/notifications.module';
import { IncidentOutboxHandler } from './notifications/incident-outbox.handler';
import { IncidentDeadlinesHandler } from './reporting/incident-deadlines.handler';
import { ReportingModule } from './reporting/reporting.module';
import { GraphqlWsServerService } from './notifications/live/graphql-ws-server.service';
import { hardenedGraphqlOptions } from './security/graphql-hardening.helper';
import { SecurityModule } from './security/security.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueueConsoleModule } from './queue-console/queue-console.module';

// Subscriptions (duty boards, incident pages) over graphql-ws on /graphql: GraphqlWsServerService, whose door
// (WsGateService) wants a valid key at connection_init (4401/4403, sockets per key, keep-alive).
@Module({
  providers: [DateTimeScalar, GraphqlWsServerService, { provide: APP_FILTER, useClass: DomainExceptionFilter }],
})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        MetricsModule,
        DatabaseModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          useFactory: () => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            ...hardenedGraphqlOptions(config.env),
            introspection: true,
            formatError: formatGraphqlError,
            context: createRequestContext,
            // Guards run on @ResolveField too, so @Roles protects a field wherever it is nested (Person.contactMethods).
            fieldResolverEnhancers: ['guards'],
          }),
        }),
        AuthModule,
        SecurityModule,
        UsersModule,
        AuditModule,
        RosterModule,
        ContactsModule,
        RosterMaintenanceModule,
        RosterIoModule,
        DutyModule,
        HealthModule,
        ActivationModule,
        NotificationsModule,
        IncidentsModule.forRoot({
          imports: [NotificationsModule, ReportingModule],
          handlers: [IncidentOutboxHandler, IncidentDeadlinesHandler],
        }),
        QueueConsoleModule,
        ConsoleModule,
      ],
    };
  }
}
