import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { ActivationModule } from '../activation/activation.module';
import { IncidentChangeHandler, INCIDENT_CHANGE_HANDLERS } from './events/incident-change.event';
import { IncidentsResolver } from './incidents.resolver';
import { AppConfig } from '../config/app.config';
import { CountyIndex } from './core/incident-validation';
import { IncidentChangesService } from './incident-changes.service';
import { IncidentIntakeService } from './incident-intake.service';
import { IncidentLifecycleService } from './incident-lifecycle.service';
import { IncidentQueriesService } from './incident-queries.service';
import { IntakeAssistResolver } from './intake-assist.resolver';
import { IntakeAssistService } from './intake-assist.service';

export interface IncidentsModuleOptions {
  /** The modules that export the handlers. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** Told of every incident change, in this order (notifications: the outbox, then the relay). */
  handlers: Array<Type<IncidentChangeHandler>>;
}

/**
 * Incident intake and lifecycle, and the intake assistants (assessSeverity, suggestIncidentTypes).
 * It publishes each change to the handlers it is given and imports none of their modules.
 */
@Module({})
export class IncidentsModule {
  static forRoot(options: IncidentsModuleOptions): DynamicModule {
    return {
      module: IncidentsModule,
      imports: [ActivationModule, ...options.imports],
      providers: [
        {
          provide: CountyIndex,
          useFactory: (config: AppConfig) => new CountyIndex(config.jurisdiction),
          inject: [AppConfig],
        },
        IncidentChangesService,
        IncidentIntakeService,
        IncidentLifecycleService,
        IncidentQueriesService,
        IncidentsResolver,
        IntakeAssistService,
        IntakeAssistResolver,
        {
          provide: INCIDENT_CHANGE_HANDLERS,
          useFactory: (...handlers: IncidentChangeHandler[]) => handlers,
          inject: options.handlers,
        },
      ],
      exports: [IncidentQueriesService],
    };
  }
}
